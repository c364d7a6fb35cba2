import { DomainError } from './domain-error.js';
import { parseJsonBody, RequestReadError } from './body-parsers.js';

const JSON_TYPE = 'application/json';
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** What parsing `raw` as `type` throws, or undefined when it parses. */
function refusal(raw: Buffer, type = JSON_TYPE): unknown {
  try {
    parseJsonBody(raw, type);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('parseJsonBody', () => {
  it('parses UTF-8 and other UTF encodings the Content-Type names', () => {
    expect(parseJsonBody(Buffer.from('{"naam":"Sanne é😀"}'), 'application/json')).toEqual({ naam: 'Sanne é😀' });
    expect(parseJsonBody(Buffer.from('[1,2]', 'utf16le'), 'application/json; charset=UTF-16LE')).toEqual([1, 2]);
    expect(parseJsonBody(Buffer.alloc(0), 'application/json')).toEqual({});
  });

  it('refuses over 32 levels before JSON.parse (400 too_deep), also in UTF-16', () => {
    expect(refusal(Buffer.from(arrays(33)))).toMatchObject({ status: 400, code: 'too_deep' });
    expect(refusal(Buffer.from(arrays(32)))).toBeUndefined();
    expect(refusal(Buffer.from(arrays(33), 'utf16le'), 'application/json; charset=utf-16le')).toBeInstanceOf(DomainError);
    // U+5B5B is not a bracket in UTF-16, though both its bytes are.
    expect(refusal(Buffer.from(`{"a":"${'\u5b5b'.repeat(100)}"}`, 'utf16le'), 'application/json; charset=utf-16le')).toBeUndefined();
  });

  it('refuses malformed JSON and a bare value at the top (400), and a charset that is no UTF (415)', () => {
    for (const raw of ['{"a":', '"tekst"', '42', 'null', '   ', 'tru']) {
      expect(refusal(Buffer.from(raw))).toEqual(new RequestReadError(400, 'malformed_json'));
    }
    expect(refusal(Buffer.from('{}'), 'application/json; charset=latin1')).toMatchObject({ status: 415, code: 'unsupported_encoding' });
    expect(refusal(Buffer.from('{}'), 'application/json; charset=utf-99')).toMatchObject({ status: 415, code: 'unsupported_encoding' });
  });
});
