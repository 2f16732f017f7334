import { describe, expect, it } from 'vitest';
import { friendlyMapName, matchInfo, parseHeader } from '../../src/index.js';
import { corpusAvailable, readReplay } from '../helpers/corpus.js';

describe('friendly map names', () => {
  it('matches codes case-insensitively and returns null for unknown codes', () => {
    expect(friendlyMapName('stadium_p')).toBe('DFH Stadium');
    expect(friendlyMapName('Stadium_P')).toBe('DFH Stadium');
    expect(friendlyMapName('Not_A_Map_P')).toBeNull();
    expect(friendlyMapName(null)).toBeNull();
  });
});

describe.skipIf(!corpusAvailable)('matchInfo from real headers', () => {
  it('a 2026 ranked doubles match: ids, teams, players, goals, epoch', () => {
    const file = 'with-stats/recent-ranked-doubles-2026-03-10.replay';
    const info = matchInfo(parseHeader(readReplay(file)));
    expect(info).toMatchObject({
      replayId: '1123AC154993C21FECDB9889165CF8CA',
      matchGuid: 'E3015E6011F11CB1F0559C8BD16595B0',
      mapCode: 'Outlaw_Oasis_P',
      mapName: 'Deadeye Canyon (Oasis)',
      playedAt: '2026-03-10T18:49:36.000Z',
      dateLocal: '2026-03-10 18-55-49',
      matchType: 'Online',
      teamSize: 2,
      blueGoals: 4,
      orangeGoals: 1,
      numFrames: 9530,
      recordFps: 30,
      gameVersion: { engine: 868, licensee: 32, net: 10 },
      buildVersion: '260114.55864.507183',
    });
    expect(info.overtime).toBeNull(); // not derivable from the header
    expect(info.players).toHaveLength(4);
    expect(info.players.filter((p) => p.team === 0)).toHaveLength(2);
    expect(info.players[0]).toMatchObject({ name: 'Quantavious1234', team: 0, platform: 'epic', bot: false });
    expect(info.goals).toHaveLength(5);
    expect(info.goals.filter((g) => g.team === 0)).toHaveLength(4);
    expect(info.durationSeconds).toBeCloseTo(9530 / 30, 6);
  });

  it('header-patched quirks files decode (engine 0, 4-byte bools)', () => {
    const h = parseHeader(readReplay('good/6688.replay'));
    expect(h.engineVersion).toBe(0);
    expect(h.netVersion).toBeNull();
    expect(h.properties.length).toBeGreaterThan(0);
  });
});
