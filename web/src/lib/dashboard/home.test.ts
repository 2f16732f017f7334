import { describe, expect, it } from 'vitest';
import { homeSummary, type HomeAggregates } from './home';

// Counting and averaging happen in Postgres (web/test/dashboard/summaries.test.ts); this is the rest.
const agg = (lastResults: HomeAggregates['lastResults']): HomeAggregates => ({
  totalReplays: 30,
  myGames: 25,
  lastResults,
  averages: { 'core.goals': 1.5 },
  recent: [],
});

describe('home summary', () => {
  it('rates the last 20 decided games, draws neither won nor lost', () => {
    const s = homeSummary(agg(['win', 'loss', 'draw', 'win']));
    expect(s.last20).toEqual({ wins: 2, losses: 1, rate: 2 / 3 });
    expect(s.previousRate).toBeNull(); // too few games for a direction
    expect(s).toMatchObject({ totalReplays: 30, myGames: 25, averages: { 'core.goals': 1.5 } });
  });
  it('shows the direction once there are enough games', () => {
    const s = homeSummary(agg([...Array(10).fill('win'), ...Array(10).fill('loss')]));
    expect(s.last20.rate).toBe(0.5);
    expect(s.previousRate).toBe(0);
  });
  it('has no rate without decided games', () => {
    expect(homeSummary(agg([])).last20).toEqual({ wins: 0, losses: 0, rate: null });
  });
});
