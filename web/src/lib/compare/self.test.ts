import { describe, expect, it } from 'vitest';
import { compareToSelf } from './self';

describe('self comparison', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const g = (daysAgo: number, goals: number | null) => ({
    playedAt: new Date(now - daysAgo * 86_400_000).toISOString(),
    values: { 'core.goals': goals },
  });
  it('averages this week against last week and counts games', () => {
    const r = compareToSelf([g(1, 2), g(2, 4), g(8, 1), g(9, null), g(20, 9)], ['core.goals'], 'week', now);
    expect(r.currentGames).toBe(2);
    expect(r.previousGames).toBe(2);
    expect(r.current['core.goals']).toBe(3);
    expect(r.previous['core.goals']).toBe(1);
  });
  it('reports null when a period has no data', () => {
    const r = compareToSelf([g(1, 2)], ['core.goals'], 'month', now);
    expect(r.previous['core.goals']).toBeNull();
  });
});
