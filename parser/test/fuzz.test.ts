// Mutation fuzzing (seeded, reproducible): bit flips, truncations, byte overwrites and splices of
// small corpus replays, across the option matrix. Every outcome must be a result or a ReplayError,
// quickly; a failure message names the seed and case to replay.
import { describe, expect, it } from 'vitest';
import { looksLikeReplay, parseHeader, parseReplay, ReplayError, type ParseOptions } from '../src/index.js';
import { corpusAvailable, readReplay } from './helpers/corpus.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const CASES = Number(process.env.FUZZ_CASES ?? 2400);
const PER_CASE_MS = 2000;
const SOURCES = [
  'good/small-frames.replay',
  'good/18d6.replay',
  'good/1bc2.replay',
  'good/c837.replay',
  'good/7588d.replay',
  'good/no-frames.replay',
];
const OPTIONS: ParseOptions[] = [
  {},
  { crc: 'never' },
  { network: 'ignoreOnError' },
  { crc: 'always' },
  { crc: 'never', network: 'always' },
];

/** mulberry32: small, seedable, good enough for picking mutations. */
function prng(seed: number) {
  let s = seed >>> 0;
  return {
    next(): number {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    int(n: number): number {
      return Math.floor(this.next() * n);
    },
  };
}

type Mutation = 'flip' | 'truncate' | 'overwrite' | 'splice' | 'header-flip';

function mutate(rand: ReturnType<typeof prng>, sources: Uint8Array[]): { bytes: Uint8Array; how: Mutation } {
  const base = sources[rand.int(sources.length)]!;
  const kinds: Mutation[] = ['flip', 'truncate', 'overwrite', 'splice', 'header-flip'];
  const how = kinds[rand.int(kinds.length)]!;
  const bytes = new Uint8Array(base);
  switch (how) {
    case 'flip': {
      const n = 1 + rand.int(8);
      for (let i = 0; i < n; i++) bytes[rand.int(bytes.length)]! ^= 1 << rand.int(8);
      return { bytes, how };
    }
    case 'header-flip': {
      // Concentrate on the first 2 KB: sizes, lengths, property types.
      const n = 1 + rand.int(4);
      for (let i = 0; i < n; i++) bytes[rand.int(Math.min(2048, bytes.length))]! ^= 1 << rand.int(8);
      return { bytes, how };
    }
    case 'truncate':
      return { bytes: bytes.slice(0, rand.int(bytes.length)), how };
    case 'overwrite': {
      const at = rand.int(bytes.length);
      const len = 1 + rand.int(64);
      const v = rand.int(2) === 0 ? 0xff : rand.int(256);
      bytes.fill(v, at, Math.min(bytes.length, at + len));
      return { bytes, how };
    }
    case 'splice': {
      const other = sources[rand.int(sources.length)]!;
      const cut = rand.int(bytes.length);
      const from = rand.int(other.length);
      const out = new Uint8Array(cut + (other.length - from));
      out.set(bytes.subarray(0, cut), 0);
      out.set(other.subarray(from), cut);
      return { bytes: out, how };
    }
  }
}

describe.skipIf(!corpusAvailable)(`fuzz: ${CASES} mutated replays (seed ${SEED})`, () => {
  it('every outcome is a result or a typed ReplayError, never a hang or an untyped exception', () => {
    const sources = SOURCES.map(readReplay);
    const rand = prng(SEED);
    const tally = { result: 0, partial: 0, error: 0 } as Record<string, number>;
    const codes = new Map<string, number>();
    let slowest = 0;
    for (let i = 0; i < CASES; i++) {
      const { bytes, how } = mutate(rand, sources);
      const options = OPTIONS[i % OPTIONS.length]!;
      const label = `case ${i} (${how}, seed ${SEED}, options ${JSON.stringify(options)})`;
      const t0 = performance.now();
      try {
        const r = parseReplay(bytes, options);
        tally[r.network.status === 'partial' ? 'partial' : 'result']!++;
        expect(r.network.framesDecoded, label).toBeLessThanOrEqual(Math.max(r.network.framesTotal, 0));
      } catch (e) {
        if (!(e instanceof ReplayError))
          throw new Error(`${label}: untyped exception ${String(e)}`, { cause: e });
        tally.error!++;
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      }
      try {
        looksLikeReplay(bytes);
        parseHeader(bytes);
      } catch (e) {
        if (!(e instanceof ReplayError))
          throw new Error(`${label}: parseHeader threw untyped ${String(e)}`, { cause: e });
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      expect(ms, label).toBeLessThan(PER_CASE_MS);
    }
    console.log(`fuzz: ${CASES} cases`, tally, Object.fromEntries(codes), `slowest ${slowest.toFixed(1)} ms`);
    expect(tally.result! + tally.partial! + tally.error!).toBe(CASES);
    // The mutations must actually exercise the error paths.
    expect(tally.error).toBeGreaterThan(CASES / 10);
  });
});
