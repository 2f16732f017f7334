import { describe, expect, it } from 'vitest';
import { parsePropertyDict } from '../../src/header.js';
import { ByteReader } from '../../src/io/bytes.js';
import { matchInfo, parseHeader } from '../../src/index.js';
import { corpusAvailable, readReplay } from '../helpers/corpus.js';

const NONE = [5, 0, 0, 0, 0x4e, 0x6f, 0x6e, 0x65, 0];
const withNone = (b: Uint8Array) => new Uint8Array([...b, ...NONE]);
const slice = (name: string) => readReplay(`boxcars-partial/${name}.replay`);

describe('byte-level text', () => {
  it('decodes Windows-1252 (0x80-0x9F differ from Latin-1) and drops the NUL', () => {
    const r = new ByteReader(new Uint8Array([5, 0, 0, 0, 0x80, 0x41, 0xe9, 0x9f, 0]));
    expect(r.text()).toBe('€AéŸ');
  });

  it('decodes UTF-16LE for negative lengths and empty text for length 0', () => {
    const r = new ByteReader(new Uint8Array([0xfd, 0xff, 0xff, 0xff, 0x23, 0x26, 0x44, 0, 0, 0, 0, 0, 0, 0]));
    expect(r.text()).toBe('☣D');
    expect(r.text()).toBe('');
  });

  it('refuses i32::MIN and oversized lengths with STRING_TOO_LONG, short data with TRUNCATED', () => {
    expect(() => new ByteReader(new Uint8Array([0, 0, 0, 0x80])).text()).toThrow(
      expect.objectContaining({ code: 'STRING_TOO_LONG' }),
    );
    expect(() => new ByteReader(new Uint8Array([5, 0, 0, 0, 0x41])).text()).toThrow(
      expect.objectContaining({ code: 'TRUNCATED' }),
    );
  });
});

describe.skipIf(!corpusAvailable)('header property dictionaries (boxcars-partial slices)', () => {
  it('text.replay and utf-16-text.replay hold one string each', () => {
    expect(new ByteReader(slice('text')).text()).toBe('TAGame.Replay_Soccar_TA');
    expect(new ByteReader(slice('utf-16-text')).text()).toBe('☣D[e]!v1zz☣');
  });

  it('reads Str, Int, Bool properties', () => {
    expect(parsePropertyDict(slice('rdict_one'))).toEqual([
      ['PlayerName', { kind: 'Str', value: 'comagoosie' }],
    ]);
    expect(parsePropertyDict(slice('rdict_int'))).toEqual([['PlayerTeam', { kind: 'Int', value: 0 }]]);
    expect(parsePropertyDict(slice('rdict_bool'))).toEqual([['bBot', { kind: 'Bool', value: false }]]);
  });

  it('reads Name, Float, QWord, Byte properties (slices without their terminator)', () => {
    expect(parsePropertyDict(withNone(slice('rdict_name')))).toEqual([
      ['MatchType', { kind: 'Name', value: 'Online' }],
    ]);
    expect(parsePropertyDict(withNone(slice('rdict_float')))).toEqual([
      ['RecordFPS', { kind: 'Float', value: 30 }],
    ]);
    expect(parsePropertyDict(withNone(slice('rdict_qword')))).toEqual([
      ['OnlineID', { kind: 'QWord', value: '76561198101748375' }],
    ]);
    expect(parsePropertyDict(withNone(slice('rdict_byte')))).toEqual([
      ['Platform', { kind: 'Byte', enumType: 'OnlinePlatform', value: 'OnlinePlatform_Steam' }],
    ]);
  });

  it('reads arrays of nested dictionaries', () => {
    const dict = parsePropertyDict(withNone(slice('rdict_array')));
    expect(dict).toHaveLength(1);
    const [key, value] = dict[0]!;
    expect(key).toBe('Goals');
    expect(value.kind).toBe('Array');
    if (value.kind !== 'Array') return;
    expect(value.value[0]).toEqual([
      ['frame', { kind: 'Int', value: 441 }],
      ['PlayerName', { kind: 'Str', value: 'Cakeboss' }],
      ['PlayerTeam', { kind: 'Int', value: 1 }],
    ]);
    expect(value.value[1]![1]).toEqual(['PlayerName', { kind: 'Str', value: 'Sasha Kaun' }]);
  });

  it('rejects an unrecognized property type with CORRUPT_HEADER naming it', () => {
    expect(() => parsePropertyDict(slice('rdict_unrecognized'))).toThrow(
      expect.objectContaining({ code: 'CORRUPT_HEADER', message: expect.stringContaining('BiteProperty') }),
    );
  });

  it('a truncated slice is a typed TRUNCATED error', () => {
    expect(() => parsePropertyDict(slice('rdict_name'))).toThrow(
      expect.objectContaining({ code: 'TRUNCATED' }),
    );
  });

  it('decodes UTF-16 and Windows-1252 player names in full replays', () => {
    const utf16 = parseHeader(slice('utf-16'));
    expect(matchInfo(utf16).goals[0]).toEqual({ frame: 670, playerName: '☣D[e]!v1zz☣', team: 1 });
    const cp1252 = matchInfo(parseHeader(slice('windows_1252')));
    expect(cp1252.players.map((p) => p.name)).toContain('caudillman6000³');
  });
});
