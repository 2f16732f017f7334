import { describe, expect, it } from 'vitest';
import { readMetric } from '$lib/stats/catalogue';
import { fromSummaryRow, type SummaryRow } from './summary-row';

const row: SummaryRow = {
  id: 'r1',
  status: 'analysed' as SummaryRow['status'],
  stage: 'done' as SummaryRow['stage'],
  error: null,
  // As Postgres sends timestamptz text.
  played_at: '2026-11-20 18:00:00+00',
  map_name: 'DFH Stadium',
  map_code: 'stadium_p',
  playlist: 'Ranked Doubles',
  team_size: 2,
  duration_seconds: 312.5,
  blue_goals: 3,
  orange_goals: 1,
  has_report: true,
  uploaded_at: '2026-11-21 00:00:00+00',
  session_id: 'sabc',
  mine: true,
  player_name: 'Me',
  team: 'blue',
  result: 'win',
  goals: 2,
  assists: 1,
  saves: 0,
  shots: 4,
  demos: 1,
  score: 420,
  bcpm: 380.25,
  avg_speed: 1500,
  time_supersonic: 40,
  percent_supersonic: 12.5,
  percent_defensive_third: 50,
  percent_neutral_third: 30,
  percent_offensive_third: 20,
};

describe('summary rows → dashboard replays', () => {
  it('rebuilds the topline stats in the report shape the catalogue reads', () => {
    const r = fromSummaryRow(row);
    expect(r).toMatchObject({ playedAt: '2026-11-20T18:00:00.000Z', result: 'win', hasReport: true });
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
