import { resolveRange } from './byte-range.js';

describe('resolveRange', () => {
  const etag = '"abc"';
  it('serves everything without a Range header', () => {
    expect(resolveRange(undefined, undefined, 100, etag)).toEqual({ kind: 'full' });
  });

  it('resolves closed, open-ended and suffix ranges, clamping the end to the length', () => {
    expect(resolveRange('bytes=0-9', undefined, 100, etag)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(resolveRange('bytes=90-', undefined, 100, etag)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(resolveRange('bytes=90-500', undefined, 100, etag)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(resolveRange('bytes=-10', undefined, 100, etag)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(resolveRange('bytes=-500', undefined, 100, etag)).toEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('refuses a range that starts past the end, or an empty suffix', () => {
    expect(resolveRange('bytes=100-', undefined, 100, etag)).toEqual({ kind: 'unsatisfiable' });
    expect(resolveRange('bytes=-0', undefined, 100, etag)).toEqual({ kind: 'unsatisfiable' });
  });

  it('serves everything for several ranges, other units, malformed or backwards ranges', () => {
    for (const header of ['bytes=0-1,5-6', 'items=0-1', 'bytes=abc', 'bytes=-', 'bytes=9-2', 'bytes 0-1']) {
      expect(resolveRange(header, undefined, 100, etag)).toEqual({ kind: 'full' });
    }
  });

  it('honours If-Range only when it names the current validator', () => {
    expect(resolveRange('bytes=50-', etag, 100, etag)).toEqual({ kind: 'partial', start: 50, end: 99 });
    expect(resolveRange('bytes=50-', '"older"', 100, etag)).toEqual({ kind: 'full' });
  });
});
