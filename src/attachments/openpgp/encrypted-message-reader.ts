import { ByteSource } from './byte-source.js';
import { OpenPgpFormatError } from './openpgp-format.error.js';

/** Packet tags (RFC 9580 §5). */
export const Tag = {
  PKESK: 1, Signature: 2, SKESK: 3, OnePassSignature: 4, SecretKey: 5, PublicKey: 6, SecretSubkey: 7,
  Compressed: 8, SED: 9, Marker: 10, Literal: 11, Trust: 12, UserID: 13, PublicSubkey: 14,
  UserAttribute: 17, SEIPD: 18, MDC: 19, AEAD: 20, Padding: 21,
} as const;

/** Tags that may use partial body lengths (RFC 9580 §4.2.1.4). */
const PARTIAL_ALLOWED = new Set<number>([Tag.Compressed, Tag.SED, Tag.Literal, Tag.SEIPD, Tag.AEAD]);
/** A PKESK is a few hundred octets at most (an RSA-8192 session key is ~1 KiB). */
const MAX_PKESK_BYTES = 4096;
const MAX_PKESK_COUNT = 256;

export const PublicKeyAlgorithm = { RSA: 1, RSAEncrypt: 2, Elgamal: 16, ECDH: 18, X25519: 25, X448: 26 } as const;

/** One public-key encrypted session key packet, as received (header included). */
export interface PkeskPacket {
  /** The whole packet, header and body, exactly as received: stored and served back as is. */
  raw: Buffer;
  version: 3 | 6;
  /** 16 lowercase hex digits (v3), or null for a v6 packet (which names the fingerprint). */
  keyId: string | null;
  /** Lowercase hex fingerprint (v6 packets only). */
  fingerprint: string | null;
  algorithm: number;
}

export interface PacketHeader {
  tag: number;
  /** The header octets as received (tag octet and length). */
  raw: Buffer;
  /** Body length, or for a partial length the first part's length. null: indeterminate (old format, to end of stream). */
  length: number | null;
  partial: boolean;
}

async function readNewFormatLength(source: ByteSource, header: number[]): Promise<{ length: number; partial: boolean }> {
  const o1 = await source.readByte();
  header.push(o1);
  if (o1 < 192) return { length: o1, partial: false };
  if (o1 < 224) {
    const o2 = await source.readByte();
    header.push(o2);
    return { length: ((o1 - 192) << 8) + o2 + 192, partial: false };
  }
  if (o1 === 255) {
    const four = await source.readExact(4);
    header.push(...four);
    return { length: four.readUInt32BE(0), partial: false };
  }
  return { length: 1 << (o1 & 0x1f), partial: true };
}

/** Reads one packet header; null at a clean end of stream. */
export async function readPacketHeader(source: ByteSource): Promise<PacketHeader | null> {
  if (await source.atEnd()) return null;
  const first = await source.readByte();
  if ((first & 0x80) === 0) throw new OpenPgpFormatError('malformed_message', 'not an OpenPGP packet');
  const header = [first];
  if (first & 0x40) {
    const tag = first & 0x3f;
    const { length, partial } = await readNewFormatLength(source, header);
    if (partial && !PARTIAL_ALLOWED.has(tag)) throw new OpenPgpFormatError('malformed_message', `partial length on packet ${tag}`);
    // RFC 9580 §4.2.1.4: the first partial length is at least 512 octets.
    if (partial && length < 512) throw new OpenPgpFormatError('malformed_message', 'first partial length below 512');
    return { tag, raw: Buffer.from(header), length, partial };
  }
  const tag = (first >> 2) & 0x0f;
  const lengthType = first & 0x03;
  if (lengthType === 3) return { tag, raw: Buffer.from(header), length: null, partial: false };
  const octets = await source.readExact(1 << lengthType);
  header.push(...octets);
  const length = lengthType === 0 ? octets[0] : lengthType === 1 ? octets.readUInt16BE(0) : octets.readUInt32BE(0);
  return { tag, raw: Buffer.from(header), length, partial: false };
}

function refuseTag(tag: number): never {
  switch (tag) {
    case Tag.SKESK: throw new OpenPgpFormatError('password_message');
    case Tag.SED: throw new OpenPgpFormatError('unprotected_encryption');
    case Tag.Literal:
    case Tag.Compressed:
    case Tag.Signature:
    case Tag.OnePassSignature:
      throw new OpenPgpFormatError('not_encrypted');
    case Tag.AEAD:
    case Tag.Marker:
    case Tag.Padding:
      throw new OpenPgpFormatError('unsupported_packet', `packet ${tag}`);
    default:
      throw new OpenPgpFormatError('malformed_message', `unexpected packet ${tag}`);
  }
}

/** Checks the algorithm-specific fields of a PKESK body (RFC 9580 §5.1) fill it exactly. */
function checkEncryptedSessionKey(body: Buffer, offset: number, algorithm: number, version: number): void {
  const fail = (detail: string): never => { throw new OpenPgpFormatError('malformed_message', `PKESK ${detail}`); };
  const readMpi = (at: number): number => {
    if (at + 2 > body.length) fail('truncated MPI');
    const bits = body.readUInt16BE(at);
    const bytes = (bits + 7) >> 3;
    if (bits === 0 || bits > 16384) fail('bad MPI');
    if (at + 2 + bytes > body.length) fail('truncated MPI');
    return at + 2 + bytes;
  };
  let at = offset;
  switch (algorithm) {
    case PublicKeyAlgorithm.RSA:
    case PublicKeyAlgorithm.RSAEncrypt:
      at = readMpi(at);
      break;
    case PublicKeyAlgorithm.ECDH: {
      at = readMpi(at);
      if (at >= body.length) fail('truncated');
      const size = body[at];
      if (size === 0) fail('empty wrapped key');
      at += 1 + size;
      break;
    }
    case PublicKeyAlgorithm.X25519:
    case PublicKeyAlgorithm.X448: {
      at += algorithm === PublicKeyAlgorithm.X25519 ? 32 : 56;
      if (at >= body.length) fail('truncated');
      const size = body[at];
      if (size === 0 || (version === 3 && size < 2)) fail('empty wrapped key');
      at += 1 + size;
      break;
    }
    default:
      throw new OpenPgpFormatError('unsupported_algorithm', `public-key algorithm ${algorithm}`);
  }
  if (at !== body.length) fail(at > body.length ? 'truncated' : 'has trailing bytes');
}

/** Parses a PKESK packet body (v3 or v6) and names its recipient. */
export function parsePkesk(header: Buffer, body: Buffer): PkeskPacket {
  const raw = Buffer.concat([header, body]);
  if (body.length < 1) throw new OpenPgpFormatError('malformed_message', 'empty PKESK');
  const version = body[0];
  if (version === 3) {
    if (body.length < 10) throw new OpenPgpFormatError('malformed_message', 'short PKESK');
    const keyId = body.subarray(1, 9).toString('hex');
    const algorithm = body[9];
    checkEncryptedSessionKey(body, 10, algorithm, 3);
    if (/^0+$/.test(keyId)) throw new OpenPgpFormatError('anonymous_recipient');
    return { raw, version: 3, keyId, fingerprint: null, algorithm };
  }
  if (version === 6) {
    if (body.length < 3) throw new OpenPgpFormatError('malformed_message', 'short PKESK');
    const size = body[1];
    if (size === 0) throw new OpenPgpFormatError('anonymous_recipient');
    const keyVersion = body[2];
    const fingerprintLength = keyVersion === 6 ? 32 : keyVersion === 4 ? 20 : -1;
    if (fingerprintLength < 0 || size !== fingerprintLength + 1) throw new OpenPgpFormatError('malformed_message', 'PKESK key version');
    if (body.length < 3 + fingerprintLength + 1) throw new OpenPgpFormatError('malformed_message', 'short PKESK');
    const fingerprint = body.subarray(3, 3 + fingerprintLength).toString('hex');
    const algorithm = body[3 + fingerprintLength];
    checkEncryptedSessionKey(body, 4 + fingerprintLength, algorithm, 6);
    return { raw, version: 6, keyId: null, fingerprint, algorithm };
  }
  throw new OpenPgpFormatError('unsupported_packet', `PKESK version ${version}`);
}

async function readPkeskBody(source: ByteSource, header: PacketHeader): Promise<PkeskPacket> {
  if (header.length === null || header.partial) throw new OpenPgpFormatError('malformed_message', 'PKESK without a definite length');
  if (header.length > MAX_PKESK_BYTES) throw new OpenPgpFormatError('malformed_message', 'PKESK too long');
  return parsePkesk(header.raw, await source.readExact(header.length));
}

export interface EncryptedMessageSummary {
  pkesks: PkeskPacket[];
  /** SEIPD version: 1, or 2 (AEAD). */
  dataVersion: 1 | 2;
  /** Octets of the encrypted data packet, header included, as written to the sink. */
  dataBytes: number;
}

export interface ReadEncryptedMessageOptions {
  /**
   * Called once every PKESK has been read and before any of the encrypted data is passed on:
   * the place to refuse a wrong recipient list without reading the rest of the body.
   */
  beforeData?: (pkesks: PkeskPacket[], dataVersion: 1 | 2) => void | Promise<void>;
  /** Receives the encrypted data packet (header and body, exactly as received), in order. */
  sink: (chunk: Buffer) => void | Promise<void>;
}

const MIN_SEIPD_BODY = { 1: 1 + 16 + 2 + 22, 2: 4 + 32 + 16 } as const;

/**
 * Reads an encrypted OpenPGP message as a stream — PKESK packet(s) followed by exactly one SEIPD
 * (v1 or v2) packet — without decrypting it and in constant memory: the data packet's body is
 * passed to `sink` slice by slice as it arrives. Anything else (literal, compressed or signed
 * data, password-only or unprotected encryption, trailing or truncated bytes) is refused.
 */
export async function readEncryptedMessage(source: ByteSource, options: ReadEncryptedMessageOptions): Promise<EncryptedMessageSummary> {
  const pkesks: PkeskPacket[] = [];
  for (;;) {
    const header = await readPacketHeader(source);
    if (!header) {
      throw new OpenPgpFormatError(pkesks.length ? 'truncated_message' : 'malformed_message', pkesks.length ? 'no encrypted data' : 'empty body');
    }
    if (header.tag === Tag.PKESK) {
      if (pkesks.length >= MAX_PKESK_COUNT) throw new OpenPgpFormatError('malformed_message', 'too many PKESK packets');
      pkesks.push(await readPkeskBody(source, header));
      continue;
    }
    if (header.tag !== Tag.SEIPD) refuseTag(header.tag);
    if (pkesks.length === 0) throw new OpenPgpFormatError('no_recipients');
    return { pkesks, ...(await readDataPacket(source, header, (version) => {
      // RFC 9580: v3 PKESKs go with SEIPD v1, v6 PKESKs with SEIPD v2.
      const expected = version === 1 ? 3 : 6;
      if (pkesks.some((p) => p.version !== expected)) throw new OpenPgpFormatError('version_mismatch');
      return options.beforeData?.(pkesks, version);
    }, options.sink)) };
  }
}

/**
 * Reads one SEIPD packet (its header already read) to the end of the stream, passing it to `sink`
 * exactly as received: version, body, partial-length octets. `beforeData` may refuse it once the
 * version is known, before a byte reaches the sink.
 */
async function readDataPacket(
  source: ByteSource, header: PacketHeader, beforeData: (version: 1 | 2) => void | Promise<void>, sink: (chunk: Buffer) => void | Promise<void>,
): Promise<{ dataVersion: 1 | 2; dataBytes: number }> {
  if (header.length === null) throw new OpenPgpFormatError('malformed_message', 'indeterminate length');
  const version = await source.readByte();
  if (version !== 1 && version !== 2) throw new OpenPgpFormatError('unsupported_packet', `SEIPD version ${version}`);
  await beforeData(version);

  let dataBytes = header.raw.length;
  await sink(header.raw);
  await sink(Buffer.from([version]));
  dataBytes += 1;
  let bodyBytes = 1;
  let partLeft = header.length - 1;
  let partial = header.partial;
  for (;;) {
    for await (const slice of source.take(partLeft)) {
      await sink(slice);
      dataBytes += slice.length;
    }
    bodyBytes += partLeft;
    if (!partial) break;
    const lengthOctets: number[] = [];
    const next = await readNewFormatLength(source, lengthOctets);
    await sink(Buffer.from(lengthOctets));
    dataBytes += lengthOctets.length;
    partLeft = next.length;
    partial = next.partial;
  }
  if (bodyBytes < MIN_SEIPD_BODY[version]) throw new OpenPgpFormatError('truncated_message', 'encrypted data too short');
  if (!(await source.atEnd())) throw new OpenPgpFormatError('trailing_data');
  return { dataVersion: version, dataBytes };
}

/**
 * Reads a body that is exactly one encrypted data packet (SEIPD v1 or v2) and nothing else: an
 * attachment's encrypted metadata, which shares the file's session key and so needs no PKESK of
 * its own. Small (bounded by the caller's limit on the source); returned whole.
 */
export async function readEncryptedDataPacket(source: ByteSource): Promise<{ packet: Buffer; dataVersion: 1 | 2 }> {
  const header = await readPacketHeader(source);
  if (!header) throw new OpenPgpFormatError('malformed_message', 'empty body');
  if (header.tag === Tag.PKESK) throw new OpenPgpFormatError('unsupported_packet', 'send only the encrypted data packet, no PKESK');
  if (header.tag !== Tag.SEIPD) refuseTag(header.tag);
  const parts: Buffer[] = [];
  const { dataVersion } = await readDataPacket(source, header, () => undefined, (chunk) => { parts.push(Buffer.from(chunk)); });
  return { packet: Buffer.concat(parts), dataVersion };
}

/**
 * Reads a body made of PKESK packets only (re-sharing with a later member). The whole body is
 * small (bounded by the caller's limit on the source).
 */
export async function readPkeskPackets(source: ByteSource): Promise<PkeskPacket[]> {
  const pkesks: PkeskPacket[] = [];
  for (;;) {
    const header = await readPacketHeader(source);
    if (!header) break;
    if (header.tag !== Tag.PKESK) {
      if (header.tag === Tag.SEIPD) throw new OpenPgpFormatError('unsupported_packet', 'send only the new PKESK packets, not the encrypted data');
      refuseTag(header.tag);
    }
    if (pkesks.length >= MAX_PKESK_COUNT) throw new OpenPgpFormatError('malformed_message', 'too many PKESK packets');
    pkesks.push(await readPkeskBody(source, header));
  }
  if (pkesks.length === 0) throw new OpenPgpFormatError('no_recipients');
  return pkesks;
}
