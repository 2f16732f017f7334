import { describe, expect, it } from 'vitest';
import { toDashboardReplay, type LibraryRow } from './rows';

const row: LibraryRow = {
  replayId: 'r1',
  status: 'analysed' as LibraryRow['status'],
  header: {
    mapName: 'DFH Stadium',
    playedAt: null,
    dateLocal: '2026-11-20 18-00-00',
    durationSeconds: 320,
    matchType: 'Online',
  },
  mapCode: 'Stadium_P',
  uploadedAt: new Date('2026-11-25T10:00:00Z'),
  scoreboard: { playlist: 'Ranked Doubles', teams: { blue: { goals: 3 }, orange: { goals: 1 } } },
  players: [
    {
      name: 'Me',
      platform: 'steam',
      platform_id: '1',
      team: 'orange',
      stats: { core: { goals: 1 } },
      mechanics: null,
    },
    {
      name: 'Other',
      platform: 'epic',
      platform_id: null,
      team: 'blue',
      stats: { core: { goals: 3 } },
      mechanics: null,
    },
  ],
  blueGoals: null,
  orangeGoals: null,
  playlistId: 11,
  teamSize: 2,
};

describe('dashboard rows', () => {
  it('resolves match time, friendly map, playlist, me and the result', () => {
    const r = toDashboardReplay(row, new Set(['steam:1']), 'UTC');
    expect(r.playedAt).toBe('2026-11-20T18:00:00.000Z');
    expect(r.mapName).toBe('DFH Stadium');
    expect(r.playlist).toBe('Ranked Doubles');
    expect(r.me?.name).toBe('Me');
    expect(r.result).toBe('loss');
    expect(r.uploadedAt).toBe('2026-11-25T10:00:00.000Z');
  });
  it('has no me and no result without a claim (never by display name)', () => {
    const r = toDashboardReplay(row, new Set(['name:Me']), 'UTC');
    expect(r.me).toBeNull();
    expect(r.result).toBeNull();
    expect(toDashboardReplay({ ...row, players: null }, new Set(), 'UTC').hasReport).toBe(false);
  });
});
