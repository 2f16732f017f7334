import { ReplayError } from '../errors.js';
import { decodeUtf16le, decodeWindows1252 } from './text.js';

/** Lists longer than this are refused before allocating (replay-format.md §15.3). */
export const MAX_LIST_LENGTH = 25_000;
/** Header/body text lengths beyond ±10,000 are refused. */
export const MAX_TEXT_LENGTH = 10_000;

/**
 * Little-endian byte cursor over a section of the file. Offsets reported in errors are absolute
 * file offsets (`base` + position).
 */
export class ByteReader {
  private readonly view: DataView;
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly start = 0,
    readonly end = bytes.length,
    readonly section = 'file',
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      throw new ReplayError(
        'TRUNCATED',
        `${this.section}: need ${n} bytes for ${what} at offset ${this.pos}, only ${this.end - this.pos} left`,
        { offset: this.pos, offsetUnit: 'byte', section: this.section },
      );
    }
  }

  u8(what = 'u8'): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  u32(what = 'u32'): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(what = 'i32'): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  f32(what = 'f32'): number {
    this.need(4, what);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** u64 as a decimal string (Steam ids and epochs exceed 2^53). */
  u64(what = 'u64'): string {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v.toString();
  }

  skip(n: number, what = 'bytes'): void {
    this.need(n, what);
    this.pos += n;
  }

  /** Length-prefixed text: 1252 for n > 0, UTF-16LE for n < 0, empty for 0. */
  text(what = 'text'): string {
    const at = this.pos;
    const n = this.i32(`${what} length`);
    if (n === 0) return '';
    if (n > MAX_TEXT_LENGTH || n < -MAX_TEXT_LENGTH) {
      throw new ReplayError(
        'STRING_TOO_LONG',
        `${this.section}: ${what} length ${n} at offset ${at} is implausible`,
        {
          offset: at,
          offsetUnit: 'byte',
          section: this.section,
        },
      );
    }
    const size = n > 0 ? n : -2 * n;
    this.need(size, what);
    const s = this.pos;
    this.pos += size;
    return n > 0 ? decodeWindows1252(this.bytes, s, s + size) : decodeUtf16le(this.bytes, s, s + size);
  }

  /** List count, validated against the 25,000 limit and (given a minimum element size) the bytes left. */
  count(what: string, minElementBytes = 1): number {
    const at = this.pos;
    const n = this.i32(`${what} count`);
    if (n < 0 || n > MAX_LIST_LENGTH) {
      throw new ReplayError(
        'LIST_TOO_LARGE',
        `${this.section}: ${what} list of ${n} elements at offset ${at}`,
        {
          offset: at,
          offsetUnit: 'byte',
          section: this.section,
        },
      );
    }
    if (n * minElementBytes > this.end - this.pos) {
      throw new ReplayError(
        'TRUNCATED',
        `${this.section}: ${what} list of ${n} elements at offset ${at} does not fit in the ${this.end - this.pos} bytes left`,
        { offset: at, offsetUnit: 'byte', section: this.section },
      );
    }
    return n;
  }

  list<T>(what: string, minElementBytes: number, read: (r: ByteReader) => T): T[] {
    const n = this.count(what, minElementBytes);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(read(this));
    return out;
  }
}
