// One named case per boxcars-bad/ and boxcars-partial/ file: a typed ReplayError or a clearly
// partial result, quickly, under every option combination.
import { describe, expect, it } from 'vitest';
import { parseHeader, parseReplay, ReplayError, type ParseOptions } from '../src/index.js';
import { corpusAvailable, listFolder, readReplay } from './helpers/corpus.js';
import { outcomeOf } from './helpers/outcome.js';

const OPTION_MATRIX: ParseOptions[] = [
  {},
  { crc: 'never' },
  { crc: 'always' },
  { network: 'ignoreOnError' },
  { network: 'never' },
  { crc: 'never', network: 'ignoreOnError' },
];

/** Every option combination ends in a ReplayError or a result that says it is partial, in < 2 s. */
function expectTypedEverywhere(file: string): void {
  const bytes = readReplay(file);
  for (const options of OPTION_MATRIX) {
    const o = outcomeOf(() => parseReplay(bytes, options));
    expect(o.ms).toBeLessThan(2000);
    if (o.kind === 'result') {
      if (options.network === 'never') expect(o.result.network.status).toBe('skipped');
      else expect(o.result.network.status).toBe('partial');
    } else {
      expect(o.error).toBeInstanceOf(ReplayError);
      expect(o.error.message.length).toBeGreaterThan(0);
    }
  }
  const h = outcomeOf(() => ({ header: parseHeader(bytes) }) as never);
  expect(h.ms).toBeLessThan(2000);
}

function errorOf(file: string, options?: ParseOptions): ReplayError {
  const o = outcomeOf(() => parseReplay(readReplay(file), options));
  if (o.kind !== 'error')
    throw new Error(`expected an error for ${file}, got network status ${o.result.network.status}`);
  return o.error;
}

function partialOf(file: string, options?: ParseOptions) {
  const o = outcomeOf(() => parseReplay(readReplay(file), options));
  if (o.kind !== 'result')
    throw new Error(`expected a partial result for ${file}, got ${o.error.code}: ${o.error.message}`);
  expect(o.result.network.status).toBe('partial');
  return o.result;
}

describe.skipIf(!corpusAvailable)('boxcars-bad: corrupt files end in typed errors', () => {
  it('covers every file in boxcars-bad/', () => {
    expect(listFolder('boxcars-bad')).toEqual([
      'boxcars-bad/fuzz-corpus.replay',
      'boxcars-bad/fuzz-large-object-id.replay',
      'boxcars-bad/fuzz-list-too-large.replay',
      'boxcars-bad/fuzz-slice-index.replay',
      'boxcars-bad/fuzz-string-too-long.replay',
      'boxcars-bad/fuzz-string-too-long2.replay',
      'boxcars-bad/fuzz-too-many-frames.replay',
    ]);
  });

  it('fuzz-corpus: content size beyond the file is TRUNCATED with the offset', () => {
    const f = 'boxcars-bad/fuzz-corpus.replay';
    const e = errorOf(f);
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(4776);
    expectTypedEverywhere(f);
  });

  it('fuzz-large-object-id: an unknown attribute in frame 0 gives a partial result naming it', () => {
    const f = 'boxcars-bad/fuzz-large-object-id.replay';
    const r = partialOf(f);
    const d = r.network.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.code).toBe('UNKNOWN_ATTRIBUTE');
    expect(d).toMatchObject({
      frame: 0,
      actorId: 0,
      objectName: 'Archetypes.Ball.Ball_Default',
      streamId: 58,
    });
    expect(d.attributeName).toContain('Ball_TA:GameEvent');
    expect(r.header.properties.length).toBeGreaterThan(0); // header data is never discarded
    expectTypedEverywhere(f);
  });

  it('fuzz-list-too-large: CRC mismatch explains the absurd list (LIST_TOO_LARGE without CRC)', () => {
    const f = 'boxcars-bad/fuzz-list-too-large.replay';
    const e = errorOf(f);
    expect(e.code).toBe('CRC_MISMATCH');
    expect((e.cause as ReplayError).code).toBe('LIST_TOO_LARGE');
    expect(errorOf(f, { crc: 'never' }).code).toBe('LIST_TOO_LARGE');
    expectTypedEverywhere(f);
  });

  it('fuzz-slice-index: a 77-byte file is a corrupt header', () => {
    const f = 'boxcars-bad/fuzz-slice-index.replay';
    expect(errorOf(f).code).toBe('CRC_MISMATCH');
    expect(errorOf(f, { crc: 'never' }).code).toBe('TRUNCATED');
    expectTypedEverywhere(f);
  });

  it('fuzz-string-too-long: corrupt content refused before allocating', () => {
    const f = 'boxcars-bad/fuzz-string-too-long.replay';
    expect(errorOf(f).code).toBe('CRC_MISMATCH');
    expect(errorOf(f, { crc: 'never' }).code).toBe('LIST_TOO_LARGE');
    expectTypedEverywhere(f);
  });

  it('fuzz-string-too-long2: a -1.9e9 network string length is STRING_TOO_LONG with actor context', () => {
    const f = 'boxcars-bad/fuzz-string-too-long2.replay';
    const d = partialOf(f).network.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.code).toBe('STRING_TOO_LONG');
    expect(d).toMatchObject({ frame: 0, actorId: 4, streamId: 22 });
    expectTypedEverywhere(f);
  });

  it('fuzz-too-many-frames: NumFrames larger than the stream is refused up front', () => {
    const f = 'boxcars-bad/fuzz-too-many-frames.replay';
    const r = partialOf(f);
    expect(r.frames).toHaveLength(0);
    expect(r.network.framesTotal).toBe(738197735);
    expect(r.network.diagnostics.find((x) => x.severity === 'error')!.code).toBe('CORRUPT_BODY');
    expectTypedEverywhere(f);
  });
});

describe.skipIf(!corpusAvailable)(
  'boxcars-partial: slices are refused by the file parser, whole replays decode',
  () => {
    const slices = [
      'rdict_array',
      'rdict_bool',
      'rdict_byte',
      'rdict_float',
      'rdict_int',
      'rdict_name',
      'rdict_one',
      'rdict_qword',
      'rdict_unrecognized',
      'text',
      'utf-16-text',
    ];

    it('covers every file in boxcars-partial/', () => {
      expect(listFolder('boxcars-partial').sort()).toEqual(
        [...slices, 'utf-16', 'windows_1252'].map((s) => `boxcars-partial/${s}.replay`).sort(),
      );
    });

    for (const s of slices) {
      it(`${s}.replay: typed error from the file parser and from parseHeader`, () => {
        const f = `boxcars-partial/${s}.replay`;
        expect(errorOf(f)).toBeInstanceOf(ReplayError);
        const bytes = readReplay(f);
        expect(() => parseHeader(bytes)).toThrow(ReplayError);
        expectTypedEverywhere(f);
      });
    }

    for (const s of ['utf-16', 'windows_1252']) {
      it(`${s}.replay: a whole replay decodes completely`, () => {
        const r = parseReplay(readReplay(`boxcars-partial/${s}.replay`));
        expect(r.network.status).toBe('complete');
        expect(r.frames.length).toBeGreaterThan(0);
      });
    }
  },
);

describe('hand-built hostile inputs', () => {
  it('empty and tiny inputs are NOT_A_REPLAY or TRUNCATED', () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array(3), new Uint8Array(8)]) {
      const o = outcomeOf(() => parseReplay(bytes));
      expect(o.kind).toBe('error');
      expect(() => parseHeader(bytes)).toThrow(ReplayError);
    }
  });

  it('a non-Uint8Array input is NOT_A_REPLAY', () => {
    expect(() => parseReplay('hello' as unknown as Uint8Array)).toThrow(
      expect.objectContaining({ code: 'NOT_A_REPLAY' }),
    );
  });

  it('a list count larger than the bytes left is refused without allocating', () => {
    // header: size, crc, engine 868, licensee 10, game type, properties "None"; content with levels count 25,000
    const enc = new TextEncoder();
    const text = (s: string) => {
      const b = enc.encode(s + '\0');
      return [b.length, 0, 0, 0, ...b];
    };
    const headerBody = [100, 3, 0, 0, 10, 0, 0, 0, ...text('TAGame.Replay_Soccar_TA'), ...text('None')];
    const content = [0xa8, 0x61, 0, 0];
    const file = new Uint8Array([
      headerBody.length,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      ...headerBody,
      content.length,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      ...content,
    ]);
    const e = errorOf2(file);
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toContain('25000');
  });
});

function errorOf2(bytes: Uint8Array): ReplayError {
  const o = outcomeOf(() => parseReplay(bytes, { crc: 'never' }));
  if (o.kind !== 'error') throw new Error('expected an error');
  return o.error;
}
