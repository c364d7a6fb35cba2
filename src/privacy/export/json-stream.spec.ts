import { PassThrough } from 'node:stream';
import { JsonStreamWriter } from './json-stream.js';

describe('JsonStreamWriter', () => {
  it('writes a valid document piece by piece, waiting for a full stream', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    const chunks: Buffer[] = [];
    const json = new JsonStreamWriter(out);
    const writing = (async () => {
      await json.beginObject();
      await json.value('a', 1);
      await json.beginArray('items');
      for (let i = 0; i < 50; i++) await json.item({ i, text: 'x'.repeat(20) });
      await json.end();
      await json.value('empty', []);
      await json.end();
      await json.finish();
    })();
    // Nothing is read yet: the writer waits instead of buffering everything.
    await new Promise((r) => setTimeout(r, 20));
    expect(out.readableLength).toBeLessThan(200);
    out.on('data', (c: Buffer) => chunks.push(c));
    await writing;
    const parsed = JSON.parse(Buffer.concat(chunks).toString());
    expect(parsed.a).toBe(1);
    expect(parsed.items).toHaveLength(50);
    expect(parsed.empty).toEqual([]);
  });

  it('refuses a property without a key and an unclosed document', async () => {
    const json = new JsonStreamWriter(new PassThrough());
    await json.beginObject();
    await expect(json.item(1)).rejects.toThrow(/key/);
    await expect(json.finish()).rejects.toThrow(/unclosed/);
  });
});
