import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReplay } from '../../src/analysis/index.js';
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
