/**
 * The topline stats stored as replay_summaries columns, keyed by their path in the report's stats
 * blocks (`block.field`, the metric catalogue's keys). One list for the writer (summary-fields.ts)
 * and the dashboard readers, so a column added here is written and read alike. No imports: the web
 * bundle may load it.
 */
export const SUMMARY_STAT_COLUMNS = {
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
} as const;

export type SummaryStatPath = keyof typeof SUMMARY_STAT_COLUMNS;
export type SummaryStatColumn = (typeof SUMMARY_STAT_COLUMNS)[SummaryStatPath];
export type SummaryStatValues = Record<SummaryStatColumn, number | null>;

/** Counting stats are integer columns; the report may carry them as floats. */
export const INTEGER_STAT_COLUMNS: ReadonlySet<SummaryStatColumn> = new Set([
  'goals',
  'assists',
  'saves',
  'shots',
  'score',
  'demos',
]);

/** The metric paths stored as columns, for callers that only need to know which ones are. */
export const SUMMARY_STAT_PATHS = Object.keys(SUMMARY_STAT_COLUMNS) as SummaryStatPath[];
