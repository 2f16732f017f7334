/**
 * replay_summaries rows → DashboardReplay, pure so it is tested without a database. The "me"
 * stats come from the summary columns (or the stored stats blocks when the query selected them).
 */
import type { ProcessingStage, ReplayStatus } from '@rlcoach/db/enums';
import type { DashboardReplay, MatchResult, MyPlayer } from './types';

/** Columns every summary list query selects (see LIST_COLUMNS in server/dashboard/summaries.ts). */
export interface SummaryRow {
  id: string;
  status: ReplayStatus;
  stage: ProcessingStage;
  error: string | null;
  played_at: string | Date | null;
  map_name: string;
  map_code: string | null;
  playlist: string | null;
  team_size: number | null;
  duration_seconds: number | null;
  blue_goals: number | null;
  orange_goals: number | null;
  has_report: boolean;
  uploaded_at: string | Date;
  session_id: string | null;
  /** The user is a counted player in this replay (ownership flag and summary agree). */
  mine: boolean;
  player_name: string | null;
  team: 'blue' | 'orange' | null;
  result: MatchResult | null;
  goals: number | null;
  assists: number | null;
  saves: number | null;
  shots: number | null;
  demos: number | null;
  score: number | null;
  bcpm: number | null;
  avg_speed: number | null;
  time_supersonic: number | null;
  percent_supersonic: number | null;
  percent_defensive_third: number | null;
  percent_neutral_third: number | null;
  percent_offensive_third: number | null;
  /** Only when the query selected the full stored blocks (trends, compare). */
  me?: { stats: Record<string, unknown>; mechanics: Record<string, unknown> | null } | null;
}

/** Metric key (catalogue path) → summary column, for the topline stats stored as columns. */
export const SUMMARY_COLUMNS = {
  'core.goals': 'goals',
  'core.assists': 'assists',
  'core.saves': 'saves',
  'core.shots': 'shots',
  'core.score': 'score',
  'demo.inflicted': 'demos',
  'boost.bcpm': 'bcpm',
  'movement.avg_speed': 'avg_speed',
  'movement.time_supersonic_speed': 'time_supersonic',
  'movement.percent_supersonic_speed': 'percent_supersonic',
  'positioning.percent_defensive_third': 'percent_defensive_third',
  'positioning.percent_neutral_third': 'percent_neutral_third',
  'positioning.percent_offensive_third': 'percent_offensive_third',
} as const satisfies Record<string, keyof SummaryRow>;

/** The topline stats blocks rebuilt from the columns, in the report's shape (readMetric reads them). */
function statsFromColumns(row: SummaryRow): Record<string, Record<string, number | null>> {
  const stats: Record<string, Record<string, number | null>> = {};
  for (const [key, column] of Object.entries(SUMMARY_COLUMNS)) {
    const [block, field] = key.split('.') as [string, string];
    (stats[block] ??= {})[field] = row[column];
  }
  return stats;
}

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

export function fromSummaryRow(row: SummaryRow): DashboardReplay {
  let me: MyPlayer | null = null;
  if (row.mine && row.team) {
    me = {
      name: row.player_name ?? '?',
      team: row.team,
      stats: row.me?.stats ?? statsFromColumns(row),
      mechanics: row.me?.mechanics ?? null,
    };
  }
  return {
    id: row.id,
    status: row.status,
    stage: row.stage,
    error: row.error,
    playedAt: iso(row.played_at),
    mapName: row.map_name,
    mapCode: row.map_code,
    playlist: row.playlist,
    teamSize: row.team_size,
    durationSeconds: row.duration_seconds,
    blueGoals: row.blue_goals,
    orangeGoals: row.orange_goals,
    hasReport: row.has_report,
    me,
    result: me ? row.result : null,
    uploadedAt: new Date(row.uploaded_at).toISOString(),
  };
}
