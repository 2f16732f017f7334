/** Analysis layer: decoded replay → match model → ballchasing-shaped stats → report. Pure, no I/O. */
export {
  analyzeReplay,
  reportFromModel,
  REPORT_VERSION,
  REPORT_MINOR_VERSION,
  ANALYSIS_VERSION,
} from './report.js';
export type { AnalysisTimings } from './report.js';
export type {
  AnalysisReport,
  ReportPlayer,
  ReportTeam,
  ReportGoal,
  ReportDemo,
  ReportShot,
  ReportSave,
  ReportMechanicEvent,
  ReportMechanics,
} from './report.js';
export { buildMatchModel } from './build-model.js';
export type * from './model.js';
export { computeStats, mvpOf, type MatchStats } from './stats/compute.js';
export type * from './stats/types.js';
export { renderMarkdown } from './markdown.js';
export {
  detectEvents,
  type MatchEvents,
  type TouchEvent,
  type KickoffEvent,
  type PassEvent,
  type ChallengeEvent,
} from './events.js';
export {
  analyzeMechanics,
  countMechanics,
  expectedGoals,
  readMechanicSignals,
  type MechanicsCounts,
  type MechanicsAnalysis,
  type MechanicEvent,
  type MechanicKind,
  type MechanicsSummary,
  type ShotEvent,
  type SaveEvent,
} from './mechanics.js';
export * as mechanicsThresholds from './mechanics/thresholds.js';
export { playerAnalytics, insights, type PlayerAnalytics, type Insight } from './advanced.js';
export { validateReport } from './validate-report.js';
export * as thresholds from './constants.js';
export {
  clockRuns,
  matchClockOf,
  matchSecondsAt,
  regulationOver,
  type ClockSegment,
  type MatchClock,
  type TouchMark,
  type ClockStops,
} from './match-clock.js';
