// Trends' metric choice comes from the URL: only catalogue keys reach db's reads, unknown ones fall back.
// (How db reads each metric in SQL is tested in db/test/dashboard-reads.test.ts.)
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/lib/stats/catalogue';
import { trendMetricOf } from '../../src/lib/server/dashboard/trend-values';
import { DEFAULT_TREND_METRIC, trendMetric } from '../../src/lib/trends/metrics';

describe('trend metric choice', () => {
  it('accepts win rate and every catalogue metric, and falls back to goals otherwise', () => {
    expect(trendMetric('win').label).toBe('Win rate');
    for (const m of METRICS) expect(trendMetric(m.key)).toBe(m);
    for (const bad of [null, '', 'core', 'core.goals;drop table users', '__proto__'])
      expect(trendMetric(bad).key).toBe(DEFAULT_TREND_METRIC);
  });

  it('asks db for the win rate or for the catalogue path', () => {
    expect(trendMetricOf('win')).toEqual({ kind: 'winRate' });
    expect(trendMetricOf('core.goals')).toEqual({ kind: 'stat', path: 'core.goals' });
    expect(trendMetricOf('mechanics.jumps')).toEqual({ kind: 'stat', path: 'mechanics.jumps' });
  });
});
