import { OpenPgpFormatError } from './openpgp-format.error.js';

const EMPTY = Buffer.alloc(0);

/** Thrown when more bytes arrive than the caller allowed; the reader stops at once. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super('body_too_large');
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Pulls bytes from a chunked stream without ever holding more than one incoming chunk (plus the
 * few header octets a caller asks for): the packet reader's window onto the request body.
 */
export class ByteSource {
  private chunk: Buffer = EMPTY;
  private offset = 0;
  private ended = false;
  private readonly iterator: AsyncIterator<Buffer | Uint8Array | string>;
  /** Bytes taken from the underlying stream so far. */
  received = 0;

  constructor(source: AsyncIterable<Buffer | Uint8Array | string>, private readonly maxBytes = Number.POSITIVE_INFINITY) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Makes at least one unread byte available; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      if (this.ended) return false;
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        this.chunk = EMPTY;
        this.offset = 0;
        return false;
      }
      const value = next.value;
      this.chunk = typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      this.offset = 0;
      this.received += this.chunk.length;
      if (this.received > this.maxBytes) throw new BodyTooLargeError(this.maxBytes);
    }
    return true;
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  async readByte(): Promise<number> {
    if (!(await this.fill())) throw new OpenPgpFormatError('truncated_message');
    return this.chunk[this.offset++];
  }

  /** Copies `n` bytes (for headers and small packets only). */
  async readExact(n: number): Promise<Buffer> {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      if (!(await this.fill())) throw new OpenPgpFormatError('truncated_message');
      const take = Math.min(n - filled, this.chunk.length - this.offset);
      this.chunk.copy(out, filled, this.offset, this.offset + take);
      this.offset += take;
      filled += take;
    }
    return out;
  }

  /** Yields the next `n` bytes as slices of the incoming chunks (no copy); throws if the stream ends first. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill())) throw new OpenPgpFormatError('truncated_message');
      const size = Math.min(left, this.chunk.length - this.offset);
      const slice = this.chunk.subarray(this.offset, this.offset + size);
      this.offset += size;
      left -= size;
      yield slice;
    }
  }

  /** Yields everything up to the end of the stream. */
  async *rest(): AsyncGenerator<Buffer> {
    while (await this.fill()) {
      const slice = this.chunk.subarray(this.offset);
      this.offset = this.chunk.length;
      yield slice;
    }
  }
}
