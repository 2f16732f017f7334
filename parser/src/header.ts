import { asReplayError, ReplayError } from './errors.js';
import { ByteReader } from './io/bytes.js';

/** A header property value as on the wire (replay-format.md §4). */
export type PropertyValue =
  | { kind: 'Int'; value: number }
  | { kind: 'Float'; value: number }
  /** u64 as a decimal string (OnlineID, MatchStartEpoch). */
  | { kind: 'QWord'; value: string }
  | { kind: 'Str'; value: string }
  | { kind: 'Name'; value: string }
  | { kind: 'Bool'; value: boolean }
  /** `value` is null in quirks mode, where only one text is present (it is then in `enumType`). */
  | { kind: 'Byte'; enumType: string; value: string | null }
  | { kind: 'Array'; value: PropertyDict[] }
  | { kind: 'Struct'; name: string; value: PropertyDict };

/** Ordered key/value pairs: duplicate keys exist, so this is not a map. */
export type PropertyDict = Array<[string, PropertyValue]>;

export interface ReplayHeader {
  /** Byte length of the header body and its stored CRC. */
  headerSize: number;
  headerCrc: number;
  engineVersion: number;
  licenseeVersion: number;
  /** Present only when engine >= 868 and licensee >= 18. */
  netVersion: number | null;
  /** e.g. 'TAGame.Replay_Soccar_TA'. */
  gameType: string;
  properties: PropertyDict;
}

/** Nested dictionaries deeper than this are refused (real files nest 4 levels). */
const MAX_DEPTH = 16;

function readDict(r: ByteReader, quirks: boolean, depth: number): PropertyDict {
  if (depth > MAX_DEPTH) {
    throw new ReplayError(
      'CORRUPT_HEADER',
      `header properties nested deeper than ${MAX_DEPTH} levels at offset ${r.pos}`,
      {
        offset: r.pos,
        offsetUnit: 'byte',
        section: r.section,
      },
    );
  }
  const out: PropertyDict = [];
  for (;;) {
    const key = r.text('property key');
    if (key === 'None') return out;
    const typeAt = r.pos;
    const type = r.text('property type');
    r.u32('property size'); // declared size: unreliable, ignored
    r.u32('property index');
    switch (type) {
      case 'IntProperty':
        out.push([key, { kind: 'Int', value: r.i32(key) }]);
        break;
      case 'FloatProperty':
        out.push([key, { kind: 'Float', value: r.f32(key) }]);
        break;
      case 'QWordProperty':
        out.push([key, { kind: 'QWord', value: r.u64(key) }]);
        break;
      case 'StrProperty':
        out.push([key, { kind: 'Str', value: r.text(key) }]);
        break;
      case 'NameProperty':
        out.push([key, { kind: 'Name', value: r.text(key) }]);
        break;
      case 'BoolProperty': {
        const b = r.u8(key);
        if (quirks) r.skip(3, key);
        out.push([key, { kind: 'Bool', value: b === 1 }]);
        break;
      }
      case 'ByteProperty': {
        const enumType = r.text(`${key} enum type`);
        if (quirks) {
          out.push([key, { kind: 'Byte', enumType, value: null }]);
        } else if (enumType === 'None') {
          r.skip(1, key); // a bare byte: dropped, as the reference parsers do
        } else {
          out.push([key, { kind: 'Byte', enumType, value: r.text(key) }]);
        }
        break;
      }
      case 'ArrayProperty': {
        // Each element is at least a 'None' terminator (9 bytes).
        const n = r.count(key, 9);
        const items: PropertyDict[] = [];
        for (let i = 0; i < n; i++) items.push(readDict(r, quirks, depth + 1));
        out.push([key, { kind: 'Array', value: items }]);
        break;
      }
      case 'StructProperty': {
        const name = r.text(`${key} struct name`);
        out.push([key, { kind: 'Struct', name, value: readDict(r, quirks, depth + 1) }]);
        break;
      }
      default:
        throw new ReplayError(
          'CORRUPT_HEADER',
          `unrecognized header property type '${type}' for key '${key}' at offset ${typeAt}`,
          {
            offset: typeAt,
            offsetUnit: 'byte',
            section: r.section,
          },
        );
    }
  }
}

/** Decode a bare property dictionary (exposed for unit tests on header slices). */
export function parsePropertyDict(bytes: Uint8Array, quirks = false): PropertyDict {
  try {
    return readDict(new ByteReader(bytes, 0, bytes.length, 'header properties'), quirks, 0);
  } catch (e) {
    throw asReplayError(e, 'CORRUPT_HEADER', { section: 'header properties' });
  }
}

/**
 * Decode the header body starting at `start` (reading no further than `end`); also returns the
 * offset where it ended. `headerSize`/`headerCrc` are the values stored in front of it.
 */
export function decodeHeaderBody(
  bytes: Uint8Array,
  start: number,
  end: number,
  headerSize: number,
  headerCrc: number,
): { header: ReplayHeader; end: number } {
  const r = new ByteReader(bytes, start, end, 'header');
  try {
    const engineVersion = r.u32('engine version');
    const licenseeVersion = r.u32('licensee version');
    const netVersion = engineVersion >= 868 && licenseeVersion >= 18 ? r.u32('net version') : null;
    const gameType = r.text('game type');
    const quirks = engineVersion === 0 && licenseeVersion === 0 && netVersion === null;
    const propertiesReader = new ByteReader(bytes, r.pos, end, 'header properties');
    const properties = readDict(propertiesReader, quirks, 0);
    return {
      header: { headerSize, headerCrc, engineVersion, licenseeVersion, netVersion, gameType, properties },
      end: propertiesReader.pos,
    };
  } catch (e) {
    throw asReplayError(e, 'CORRUPT_HEADER', { section: 'header' });
  }
}

/** First value for `key` in a property dictionary. */
export function getProperty(dict: PropertyDict, key: string): PropertyValue | undefined {
  for (const [k, v] of dict) if (k === key) return v;
  return undefined;
}

export function getInt(dict: PropertyDict, key: string): number | null {
  const v = getProperty(dict, key);
  return v && v.kind === 'Int' ? v.value : null;
}

export function getFloat(dict: PropertyDict, key: string): number | null {
  const v = getProperty(dict, key);
  return v && v.kind === 'Float' ? v.value : null;
}

/** Str or Name value. */
export function getString(dict: PropertyDict, key: string): string | null {
  const v = getProperty(dict, key);
  return v && (v.kind === 'Str' || v.kind === 'Name') ? v.value : null;
}

export function getQWord(dict: PropertyDict, key: string): string | null {
  const v = getProperty(dict, key);
  return v && v.kind === 'QWord' ? v.value : null;
}

export function getBool(dict: PropertyDict, key: string): boolean | null {
  const v = getProperty(dict, key);
  return v && v.kind === 'Bool' ? v.value : null;
}

export function getArray(dict: PropertyDict, key: string): PropertyDict[] {
  const v = getProperty(dict, key);
  return v && v.kind === 'Array' ? v.value : [];
}
