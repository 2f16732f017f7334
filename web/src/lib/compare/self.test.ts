import { describe, expect, it } from 'vitest';
import { compareToSelf, lastDaysWindows } from './self';

describe('self comparison', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const g = (daysAgo: number, goals: number | null) => ({
    playedAt: new Date(now - daysAgo * 86_400_000).toISOString(),
    values: { 'core.goals': goals },
  });
  it('averages this week against last week and counts games', () => {
    const r = compareToSelf(
      [g(1, 2), g(2, 4), g(8, 1), g(9, null), g(20, 9)],
      ['core.goals'],
      lastDaysWindows(7, now),
    );
    expect(r.currentGames).toBe(2);
    expect(r.previousGames).toBe(2);
    expect(r.current['core.goals']).toBe(3);
    expect(r.previous['core.goals']).toBe(1);
  });
  it('reports null when a period has no data', () => {
    const r = compareToSelf([g(1, 2)], ['core.goals'], lastDaysWindows(30, now));
    expect(r.previous['core.goals']).toBeNull();
  });
  it('all time has no previous period', () => {
    const r = compareToSelf([g(1, 2), g(400, 4)], ['core.goals'], {
      current: { from: null, to: null },
      previous: null,
    });
    expect([r.currentGames, r.previousGames, r.current['core.goals']]).toEqual([2, null, 3]);
  });
  it('a custom range is half-open: its end instant belongs to the next period', () => {
    const to = now - 86_400_000;
    const windows = { current: { from: to - 7 * 86_400_000, to }, previous: null };
    const r = compareToSelf([g(1, 2), g(3, 4)], ['core.goals'], windows);
    expect([r.currentGames, r.current['core.goals']]).toEqual([1, 4]);
  });
});
