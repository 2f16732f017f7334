import { describe, expect, it } from 'vitest';
import { teamScoreNote } from './match';

const g = (...goals: Array<number | null>) => goals.map((x) => ({ goals: x }));

describe('team score note', () => {
  it('explains a points-scoring mode whose team score differs from the goals', () => {
    expect(teamScoreNote({ blue: 21, orange: 30 }, { blue: g(2, 1), orange: g(4, 0) })).toBe(
      "Team score as the replay records it; this mode scores points, and the players' goals add up to 3 – 4.",
    );
  });
  it('says nothing when they agree or a goal count is unknown', () => {
    expect(teamScoreNote({ blue: 3, orange: 4 }, { blue: g(2, 1), orange: g(4) })).toBeNull();
    expect(teamScoreNote({ blue: 21, orange: 30 }, { blue: g(null, 1), orange: g(4) })).toBeNull();
    expect(teamScoreNote({ blue: 1, orange: 0 }, { blue: [], orange: [] })).toBeNull();
  });
});
