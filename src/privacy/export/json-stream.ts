import { once } from 'node:events';
import type { Writable } from 'node:stream';

type Frame = { kind: 'object' | 'array'; first: boolean };

/**
 * Writes one JSON document piece by piece to a stream, waiting whenever the stream is full, so a
 * document of any size passes through a bounded amount of memory. The caller opens and closes
 * objects and arrays in order; `value` writes a finished value (a page of messages, one by one).
 */
export class JsonStreamWriter {
  private readonly stack: Frame[] = [];
  private written = 0;

  constructor(private readonly out: Writable) {}

  get bytes(): number {
    return this.written;
  }

  async beginObject(key?: string): Promise<void> {
    await this.write(`${this.separator(key)}{`);
    this.stack.push({ kind: 'object', first: true });
  }

  async beginArray(key?: string): Promise<void> {
    await this.write(`${this.separator(key)}[`);
    this.stack.push({ kind: 'array', first: true });
  }

  async end(): Promise<void> {
    const frame = this.stack.pop();
    if (!frame) throw new Error('JsonStreamWriter: nothing to end');
    await this.write(frame.kind === 'object' ? '}' : ']');
  }

  /** A whole value: as a property of the open object (with `key`) or an item of the open array. */
  async value(key: string | undefined, value: unknown): Promise<void> {
    await this.write(`${this.separator(key)}${JSON.stringify(value ?? null)}`);
  }

  async item(value: unknown): Promise<void> {
    await this.value(undefined, value);
  }

  /** Several items of the open array in one write (a page of messages: one chunk instead of hundreds). */
  async items(values: unknown[]): Promise<void> {
    if (values.length === 0) return;
    let text = '';
    for (const value of values) text += `${this.separator(undefined)}${JSON.stringify(value ?? null)}`;
    await this.write(text);
  }

  /** Ends the document; every object and array must be closed. */
  async finish(): Promise<void> {
    if (this.stack.length) throw new Error('JsonStreamWriter: unclosed object or array');
    this.out.end();
    await once(this.out, 'finish');
  }

  private separator(key: string | undefined): string {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return '';
    const comma = frame.first ? '' : ',';
    frame.first = false;
    if (frame.kind === 'object') {
      if (key === undefined) throw new Error('JsonStreamWriter: a property needs a key');
      return `${comma}\n${JSON.stringify(key)}:`;
    }
    return `${comma}\n`;
  }

  private async write(text: string): Promise<void> {
    this.written += Buffer.byteLength(text);
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}
