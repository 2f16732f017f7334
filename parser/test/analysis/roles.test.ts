import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReplay } from '../../src/analysis/index.js';
import { loneCarRoles } from '../../src/analysis/stats/accumulate.js';
import { parseReplayBytes } from '../../src/replay.js';
import { CORPUS_MISSING, corpusDir } from './corpus.js';

describe('roles: one rule for every team size', () => {
  it('a car with ranked teammates is ranked; a lone car holds all four unless a teammate is off the field', () => {
    expect(loneCarRoles(1, false)).toBe('none');
    expect(loneCarRoles(2, true)).toBe('none');
    expect(loneCarRoles(0, false)).toBe('all');
    expect(loneCarRoles(0, true)).toBe('forwardClosest');
  });

  const dir = corpusDir();
  if (!dir) console.warn(CORPUS_MISSING);
  // 2019 private 1v1 (868.24.10) and 2026 hoops 1v1 (868.32.11).
  for (const file of ['good/5a06.replay', 'good/2974.replay']) {
    it.skipIf(!dir)(`${file}: each 1v1 player is most back, most forward, closest and farthest`, () => {
      const report = analyzeReplay(parseReplayBytes(readFileSync(join(dir as string, file))));
      expect(report.players.length).toBeGreaterThan(0);
      for (const p of report.players) {
        const s = p.stats.positioning;
        expect(s?.time_most_back).toBeGreaterThan(0);
        expect(s?.time_most_forward).toBeCloseTo(s?.time_most_back ?? NaN, 6);
        expect(s?.time_closest_to_ball).toBeCloseTo(s?.time_most_back ?? NaN, 6);
        expect(s?.time_farthest_from_ball).toBeCloseTo(s?.time_most_back ?? NaN, 6);
        expect(s?.percent_most_back).toBeGreaterThan(90);
      }
    });
  }
});
