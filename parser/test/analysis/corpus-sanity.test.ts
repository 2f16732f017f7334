import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getArray, getInt } from '../../src/header.js';
import { analyzeReplay, validateReport } from '../../src/analysis/index.js';
import type { PlayerStats } from '../../src/analysis/index.js';
import { parseReplayBytes } from '../../src/replay.js';
import { CORPUS_MISSING, corpusDir, decodableReplays } from './corpus.js';

const dir = corpusDir();
if (!dir) console.warn(CORPUS_MISSING);
const files = dir ? decodableReplays(dir) : [];

const sum = (...xs: Array<number | undefined>): number => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

/** Groups of time fields that partition the player's tracked time, and their percentages. */
function partitions(
  s: PlayerStats,
): Array<{ name: string; times: number[]; percents: Array<number | undefined> }> {
  const m = s.movement;
  const p = s.positioning;
  if (!m || !p) return [];
  return [
    {
      name: 'speed bands',
      times: [m.time_slow_speed, m.time_boost_speed, m.time_supersonic_speed],
      percents: [m.percent_slow_speed, m.percent_boost_speed, m.percent_supersonic_speed],
    },
    {
      name: 'height bands',
      times: [m.time_ground, m.time_low_air, m.time_high_air],
      percents: [m.percent_ground, m.percent_low_air, m.percent_high_air],
    },
    {
      name: 'thirds',
      times: [p.time_defensive_third, p.time_neutral_third, p.time_offensive_third],
      percents: [p.percent_defensive_third, p.percent_neutral_third, p.percent_offensive_third],
    },
    {
      name: 'halves',
      times: [p.time_defensive_half, p.time_offensive_half],
      percents: [p.percent_defensive_half, p.percent_offensive_half],
    },
    {
      name: 'ball side',
      times: [p.time_behind_ball, p.time_infront_ball],
      percents: [p.percent_behind_ball, p.percent_infront_ball],
    },
  ];
}

describe.skipIf(!dir)('every decodable corpus replay analyses consistently', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  for (const file of files) {
    it(file, () => {
      const parsed = parseReplayBytes(readFileSync(join(dir as string, file)));
      const report = analyzeReplay(parsed);
      expect(validateReport(report)).toEqual([]);

      // Goals: per team, the goal events equal the header's score. Only checkable when the replay
      // holds every goal (recordings joined mid-match, and gridiron's 7-point touchdowns, do not).
      const score = [
        getInt(parsed.header.properties, 'Team0Score') ?? 0,
        getInt(parsed.header.properties, 'Team1Score') ?? 0,
      ];
      const headerGoals = getArray(parsed.header.properties, 'Goals');
      if (headerGoals.length > 0 && headerGoals.length === (score[0] ?? 0) + (score[1] ?? 0)) {
        const blue = report.events.goals.filter((g) => g.team === 'blue').length;
        const orange = report.events.goals.filter((g) => g.team === 'orange').length;
        expect([blue, orange]).toEqual(score);
      }

      for (const player of report.players) {
        const s = player.stats;
        const groups = partitions(s);
        if (groups.length === 0) continue;
        const total = sum(...(groups[0]?.times ?? []));
        expect(total).toBeLessThanOrEqual(report.match.duration + 0.5);
        for (const g of groups) {
          // Every partition covers the same tracked time, and its percentages add up to 100.
          expect(sum(...g.times), `${player.name} ${g.name} time`).toBeCloseTo(total, 1);
          if (total > 0) expect(sum(...g.percents), `${player.name} ${g.name} %`).toBeCloseTo(100, 1);
        }
        const b = s.boost;
        const bands = sum(b?.time_boost_0_25, b?.time_boost_25_50, b?.time_boost_50_75, b?.time_boost_75_100);
        if (b && bands > 0) {
          expect(
            sum(b.percent_boost_0_25, b.percent_boost_25_50, b.percent_boost_50_75, b.percent_boost_75_100),
          ).toBeCloseTo(100, 1);
        }
      }
    });
  }
});
