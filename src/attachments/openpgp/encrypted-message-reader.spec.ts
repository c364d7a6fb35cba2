import * as openpgp from 'openpgp';
import { dearmor } from './armor-decoder.js';
import { BodyTooLargeError, ByteSource } from './byte-source.js';
import { readEncryptedDataPacket, readEncryptedMessage, readPkeskPackets, type EncryptedMessageSummary } from './encrypted-message-reader.js';
import { OpenPgpFormatError } from './openpgp-format.error.js';

async function* chunks(data: Uint8Array, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield Buffer.from(data.subarray(i, i + size));
}

async function read(data: Uint8Array, chunkSize = 65536, max?: number): Promise<{ summary: EncryptedMessageSummary; data: Buffer }> {
  const parts: Buffer[] = [];
  const summary = await readEncryptedMessage(new ByteSource(chunks(data, chunkSize), max), { sink: (c) => { parts.push(Buffer.from(c)); } });
  return { summary, data: Buffer.concat(parts) };
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenPgpFormatError) return error.reason;
    if (error instanceof BodyTooLargeError) return 'too_large';
    throw error;
  }
  return 'accepted';
}

describe('streaming OpenPGP packet reader', () => {
  let alice: openpgp.PrivateKey;
  let bob: openpgp.PrivateKey;
  let modern: openpgp.PrivateKey;
  beforeAll(async () => {
    const gen = (email: string, v6 = false) => openpgp.generateKey({ type: v6 ? 'curve25519' : 'ecc', curve: 'curve25519Legacy', userIDs: [{ email }], format: 'object', config: { v6Keys: v6, aeadProtect: v6 } }).then((k) => k.privateKey);
    [alice, bob, modern] = await Promise.all([gen('alice@example.test'), gen('bob@example.test'), gen('modern@example.test', true)]);
  });

  const encrypt = async (bytes: Uint8Array, keys: openpgp.Key[]) => openpgp.encrypt({
    message: await openpgp.createMessage({ binary: bytes }), encryptionKeys: keys, format: 'binary',
  }) as Promise<Uint8Array>;

  it('reads PKESKs for each recipient and passes the SEIPD v1 packet through byte for byte, in any chunking', async () => {
    const plaintext = new Uint8Array(200_000).map((_, i) => i % 251);
    const message = await encrypt(plaintext, [alice.toPublic(), bob.toPublic()]);
    for (const size of [13, 512, 65536]) {
      const { summary, data } = await read(message.subarray(0), size);
      expect(summary.dataVersion).toBe(1);
      expect(summary.pkesks.map((p) => p.keyId).sort()).toEqual(
        [(await alice.getEncryptionKey()).getKeyID().toHex(), (await bob.getEncryptionKey()).getKeyID().toHex()].sort(),
      );
      expect(Buffer.concat([...summary.pkesks.map((p) => p.raw), data]).equals(Buffer.from(message))).toBe(true);
      expect(summary.dataBytes).toBe(data.length);
    }
    // Byte by byte, on a small message.
    const small = await encrypt(new Uint8Array(3000), [alice.toPublic()]);
    const { summary, data } = await read(small, 1);
    expect(Buffer.concat([...summary.pkesks.map((p) => p.raw), data]).equals(Buffer.from(small))).toBe(true);
  }, 60_000);

  it('reads v6 PKESKs (fingerprints) with SEIPD v2', async () => {
    const message = await encrypt(new Uint8Array(10), [modern.toPublic()]);
    const { summary } = await read(message);
    expect(summary.dataVersion).toBe(2);
    expect(summary.pkesks[0]).toMatchObject({ version: 6, keyId: null, fingerprint: (await modern.getEncryptionKey()).getFingerprint() });
  });

  it('de-armours a streamed armoured message into the same bytes', async () => {
    const message = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'hallo' }), encryptionKeys: alice.toPublic() });
    const binary = (await openpgp.unarmor(message)).data as Uint8Array;
    const parts: Buffer[] = [];
    for await (const part of dearmor(chunks(Buffer.from(message), 3))) parts.push(part);
    expect(Buffer.concat(parts).equals(Buffer.from(binary))).toBe(true);
    const withCrlf = message.replace(/\n/g, '\r\n');
    const crlfParts: Buffer[] = [];
    for await (const part of dearmor(chunks(Buffer.from(withCrlf), 50))) crlfParts.push(part);
    expect(Buffer.concat(crlfParts).equals(Buffer.from(binary))).toBe(true);
    const truncated = message.slice(0, message.indexOf('-----END'));
    await expect(reason((async () => { for await (const _ of dearmor(chunks(Buffer.from(truncated), 50))) void _; })())).resolves.toBe('truncated_message');
  });

  it('refuses armour with a wrong CRC-24 checksum, a signature block, or text after the END line', async () => {
    const armored = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'hallo' }), encryptionKeys: alice.toPublic(), config: { showComment: false } });
    const drain = async (text: string) => reason((async () => { for await (const _ of dearmor(chunks(Buffer.from(text), 64))) void _; })());
    const lines = armored.trimEnd().split('\n');
    const withChecksum = [...lines.slice(0, -1), '=AAAA', lines[lines.length - 1]].join('\n');
    expect(await drain(withChecksum)).toBe('malformed_armor');
    expect(await drain(armored + 'nog iets\n')).toBe('trailing_data');
    const signature = await openpgp.sign({ message: await openpgp.createMessage({ text: 'x' }), signingKeys: alice, detached: true });
    expect(await drain(signature)).toBe('not_encrypted');
    expect(await drain(armored)).toBe('accepted');
  });

  it('refuses a first partial body length below 512 octets', async () => {
    const good = Buffer.from(await encrypt(new Uint8Array(10), [alice.toPublic()]));
    const pkesk = good.subarray(0, 2 + good[1]);
    // SEIPD with a partial length of 2^8 = 256 octets.
    const partial = Buffer.concat([pkesk, Buffer.from([0xd2, 0xe0 + 8]), Buffer.alloc(256, 1), Buffer.from([60]), Buffer.alloc(60, 1)]);
    expect(await reason(read(partial))).toBe('malformed_message');
  });

  it('accepts an old-format PKESK header', async () => {
    const message = Buffer.from(await encrypt(new Uint8Array(5), [alice.toPublic()]));
    expect(message[0]).toBe(0xc1); // new format, tag 1
    const length = message[1];
    expect(length).toBeLessThan(192);
    const oldFormat = Buffer.concat([Buffer.from([0x80 | (1 << 2) | 0, length]), message.subarray(2)]);
    const { summary } = await read(oldFormat);
    expect(summary.pkesks).toHaveLength(1);
  });

  it('refuses everything that is not PKESK + SEIPD, naming the reason', async () => {
    const literal = await openpgp.createMessage({ text: 'plain' }).then((m) => m.write()) as Uint8Array;
    const signature = await openpgp.sign({ message: await openpgp.createMessage({ text: 'x' }), signingKeys: alice, format: 'binary', detached: true }) as Uint8Array;
    const signed = await openpgp.sign({ message: await openpgp.createMessage({ text: 'x' }), signingKeys: alice, format: 'binary' }) as Uint8Array;
    const password = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'x' }), passwords: ['geheim'], format: 'binary' }) as Uint8Array;
    const compressed = Buffer.concat([Buffer.from([0xc8, 11, 1]), Buffer.alloc(10, 7)]);
    const good = Buffer.from(await encrypt(new Uint8Array(1000), [alice.toPublic()]));
    const pkesk = good.subarray(0, 2 + good[1]);
    const sed = Buffer.concat([pkesk, Buffer.from([0xc9, 60]), Buffer.alloc(60, 1)]);
    const seipd3 = Buffer.concat([pkesk, Buffer.from([0xd2, 60, 3]), Buffer.alloc(59, 1)]);

    expect(await reason(read(literal))).toBe('not_encrypted');
    expect(await reason(read(signature))).toBe('not_encrypted');
    expect(await reason(read(signed))).toBe('not_encrypted');
    expect(await reason(read(password))).toBe('password_message');
    expect(await reason(read(compressed))).toBe('not_encrypted');
    expect(await reason(read(sed))).toBe('unprotected_encryption');
    expect(await reason(read(seipd3))).toBe('unsupported_packet');
    expect(await reason(read(Buffer.from('Hallo, dit is gewone tekst')))).toBe('malformed_message');
    expect(await reason(read(Buffer.alloc(0)))).toBe('malformed_message');
    expect(await reason(read(Buffer.from(pkesk)))).toBe('truncated_message');
    expect(await reason(read(good.subarray(0, good.length - 1)))).toBe('truncated_message');
    expect(await reason(read(good.subarray(0, pkesk.length + 3)))).toBe('truncated_message');
    expect(await reason(read(Buffer.concat([good, Buffer.from([0])])))).toBe('trailing_data');
    expect(await reason(read(good.subarray(pkesk.length)))).toBe('no_recipients');
    // A PKESK whose inner fields do not add up.
    const broken = Buffer.from(good);
    broken[1] -= 1;
    expect(await reason(read(broken))).toBe('malformed_message');
    expect(await reason(read(good, 1000, 500))).toBe('too_large');
  });

  it('reads bare PKESK packets for re-sharing and refuses anything else', async () => {
    const good = Buffer.from(await encrypt(new Uint8Array(10), [alice.toPublic(), bob.toPublic()]));
    const { summary } = await read(good);
    const pkesks = Buffer.concat(summary.pkesks.map((p) => p.raw));
    expect((await readPkeskPackets(new ByteSource(chunks(pkesks, 5)))).map((p) => p.keyId)).toEqual(summary.pkesks.map((p) => p.keyId));
    expect(await reason(readPkeskPackets(new ByteSource(chunks(good, 100))))).toBe('unsupported_packet');
    expect(await reason(readPkeskPackets(new ByteSource(chunks(Buffer.alloc(0), 1))))).toBe('no_recipients');
    expect(await reason(readPkeskPackets(new ByteSource(chunks(pkesks.subarray(0, pkesks.length - 2), 100))))).toBe('truncated_message');
  });

  it('reads a lone encrypted data packet (an attachment\'s metadata, sealed with the file\'s session key) and refuses anything else', async () => {
    for (const key of [alice, modern]) {
      const sessionKey = await openpgp.generateSessionKey({ encryptionKeys: key.toPublic() });
      const file = Buffer.from(await openpgp.encrypt({ message: await openpgp.createMessage({ binary: new Uint8Array(3000) }), encryptionKeys: key.toPublic(), sessionKey, format: 'binary' }) as Uint8Array);
      const metadata = Buffer.from(await openpgp.encrypt({ message: await openpgp.createMessage({ binary: new TextEncoder().encode('{"name":"verslag.txt","size":3000}') }), sessionKey, format: 'binary' }) as Uint8Array);
      const { packet, dataVersion } = await readEncryptedDataPacket(new ByteSource(chunks(metadata, 7)));
      expect(packet.equals(metadata)).toBe(true);
      expect(dataVersion).toBe(key === modern ? 2 : 1);
      // The file's PKESK in front of it makes a message the recipient opens: what the metadata route serves.
      const { summary } = await read(file);
      const composed = Buffer.concat([...summary.pkesks.map((p) => p.raw), packet]);
      const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: composed }), decryptionKeys: key, format: 'binary' });
      expect(new TextDecoder().decode(data as Uint8Array)).toBe('{"name":"verslag.txt","size":3000}');
      // A whole message (PKESK first), trailing bytes, a cut-off packet, plaintext: refused.
      expect(await reason(readEncryptedDataPacket(new ByteSource(chunks(file, 100))))).toBe('unsupported_packet');
      expect(await reason(readEncryptedDataPacket(new ByteSource(chunks(Buffer.concat([metadata, Buffer.from([0])]), 100))))).toBe('trailing_data');
      expect(await reason(readEncryptedDataPacket(new ByteSource(chunks(metadata.subarray(0, metadata.length - 1), 100))))).toBe('truncated_message');
    }
    const literal = Buffer.from((await openpgp.createMessage({ binary: new Uint8Array(10) })).write() as Uint8Array);
    expect(await reason(readEncryptedDataPacket(new ByteSource(chunks(literal, 100))))).toBe('not_encrypted');
    expect(await reason(readEncryptedDataPacket(new ByteSource(chunks(Buffer.alloc(0), 1))))).toBe('malformed_message');
  });
});
