import {
  CHANNELS,
  TRACK_MAGIC,
  TRACK_VERSION,
  TrackFormatError,
  type EntityColumns,
  type TrackData,
  type TrackMeta,
} from './format.js';

/** Growable byte buffer for varints. */
class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  u32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.length, v, true);
    this.length += 4;
  }
  varint(v: number): void {
    this.ensure(5);
    let u = v >>> 0;
    while (u >= 0x80) {
      this.buf[this.length++] = (u & 0x7f) | 0x80;
      u >>>= 7;
    }
    this.buf[this.length++] = u;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const zigzag = (v: number): number => ((v << 1) ^ (v >> 31)) >>> 0;
const unzigzag = (u: number): number => (u >>> 1) ^ -(u & 1);

/** Serialise quantised columns (no compression). */
export function serializeTrack(track: TrackData): Uint8Array {
  const { meta, columns } = track;
  if (columns.length !== meta.entities.length)
    throw new TrackFormatError('one column set per entity required');
  const w = new ByteWriter();
  w.bytes(new TextEncoder().encode(TRACK_MAGIC));
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  w.u32(metaBytes.length);
  w.bytes(metaBytes);
  for (const cols of columns) {
    for (const ch of CHANNELS) {
      const col = cols[ch];
      if (col.length !== meta.sampleCount)
        throw new TrackFormatError(`column ${ch} has ${col.length} samples`);
      let prev = 0;
      for (let i = 0; i < col.length; i++) {
        const v = col[i]!;
        w.varint(zigzag(v - prev));
        prev = v;
      }
    }
  }
  return w.result();
}

/** Parse bytes produced by serializeTrack; throws TrackFormatError on anything malformed. */
export function deserializeTrack(bytes: Uint8Array): TrackData {
  if (bytes.length < 8) throw new TrackFormatError('track too short');
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== TRACK_MAGIC) throw new TrackFormatError('not a positions track');
  const metaLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + metaLen > bytes.length) throw new TrackFormatError('track metadata truncated');
  let meta: TrackMeta;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + metaLen))) as TrackMeta;
  } catch (e) {
    throw new TrackFormatError(`track metadata is not JSON: ${(e as Error).message}`);
  }
  if (meta.version !== TRACK_VERSION)
    throw new TrackFormatError(`unsupported track version ${String(meta.version)}`);
  if (!Number.isInteger(meta.sampleCount) || meta.sampleCount < 0 || !Array.isArray(meta.entities))
    throw new TrackFormatError('track metadata incomplete');
  let at = 8 + metaLen;
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) throw new TrackFormatError('track columns truncated');
      const b = bytes[at++]!;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) throw new TrackFormatError('varint too long');
    }
  };
  const columns: EntityColumns[] = meta.entities.map(() => {
    const cols = {} as EntityColumns;
    for (const ch of CHANNELS) {
      const col = new Int16Array(meta.sampleCount);
      let prev = 0;
      for (let i = 0; i < col.length; i++) {
        prev += unzigzag(readVarint());
        col[i] = prev;
      }
      cols[ch] = col;
    }
    return cols;
  });
  return { meta, columns };
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Serialise and deflate: the bytes stored and sent to the browser. */
export async function encodeTrack(track: TrackData): Promise<Uint8Array> {
  return pipe(serializeTrack(track), new CompressionStream('deflate'));
}

/** Inflate and parse (browser and Node). */
export async function decodeTrack(bytes: Uint8Array): Promise<TrackData> {
  let raw: Uint8Array;
  try {
    raw = await pipe(bytes, new DecompressionStream('deflate'));
  } catch (e) {
    throw new TrackFormatError(`track is not deflate data: ${(e as Error).message}`);
  }
  return deserializeTrack(raw);
}
