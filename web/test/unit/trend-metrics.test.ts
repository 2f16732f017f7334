// Trends' metric choice comes from the URL: only catalogue keys reach SQL, unknown ones fall back.
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/lib/stats/catalogue';
import { metricValueSql } from '../../src/lib/server/dashboard/trend-values';
import { DEFAULT_TREND_METRIC, TREND_METRICS, trendMetric } from '../../src/lib/trends/metrics';

describe('trend metric choice', () => {
  it('accepts win rate and every catalogue metric, and falls back to goals otherwise', () => {
    expect(trendMetric('win').label).toBe('Win rate');
    for (const m of METRICS) expect(trendMetric(m.key)).toBe(m);
    for (const bad of [null, '', 'core', 'core.goals;drop table users', '__proto__'])
      expect(trendMetric(bad).key).toBe(DEFAULT_TREND_METRIC);
  });

  it('reads a summary column when there is one, else one JSON path (mechanics under me.mechanics)', () => {
    expect(metricValueSql('core.goals')).toEqual({ sql: 's.goals::float8', params: [] });
    expect(metricValueSql('boost.bpm').params).toEqual(['{stats,boost,bpm}', '{stats,boost,bpm}']);
    expect(metricValueSql('mechanics.jumps').params).toEqual(['{mechanics,jumps}', '{mechanics,jumps}']);
    // Every choice the page offers builds; nothing else gets near the SQL text.
    for (const m of TREND_METRICS) expect(() => metricValueSql(m.key)).not.toThrow();
    expect(() => metricValueSql("core.goals'}")).toThrow(/not a metric key/);
  });
});
