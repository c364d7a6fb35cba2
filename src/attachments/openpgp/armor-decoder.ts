import { BodyTooLargeError } from './byte-source.js';
import { OpenPgpFormatError } from './openpgp-format.error.js';

const MAX_LINE = 64 * 1024;
const MAX_PREAMBLE = 64 * 1024;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

const CRC24_INIT = 0xb704ce;
const CRC24_TABLE = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
    table[i] = crc & 0xffffff;
  }
  return table;
})();

function crc24(crc: number, data: Buffer): number {
  for (let i = 0; i < data.length; i++) crc = ((crc << 8) ^ CRC24_TABLE[((crc >> 16) ^ data[i]) & 0xff]) & 0xffffff;
  return crc;
}

type State = 'preamble' | 'headers' | 'body' | 'after-checksum' | 'done';

/**
 * Decodes an ASCII-armoured OpenPGP message (RFC 9580 §6) as a stream: lines in, binary slices out,
 * one line of memory. Only `BEGIN PGP MESSAGE` is accepted; a missing END line means truncation.
 * The optional CRC-24 checksum is verified when present.
 */
export async function* dearmor(source: AsyncIterable<Buffer | string>, maxArmoredBytes = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
  let state: State = 'preamble';
  let pending: Buffer = Buffer.alloc(0);
  let base64Carry = '';
  let crc = CRC24_INIT;
  let checksum: number | null = null;
  let received = 0;
  let preamble = 0;

  const decode = (text: string): Buffer | null => {
    const all = base64Carry + text;
    const usable = all.length - (all.length % 4);
    base64Carry = all.slice(usable);
    if (usable === 0) return null;
    const bytes = Buffer.from(all.slice(0, usable), 'base64');
    crc = crc24(crc, bytes);
    return bytes;
  };

  const onLine = (rawLine: string): Buffer | null => {
    const line = rawLine.replace(/[ \t\r]+$/, '');
    switch (state) {
      case 'preamble':
        if (line.startsWith('-----BEGIN PGP ')) {
          if (line !== '-----BEGIN PGP MESSAGE-----') {
            throw new OpenPgpFormatError(/SIGNATURE|SIGNED/.test(line) ? 'not_encrypted' : 'unsupported_packet', 'armour type');
          }
          state = 'headers';
          return null;
        }
        preamble += rawLine.length + 1;
        if (preamble > MAX_PREAMBLE) throw new OpenPgpFormatError('malformed_armor', 'no BEGIN PGP MESSAGE line');
        return null;
      case 'headers':
        if (line === '') { state = 'body'; return null; }
        if (/^[\x21-\x39\x3b-\x7e]+: /.test(line)) return null;
        // Some writers omit the blank line after (absent) headers: this line is data already.
        state = 'body';
        return onLine(line);
      case 'body':
        if (line.startsWith('-----END PGP MESSAGE-----')) { state = 'done'; return null; }
        if (line.startsWith('=') && line.length === 5) {
          const sum = Buffer.from(line.slice(1), 'base64');
          if (sum.length !== 3) throw new OpenPgpFormatError('malformed_armor', 'checksum');
          checksum = sum.readUIntBE(0, 3);
          state = 'after-checksum';
          return null;
        }
        if (line === '') return null;
        if (!BASE64_LINE.test(line)) throw new OpenPgpFormatError('malformed_armor', 'not base64');
        return decode(line);
      case 'after-checksum':
        if (line.startsWith('-----END PGP MESSAGE-----')) { state = 'done'; return null; }
        throw new OpenPgpFormatError('malformed_armor', 'data after the checksum');
      case 'done':
        if (line.trim() !== '') throw new OpenPgpFormatError('trailing_data', 'text after the END line');
        return null;
    }
  };

  // Pulled by hand: a for-await loop would destroy the request stream when we stop early, and with it
  // the socket our error answer has to travel on.
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const incoming = next.value;
    const chunk = typeof incoming === 'string' ? Buffer.from(incoming, 'latin1') : incoming;
    received += chunk.length;
    if (received > maxArmoredBytes) throw new BodyTooLargeError(maxArmoredBytes);
    let data: Buffer = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const newline = data.indexOf(0x0a, start);
      if (newline < 0) break;
      const out = onLine(data.toString('latin1', start, newline));
      if (out) yield out;
      start = newline + 1;
    }
    pending = data.subarray(start);
    if (pending.length > MAX_LINE) throw new OpenPgpFormatError('malformed_armor', 'line too long');
    data = pending;
  }
  if (pending.length) {
    const out = onLine(pending.toString('latin1'));
    if (out) yield out;
  }
  const finalState = state as State;
  if (finalState !== 'done') throw new OpenPgpFormatError(finalState === 'preamble' ? 'malformed_armor' : 'truncated_message', 'no END line');
  if (base64Carry) {
    const tail = Buffer.from(base64Carry, 'base64');
    crc = crc24(crc, tail);
    if (tail.length) yield tail;
  }
  if (checksum !== null && checksum !== crc) throw new OpenPgpFormatError('malformed_armor', 'checksum mismatch');
}
