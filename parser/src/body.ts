import { asReplayError } from './errors.js';
import { ByteReader } from './io/bytes.js';

export interface KeyFrame {
  /** Seconds since recording start. */
  time: number;
  frame: number;
  /** Bit offset of that frame in the network stream: a hint, validated before use (0 = unknown). */
  position: number;
}

export interface DebugInfo {
  frame: number;
  user: string;
  text: string;
}

export interface TickMark {
  description: string;
  frame: number;
}

export interface ClassIndex {
  className: string;
  objectIndex: number;
}

export interface NetCacheProperty {
  objectIndex: number;
  streamId: number;
}

export interface NetCacheEntry {
  classObjectIndex: number;
  parentCacheId: number;
  cacheId: number;
  properties: NetCacheProperty[];
}

/** Content section tables (replay-format.md §2). The network stream itself is `networkOffset/networkSize`. */
export interface ReplayBody {
  contentSize: number;
  contentCrc: number;
  levels: string[];
  keyframes: KeyFrame[];
  /** Absolute file offset and byte length of the network stream. */
  networkOffset: number;
  networkSize: number;
  debugInfo: DebugInfo[];
  tickMarks: TickMark[];
  packages: string[];
  /** object_id = index; attribute names, archetypes, classes, map objects. */
  objects: string[];
  /** Actor instance names (referenced by new actors' name ids). */
  names: string[];
  classIndices: ClassIndex[];
  netCache: NetCacheEntry[];
}

const textList = (r: ByteReader, what: string): string[] => r.list(what, 4, (x) => x.text(what));

export function decodeBody(
  bytes: Uint8Array,
  start: number,
  end: number,
  contentSize: number,
  contentCrc: number,
): ReplayBody {
  const r = new ByteReader(bytes, start, end, 'content');
  let section = 'levels';
  try {
    const levels = textList(r, 'levels');
    section = 'keyframes';
    const keyframes = r.list('keyframes', 12, (x) => ({ time: x.f32(), frame: x.u32(), position: x.u32() }));
    section = 'network data';
    const networkSize = r.u32('network size');
    const networkOffset = r.pos;
    r.skip(networkSize, 'network stream');
    section = 'debug info';
    const debugInfo = r.list('debug info', 12, (x) => ({
      frame: x.u32(),
      user: x.text('user'),
      text: x.text('text'),
    }));
    section = 'tick marks';
    const tickMarks = r.list('tick marks', 8, (x) => ({
      description: x.text('description'),
      frame: x.u32(),
    }));
    section = 'packages';
    const packages = textList(r, 'packages');
    section = 'objects';
    const objects = textList(r, 'objects');
    section = 'names';
    const names = textList(r, 'names');
    section = 'class index';
    const classIndices = r.list('class index', 8, (x) => ({
      className: x.text('class name'),
      objectIndex: x.u32(),
    }));
    section = 'net cache';
    const netCache = r.list('net cache', 16, (x) => ({
      classObjectIndex: x.u32(),
      parentCacheId: x.u32(),
      cacheId: x.u32(),
      properties: x.list('net cache properties', 8, (y) => ({ objectIndex: y.u32(), streamId: y.u32() })),
    }));
    // Whatever follows (4 zero bytes since net version 10) is ignored.
    return {
      contentSize,
      contentCrc,
      levels,
      keyframes,
      networkOffset,
      networkSize,
      debugInfo,
      tickMarks,
      packages,
      objects,
      names,
      classIndices,
      netCache,
    };
  } catch (e) {
    throw asReplayError(e, 'CORRUPT_BODY', { section: `content ${section}` });
  }
}
