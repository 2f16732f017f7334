import { describe, expect, it } from 'vitest';
import { homeSummary } from './home';
import type { DashboardReplay } from './types';

const g = (id: string, result: DashboardReplay['result'], goals: number | null, me = true): DashboardReplay =>
  ({
    id,
    result,
    me: me
      ? { name: 'x', team: 'blue', stats: { core: goals === null ? {} : { goals } }, mechanics: null }
      : null,
  }) as DashboardReplay;

describe('home summary', () => {
  it('counts only claimed games, the last 20 decided, and averages present values', () => {
    const lib = [g('a', 'win', 2), g('b', 'loss', null), g('c', null, 4), g('d', null, null, false)];
    const s = homeSummary(lib);
    expect(s.totalReplays).toBe(4);
    expect(s.myGames).toBe(3);
    expect(s.last20).toEqual({ wins: 1, losses: 1, rate: 0.5 });
    expect(s.averages['core.goals']).toBe(3);
    expect(s.averages['boost.bcpm']).toBeNull();
    expect(s.previousRate).toBeNull();
    expect(s.recent.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });
  it('shows the direction once there are enough games', () => {
    const lib = [
      ...Array.from({ length: 10 }, (_, i) => g(`n${i}`, 'win', 1)),
      ...Array.from({ length: 10 }, (_, i) => g(`o${i}`, 'loss', 1)),
    ];
    const s = homeSummary(lib);
    expect(s.last20.rate).toBe(0.5);
    expect(s.previousRate).toBe(0);
  });
});
