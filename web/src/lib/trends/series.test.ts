import { describe, expect, it } from 'vitest';
import { buildTrend, summarizeTrend, withinPeriod, type TrendInput } from './series';

const inputs: TrendInput[] = [
  { replayId: 'r1', playedAt: '2026-11-16T23:30:00Z', sessionId: 'sA', value: 2 },
  { replayId: 'r2', playedAt: '2026-11-16T23:45:00Z', sessionId: 'sA', value: 4 },
  { replayId: 'r3', playedAt: '2026-11-18T10:00:00Z', sessionId: 'sB', value: 1 },
  { replayId: 'r4', playedAt: '2026-11-24T10:00:00Z', sessionId: 'sC', value: null },
  { replayId: 'r5', playedAt: '2026-12-01T10:00:00Z', sessionId: 'sD', value: 6 },
];

describe('trend series', () => {
  it('one point per replay, skipping replays without the metric', () => {
    const p = buildTrend(inputs, 'replay');
    expect(p.map((x) => x.key)).toEqual(['r1', 'r2', 'r3', 'r5']);
    expect(p[0]!.href).toBe('/replays/r1');
  });
  it('averages per session and links to it', () => {
    const p = buildTrend(inputs, 'session');
    expect(p.map((x) => [x.key, x.value, x.count])).toEqual([
      ['sA', 3, 2],
      ['sB', 1, 1],
      ['sD', 6, 1],
    ]);
    expect(p[0]!.href).toBe('/sessions/sA');
  });
  it('buckets days, weeks and months in the user time zone', () => {
    expect(buildTrend(inputs, 'day', 'UTC').map((x) => x.key)).toEqual([
      '2026-11-16',
      '2026-11-18',
      '2026-12-01',
    ]);
    // 23:30 UTC on the 16th is already the 17th in Berlin.
    expect(buildTrend(inputs, 'day', 'Europe/Berlin')[0]!.key).toBe('2026-11-17');
    expect(buildTrend(inputs, 'week', 'UTC').map((x) => [x.key, x.count])).toEqual([
      ['2026-11-16', 3],
      ['2026-11-30', 1],
    ]);
    expect(buildTrend(inputs, 'month', 'UTC').map((x) => x.label)).toEqual(['Nov 2026', 'Dec 2026']);
  });
  it('puts the year in every session and replay label when the points span years, else in the first', () => {
    expect(
      buildTrend(inputs, 'replay', 'UTC')
        .map((x) => x.label)
        .slice(0, 2),
    ).toEqual(['16 Nov 2026 23:30', '16 Nov 23:45']);
    const spanning: TrendInput[] = [
      { replayId: 'old', playedAt: '2021-02-07T20:15:00Z', sessionId: 's0', value: 1 },
      ...inputs,
    ];
    expect(buildTrend(spanning, 'replay', 'UTC').map((x) => x.label)).toEqual([
      '7 Feb 2021 20:15',
      '16 Nov 2026 23:30',
      '16 Nov 2026 23:45',
      '18 Nov 2026 10:00',
      '1 Dec 2026 10:00',
    ]);
    expect(buildTrend(spanning, 'session', 'UTC')[0]!.label).toBe('7 Feb 2021 20:15');
  });
  it('summarises current, weighted average, best and worst by direction', () => {
    const p = buildTrend(inputs, 'session');
    expect(summarizeTrend(p, 'higher')).toEqual({ current: 6, average: 13 / 4, best: 6, worst: 1 });
    expect(summarizeTrend(p, 'lower')).toMatchObject({ best: 1, worst: 6 });
    expect(summarizeTrend([], 'higher').current).toBeNull();
  });
  it('filters by period', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    expect(withinPeriod(inputs, 7, now).map((i) => i.replayId)).toEqual(['r5']);
    expect(withinPeriod(inputs, null, now)).toHaveLength(5);
  });
});
