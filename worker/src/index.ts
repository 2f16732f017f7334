// The worker is a process, not a library: these are its entry points for tests and scripts only.
// Contracts, producers, ingest and storage live in the shared layer (@rlcoach/db).
export { readWorkerConfig, type WorkerConfig } from './config.js';
export { buildScoreboard } from './scoreboard.js';
export {
  sweepQueuedReplays,
  sweepStaleAnalyses,
  REANALYSE_BATCH,
  type SweepResult,
  type StaleSweepResult,
} from './sweep.js';
export { seedDemo, DEMO_USER_ID, DEMO_REPLAYS_DIR } from './demo-seed.js';
