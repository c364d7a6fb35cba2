import { DomainError } from './domain-error.js';
import { parseJsonBody, RequestReadError } from './body-parsers.js';

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
const caught = (fn: () => void): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('parseJsonBody', () => {
  it('parses UTF-8 and other UTF encodings the Content-Type names', () => {
    expect(parseJsonBody(Buffer.from('{"naam":"Sanne é😀"}'), 'application/json')).toEqual({ naam: 'Sanne é😀' });
    expect(parseJsonBody(Buffer.from('[1,2]', 'utf16le'), 'application/json; charset=UTF-16LE')).toEqual([1, 2]);
    expect(parseJsonBody(Buffer.alloc(0), 'application/json')).toEqual({});
  });

  it('refuses over 32 levels before JSON.parse (400 too_deep), also in UTF-16', () => {
    expect(caught(() => parseJsonBody(Buffer.from(nested(33)), 'application/json'))).toMatchObject({ status: 400, code: 'too_deep' });
    expect(caught(() => parseJsonBody(Buffer.from(nested(32)), 'application/json'))).toBeUndefined();
    expect(caught(() => parseJsonBody(Buffer.from(nested(33), 'utf16le'), 'application/json; charset=utf-16le'))).toBeInstanceOf(DomainError);
    // U+5B5B is not a bracket in UTF-16, though both its bytes are.
    expect(caught(() => parseJsonBody(Buffer.from(`{"a":"${'\u5b5b'.repeat(100)}"}`, 'utf16le'), 'application/json; charset=utf-16le'))).toBeUndefined();
  });

  it('refuses malformed JSON and a bare value at the top (400), and a charset that is no UTF (415)', () => {
    for (const raw of ['{"a":', '"tekst"', '42', 'null', '   ', 'tru']) {
      expect(caught(() => parseJsonBody(Buffer.from(raw), 'application/json'))).toEqual(new RequestReadError(400, 'entity.parse.failed'));
    }
    expect(caught(() => parseJsonBody(Buffer.from('{}'), 'application/json; charset=latin1'))).toMatchObject({ status: 415, type: 'charset.unsupported' });
    expect(caught(() => parseJsonBody(Buffer.from('{}'), 'application/json; charset=utf-99'))).toMatchObject({ status: 415, type: 'charset.unsupported' });
  });
});
