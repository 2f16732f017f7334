import { describe, expect, it } from 'vitest';
import { groupSessions, sessionIdFor, type SessionMatch } from './group';

const m = (id: string, iso: string | null, won: boolean | null = null, dur = 300): SessionMatch => ({
  id,
  playedAt: iso,
  durationSeconds: dur,
  result: won === null ? null : won ? 'win' : 'loss',
});

describe('play sessions', () => {
  const matches = [
    m('a', '2026-11-20T18:00:00Z', true),
    m('b', '2026-11-20T18:20:00Z', false), // 15 min after a ended
    m('c', '2026-11-20T19:10:00Z', true), // 45 min after b ended
    m('d', '2026-11-21T10:00:00Z', null),
    m('x', null, true),
  ];

  it('splits on gaps larger than the setting, newest session first, undated left out', () => {
    const s = groupSessions(matches, 30);
    expect(s.map((x) => x.matches.map((y) => y.id))).toEqual([['d'], ['c'], ['a', 'b']]);
    const first = s[2]!;
    expect(first.wins).toBe(1);
    expect(first.losses).toBe(1);
    expect(first.winRate).toBe(0.5);
    expect(first.durationSeconds).toBe(25 * 60);
    expect(s[0]!.winRate).toBeNull();
  });

  it('regroups when the gap changes, keeping ids tied to the first match', () => {
    const wide = groupSessions(matches, 60);
    expect(wide.map((x) => x.matches.map((y) => y.id))).toEqual([['d'], ['a', 'b', 'c']]);
    expect(wide[1]!.id).toBe(sessionIdFor('2026-11-20T18:00:00Z'));
    expect(groupSessions(matches, 30)[2]!.id).toBe(wide[1]!.id);
  });

  it('clamps nonsense gaps instead of failing', () => {
    expect(groupSessions(matches, Number.NaN)).toHaveLength(3);
    expect(groupSessions(matches, 0).length).toBeGreaterThanOrEqual(3);
  });
});
