import { describe, expect, it } from 'vitest';
import { readMetric } from '$lib/stats/catalogue';
import type { SummaryListRow } from '@rlcoach/db';
import { fromSummaryRow } from './summary-row';

const row: SummaryListRow = {
  replayId: 'r1',
  status: 'analysed' as SummaryListRow['status'],
  stage: 'done' as SummaryListRow['stage'],
  error: null,
  playedAt: new Date('2026-11-20T18:00:00Z'),
  mapName: 'DFH Stadium',
  mapCode: 'stadium_p',
  playlist: 'Ranked Doubles',
  teamSize: 2,
  durationSeconds: 312.5,
  blueGoals: 3,
  orangeGoals: 1,
  hasReport: true,
  uploadedAt: new Date('2026-11-21T00:00:00Z'),
  sessionId: 'sabc',
  mine: true,
  playerName: 'Me',
  team: 'blue',
  result: 'win',
  stats: {
    'core.goals': 2,
    'core.assists': 1,
    'core.saves': 0,
    'core.shots': 4,
    'demo.inflicted': 1,
    'core.score': 420,
    'boost.bcpm': 380.25,
    'movement.avg_speed': 1500,
    'movement.time_supersonic_speed': 40,
    'movement.percent_supersonic_speed': 12.5,
    'positioning.percent_defensive_third': 50,
    'positioning.percent_neutral_third': 30,
    'positioning.percent_offensive_third': 20,
  },
};

describe('summary rows → dashboard replays', () => {
  it('rebuilds the topline stats in the report shape the catalogue reads', () => {
    const r = fromSummaryRow(row);
    expect(r).toMatchObject({
      id: 'r1',
      playedAt: '2026-11-20T18:00:00.000Z',
      uploadedAt: '2026-11-21T00:00:00.000Z',
      result: 'win',
      hasReport: true,
    });
    expect(readMetric(r.me, 'core.goals')).toBe(2);
    expect(readMetric(r.me, 'demo.inflicted')).toBe(1);
    expect(readMetric(r.me, 'movement.percent_supersonic_speed')).toBe(12.5);
    expect(readMetric(r.me, 'positioning.percent_neutral_third')).toBe(30);
  });
  it('prefers the stored stats blocks when the query selected them', () => {
    const r = fromSummaryRow({
      ...row,
      me: { stats: { core: { goals: 2, shots_against: 5 } }, mechanics: { n: 1 } },
    });
    expect(readMetric(r.me, 'core.shots_against')).toBe(5);
    expect(r.me?.mechanics).toEqual({ n: 1 });
  });
  it('has no "me" and no result when the user does not count in this replay', () => {
    const r = fromSummaryRow({ ...row, mine: false });
    expect(r.me).toBeNull();
    expect(r.result).toBeNull();
  });
});
