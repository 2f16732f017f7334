// The labels every view shows a replay with (upload card, Replays list, replay page): pure rules.
import { describe, expect, it } from 'vitest';
import { matchDateLabel, playlistLabel, rosterLabel, teamRosters } from '../src/repositories/match-labels.js';
import { SEASONS, seasonById, seasonWindow } from '../src/repositories/seasons.js';

describe('match labels', () => {
  it('date: the real instant in UTC, else the recorder’s wall clock said to be that, else unknown', () => {
    // en-GB's short month for September is "Sept" or "Sep" depending on the ICU version.
    expect(matchDateLabel({ playedAt: '2025-09-25T14:33:00Z', dateLocal: '2025-09-25 16-33-00' })).toMatch(
      /^25 Sept? 2025, 14:33 UTC$/,
    );
    expect(matchDateLabel({ playedAt: null, dateLocal: '2021-02-07 18-57-46' })).toBe(
      "7 Feb 2021, 18:57 (recorder's local time)",
    );
    expect(matchDateLabel({ playedAt: 'garbage', dateLocal: 'yesterday' })).toBe('Date unknown');
    expect(matchDateLabel({ playedAt: null, dateLocal: null })).toBe('Date unknown');
  });

  it('playlist: the id’s name, else team size and match type, never a number', () => {
    expect(playlistLabel(28, 3, 'Online')).toBe('Ranked Rumble');
    expect(playlistLabel(null, 4, 'Online')).toBe('4v4 Online');
    expect(playlistLabel(999, null, null)).toBeNull();
  });

  it('players: per team, highest score first, spectators and referees left out', () => {
    const r = teamRosters([
      { name: 'b', team: 0, score: 100 },
      { name: 'a', team: 0, score: 100 },
      { name: 'top', team: 0, score: 400 },
      { name: 'o', team: 'orange', score: null },
      { name: 'ref', team: null, score: 0 },
      { name: 'spec', team: 255, score: 0 },
    ]);
    expect(r).toEqual({ blue: ['top', 'a', 'b'], orange: ['o'] });
    expect(rosterLabel(r)).toBe('top, a, b vs o');
    expect(rosterLabel({ blue: [], orange: ['x'] })).toBe('— vs x');
  });
});

describe('season calendar', () => {
  it('is in date order, with unique ids, and each season ends where the next begins', () => {
    for (let i = 1; i < SEASONS.length; i++) {
      expect(SEASONS[i]!.start.getTime()).toBeGreaterThan(SEASONS[i - 1]!.start.getTime());
      expect(seasonWindow(SEASONS[i - 1]!).to).toEqual(SEASONS[i]!.start);
    }
    expect(new Set(SEASONS.map((s) => s.id)).size).toBe(SEASONS.length);
    expect(seasonById('s1')!.start).toEqual(new Date('2020-09-23T16:00:00Z'));
    expect(seasonWindow(SEASONS[SEASONS.length - 1]!).to).toBeNull();
    expect(seasonById('nope')).toBeNull();
  });
});
