import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { analyzeReplay, buildMatchModel, type MatchModel } from '../../src/analysis/index.js';
import * as defaults from '../../src/analysis/constants.js';
import { parseReplayBytes } from '../../src/replay.js';
import {
  compareWithBallchasing,
  type BallchasingReplay,
  type FieldResult,
  type OurSide,
} from './ballchasing-compare.js';
import { CORPUS_MISSING, corpusDir } from './corpus.js';

const WITH_STATS = [
  'recent-ranked-doubles-2026-03-10',
  'recent-ranked-standard-2026-03-10-a',
  'rlcs-2025-worlds-grand-final-flcn-nrg-g5',
];
/** Share of compared fields that must be within tolerance (stats-reference Part D): issue #4's target. */
const TARGET_MATCH_SHARE = 0.95;
/**
 * What the analysis reaches today (1,449 / 1,492 = 97.1 % on 2026-11-26), above the target: a
 * ratchet that fails on any regression. Raise it whenever a rule lands; never lower it.
 * known-disagreements.md lists every remaining miss and what was tried.
 */
const ACCURACY_FLOOR = 0.971;

const dir = corpusDir();
if (!dir) console.warn(CORPUS_MISSING);

function fieldTable(results: FieldResult[]): string {
  const byField = new Map<string, { ok: number; n: number }>();
  for (const r of results) {
    const field = r.path.split('.').slice(-2).join('.');
    const e = byField.get(field) ?? { ok: 0, n: 0 };
    e.n++;
    if (r.ok) e.ok++;
    byField.set(field, e);
  }
  return [...byField]
    .map(
      ([f, e]) =>
        `${f.padEnd(48)} ${String(e.ok).padStart(3)}/${String(e.n).padEnd(3)}${e.ok < e.n ? '  ✗' : ''}`,
    )
    .join('\n');
}

describe.skipIf(!dir)('stats match ballchasing.com on the with-stats replays', () => {
  const all: FieldResult[] = [];

  for (const name of WITH_STATS) {
    it(`${name}: every compared field`, () => {
      const base = join(dir as string, 'with-stats', name);
      const report = analyzeReplay(parseReplayBytes(readFileSync(`${base}.replay`)));
      const theirs = JSON.parse(readFileSync(`${base}.ballchasing.json`, 'utf8')) as BallchasingReplay;
      const results = compareWithBallchasing(report as unknown as OurSide, theirs);
      all.push(...results);
      const ok = results.filter((r) => r.ok).length;
      console.log(
        `\n${name}: ${ok}/${results.length} fields within tolerance (${((100 * ok) / results.length).toFixed(1)} %)`,
      );
      // Core counts are authoritative in the replay: these must always be exact (demos included).
      const coreMisses = results.filter(
        (r) => !r.ok && /\.(core\.(goals|assists|saves|shots|score)|demo\.(inflicted|taken))$/.test(r.path),
      );
      expect(coreMisses).toEqual([]);
      // The MVP is outside the compared share (stats-reference Part D) but must be the same player.
      const mvpOf = (players: ReadonlyArray<{ name: string; stats: object }>) =>
        players
          .filter((p) => (p.stats as { core?: { mvp?: boolean } }).core?.mvp === true)
          .map((p) => p.name.toLowerCase());
      expect(mvpOf(report.players)).toEqual(mvpOf([...theirs.blue.players, ...theirs.orange.players]));
      expect(results.length).toBeGreaterThan(100);
    });
  }

  it(`at least ${TARGET_MATCH_SHARE * 100} % of compared fields within tolerance (ratchet: ${ACCURACY_FLOOR * 100} %)`, () => {
    expect(all.length).toBeGreaterThan(0);
    const ok = all.filter((r) => r.ok).length;
    console.log(`\nper-field matches over the three replays:\n${fieldTable(all)}`);
    const misses = all.filter((r) => !r.ok);
    console.log(
      `\nmisses (${misses.length}):\n` +
        misses
          .map(
            (m) =>
              `${m.path}: ours ${m.ours === undefined ? 'missing' : String(m.ours)} vs ${String(m.theirs)} (±${m.tolerance})`,
          )
          .join('\n'),
    );
    const share = ok / all.length;
    console.log(
      `\nTOTAL ${ok}/${all.length} = ${(100 * share).toFixed(1)} % ` +
        `(target ${TARGET_MATCH_SHARE * 100} %: ${share >= TARGET_MATCH_SHARE ? 'met' : 'NOT met'})`,
    );
    expect(share).toBeGreaterThanOrEqual(TARGET_MATCH_SHARE);
    expect(share).toBeGreaterThanOrEqual(ACCURACY_FLOOR);
  });
});

/**
 * Every threshold that was tuned on these three replays, with the alternatives the tuning looked
 * at (constants.ts gives each one's evidence). Leave-one-replay-out: for each replay, every
 * constant is re-chosen on the other two (the value with the most fields within tolerance there;
 * ties go to the middle of the tied values, not to the value in use), and the third is scored
 * with the chosen set. The rules themselves (which quantity is booked when) were also found on
 * these replays; they have no constant left to re-choose, so they are in both columns alike.
 */
const TUNED: Record<string, readonly number[]> = {
  GROUND_Z: [18, 20, 22],
  HIGH_AIR_Z: [735.5, 790, 840, 890],
  POWERSLIDE_MAX_Z: [20, 25, 30, 40],
  POWERSLIDE_COUNT_MAX_Z: [18, 20, 25],
  SILENT_CAR_S: [1, 1.5, 2.5, Infinity],
  STOPPED_CAR_SPEED: [0, 5, 10, 20, 40],
  RAW_FULL_BOOST_FROM: [254, 255],
  SMALL_PAD_RAW: [30.6, 31],
};
type Overrides = Record<string, number>;

/**
 * The stats with some constants replaced: computeStats from a fresh module graph over a mocked
 * constants.ts, on a match model built once (no tuned constant is read while building it).
 */
async function statsWith(model: MatchModel, overrides: Overrides): Promise<OurSide> {
  vi.resetModules();
  vi.doMock('../../src/analysis/constants.js', async (importOriginal) => ({
    ...(await importOriginal<typeof defaults>()),
    ...overrides,
  }));
  const mod = await import('../../src/analysis/stats/compute.js');
  vi.doUnmock('../../src/analysis/constants.js');
  const stats = mod.computeStats(model);
  return {
    players: model.players.map((p, i) => ({
      name: p.name,
      platform: p.platform,
      platform_id: p.platformId,
      stats: (stats.players[i] ?? {}) as unknown as OurSide['players'][number]['stats'],
    })),
    teams: {
      blue: { stats: stats.teams[0] as unknown as OurSide['teams']['blue']['stats'] },
      orange: { stats: stats.teams[1] as unknown as OurSide['teams']['blue']['stats'] },
    },
  };
}

const blockOf = (path: string): string => path.split('.').slice(-2)[0] ?? '';
const share = (rs: FieldResult[]): number => rs.filter((r) => r.ok).length / Math.max(1, rs.length);

/** The value chosen on the training replays: most fields within tolerance, ties to the middle. */
function choose(values: readonly number[], score: (v: number) => number): number {
  const scored = values.map((v) => ({ v, s: score(v) }));
  const best = Math.max(...scored.map((x) => x.s));
  const tied = scored.filter((x) => x.s === best).map((x) => x.v);
  return tied[Math.floor((tied.length - 1) / 2)] as number;
}

describe.skipIf(!dir)('leave-one-replay-out agreement (issue #17)', () => {
  it(`every block at or above ${TARGET_MATCH_SHARE * 100} % in-sample and held out`, async () => {
    const replays = WITH_STATS.map((name) => {
      const base = join(dir as string, 'with-stats', name);
      return {
        name,
        model: buildMatchModel(parseReplayBytes(readFileSync(`${base}.replay`))),
        theirs: JSON.parse(readFileSync(`${base}.ballchasing.json`, 'utf8')) as BallchasingReplay,
      };
    });
    const compare = async (i: number, o: Overrides): Promise<FieldResult[]> => {
      const r = replays[i] as (typeof replays)[number];
      return compareWithBallchasing(await statsWith(r.model, o), r.theirs);
    };
    // Fields within tolerance per (constant, value, replay), every other constant at its default.
    const okCount = new Map<string, number>();
    for (const [name, values] of Object.entries(TUNED)) {
      for (const v of values)
        for (let i = 0; i < replays.length; i++)
          okCount.set(`${name}=${v}@${i}`, (await compare(i, { [name]: v })).filter((r) => r.ok).length);
    }

    const inSample: FieldResult[] = [];
    const heldOut: FieldResult[] = [];
    const lines: string[] = [];
    for (let k = 0; k < replays.length; k++) {
      const train = replays.map((_, i) => i).filter((i) => i !== k);
      const chosen: Overrides = {};
      for (const [name, values] of Object.entries(TUNED))
        chosen[name] = choose(values, (v) =>
          train.reduce((s, i) => s + (okCount.get(`${name}=${v}@${i}`) ?? 0), 0),
        );
      const moved = Object.entries(chosen)
        .filter(([n, v]) => (defaults as unknown as Record<string, number>)[n] !== v)
        .map(([n, v]) => `${n}=${v}`);
      const own = await compare(k, {});
      const held = await compare(k, chosen);
      inSample.push(...own);
      heldOut.push(...held);
      lines.push(
        `${replays[k]?.name}: in-sample ${(100 * share(own)).toFixed(1)} %, held out ${(100 * share(held)).toFixed(1)} % ` +
          `(re-chosen on the other two: ${moved.length ? moved.join(', ') : 'every constant as in use'})`,
      );
    }
    const blocks = [...new Set(inSample.map((r) => blockOf(r.path)))];
    const row = (b: string): string => {
      const a = inSample.filter((r) => blockOf(r.path) === b);
      const h = heldOut.filter((r) => blockOf(r.path) === b);
      return `${b.padEnd(12)} in-sample ${(100 * share(a)).toFixed(1).padStart(5)} %  leave-one-out ${(100 * share(h)).toFixed(1).padStart(5)} %  (${a.length} fields)`;
    };
    console.log(
      `\nleave-one-replay-out:\n${lines.join('\n')}\n\nper block:\n${blocks.map(row).join('\n')}\n` +
        `all          in-sample ${(100 * share(inSample)).toFixed(1)} %  leave-one-out ${(100 * share(heldOut)).toFixed(1)} %`,
    );
    expect(share(inSample)).toBeGreaterThanOrEqual(TARGET_MATCH_SHARE);
    expect(share(heldOut)).toBeGreaterThanOrEqual(TARGET_MATCH_SHARE);
  }, 600_000);
});
