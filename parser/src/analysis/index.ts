/** Analysis layer: decoded replay → match model → ballchasing-shaped stats → report. Pure, no I/O. */
export { analyzeReplay, reportFromModel, REPORT_VERSION } from './report.js';
export type { AnalysisReport, ReportPlayer, ReportTeam, ReportGoal, ReportDemo } from './report.js';
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
export { countMechanics, type MechanicsCounts } from './mechanics.js';
export { playerAnalytics, insights, type PlayerAnalytics, type Insight } from './advanced.js';
export { validateReport } from './validate-report.js';
export * as thresholds from './constants.js';
