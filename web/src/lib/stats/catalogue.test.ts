import { describe, expect, it } from 'vitest';
import { METRICS, formatMetric, metricLabel, readMetric } from './catalogue';

describe('metric catalogue', () => {
  it('has unique keys and no snake_case labels', () => {
    expect(new Set(METRICS.map((m) => m.key)).size).toBe(METRICS.length);
    for (const m of METRICS) expect(m.label).not.toMatch(/_/);
    expect(metricLabel('boost.some_new_field')).toBe('Some new field');
  });
  it('reads values from a report player and says when they are absent', () => {
    const p = { stats: { core: { goals: 2 }, boost: { bcpm: 351.2 } }, mechanics: { jumps: 40 } };
    expect(readMetric(p, 'core.goals')).toBe(2);
    expect(readMetric(p, 'boost.bcpm')).toBe(351.2);
    expect(readMetric(p, 'mechanics.jumps')).toBe(40);
    expect(readMetric(p, 'movement.avg_speed')).toBeNull();
    expect(readMetric({ stats: { core: {} }, mechanics: null }, 'mechanics.jumps')).toBeNull();
  });
  it('formats with units and a dash for unknown', () => {
    expect(formatMetric(null, 'count')).toBe('—');
    expect(formatMetric(42.25, 'percent')).toBe('42.3 %');
    expect(formatMetric(95, 'seconds')).toBe('1m 35s');
    expect(formatMetric(1523.4, 'uu/s')).toBe('1,523 uu/s');
  });
});
