/**
 * A minimal store-only ZIP writer (no compression, no ZIP64) for user data exports.
 * Replay files are already compressed by the game, so deflating them gains little;
 * storing keeps this small enough to own instead of adding a dependency.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ZipEntrySource {
  /** Path inside the archive, forward slashes, no leading slash. */
  name: string;
  /** Either the bytes themselves or a file on disk to copy verbatim. */
  data?: Uint8Array;
  file?: string;
}

export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as the ZIP format requires. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
/** General-purpose flag bit 11: file names are UTF-8. */
const FLAG_UTF8 = 0x0800;
/** 1980-01-01 00:00 in DOS date/time; exports carry their own timestamps in data.json. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

interface CentralRecord {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

/**
 * Writes `entries` as a ZIP file at `path`; resolves with the archive size in bytes.
 * `onEntry(n)` runs after the n-th entry is written (progress for long exports).
 */
export async function writeStoredZip(
  path: string,
  entries: Iterable<ZipEntrySource>,
  onEntry?: (written: number) => void,
): Promise<number> {
  const out = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const records: CentralRecord[] = [];
  let offset = 0;
  try {
    for (const entry of entries) {
      if (records.length >= MAX_ENTRIES) throw new ZipLimitError('Too many entries for a ZIP without ZIP64.');
      const data = entry.data ?? (entry.file !== undefined ? await readFile(entry.file) : undefined);
      if (data === undefined) throw new TypeError(`Zip entry ${entry.name} has neither data nor file.`);
      const name = Buffer.from(entry.name, 'utf8');
      if (data.length > MAX_32 || offset + data.length > MAX_32)
        throw new ZipLimitError('Archive would exceed 4 GiB, which needs ZIP64.');
      const crc = crc32(data);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(20, 4); // version needed: 2.0
      header.writeUInt16LE(FLAG_UTF8, 6);
      header.writeUInt16LE(0, 8); // method: stored
      header.writeUInt16LE(DOS_TIME, 10);
      header.writeUInt16LE(DOS_DATE, 12);
      header.writeUInt32LE(crc, 14);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt32LE(data.length, 22);
      header.writeUInt16LE(name.length, 26);
      header.writeUInt16LE(0, 28);
      await write(out, header);
      await write(out, name);
      await write(out, data);
      records.push({ name, crc, size: data.length, offset });
      offset += header.length + name.length + data.length;
      onEntry?.(records.length);
    }
    const centralStart = offset;
    for (const r of records) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(FLAG_UTF8, 8);
      h.writeUInt16LE(0, 10);
      h.writeUInt16LE(DOS_TIME, 12);
      h.writeUInt16LE(DOS_DATE, 14);
      h.writeUInt32LE(r.crc, 16);
      h.writeUInt32LE(r.size, 20);
      h.writeUInt32LE(r.size, 24);
      h.writeUInt16LE(r.name.length, 28);
      // extra, comment, disk, internal attrs, external attrs: all zero
      h.writeUInt32LE(r.offset, 42);
      await write(out, h);
      await write(out, r.name);
      offset += h.length + r.name.length;
    }
    if (offset > MAX_32) throw new ZipLimitError('Archive would exceed 4 GiB, which needs ZIP64.');
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(records.length, 8);
    end.writeUInt16LE(records.length, 10);
    end.writeUInt32LE(offset - centralStart, 12);
    end.writeUInt32LE(centralStart, 16);
    await write(out, end);
    offset += end.length;
    out.end();
    await done;
    return offset;
  } catch (err) {
    out.destroy();
    throw err;
  }
}

function write(out: WriteStream, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}
