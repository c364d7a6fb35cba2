/**
 * One `Range: bytes=…` request header resolved against a representation of `length` bytes whose
 * strong validator is `etag` (RFC 9110 §14). Only a single range is served: several ranges, an
 * unknown unit or a malformed header get the whole representation, as the RFC allows; so does an
 * `If-Range` that no longer matches (the attachment gained recipients since the first part).
 */
export type ResolvedRange =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

export function resolveRange(range: string | undefined, ifRange: string | undefined, length: number, etag: string): ResolvedRange {
  if (!range) return { kind: 'full' };
  if (ifRange !== undefined && ifRange !== etag) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' };
  const [first, last] = [match[1], match[2]];
  if (first === '') {
    // A suffix: the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || length === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(first);
  const end = last === '' ? length - 1 : Math.min(Number(last), length - 1);
  if (last !== '' && Number(last) < start) return { kind: 'full' }; // invalid: ignored, not refused
  if (start >= length) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
