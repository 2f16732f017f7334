export * from './contract.js';
export { readWorkerConfig, WorkerConfigError, DEFAULT_STORAGE_DIR, type WorkerConfig } from './config.js';
export { ReplayStorage } from './storage.js';
export {
  ReplayProducer,
  QueueUnavailableError,
  REPLAY_JOB_OPTIONS,
  REPLAY_REANALYSE_JOB_OPTIONS,
  type ProducerOptions,
} from './producer.js';
export {
  ingestReplayFile,
  createUploadBatch,
  recordRefusedUpload,
  type IngestDeps,
  type IngestFileInput,
  type IngestResult,
} from './ingest.js';
export { buildScoreboard } from './scoreboard.js';
export {
  sweepQueuedReplays,
  sweepStaleAnalyses,
  REANALYSE_BATCH,
  type SweepResult,
  type StaleSweepResult,
} from './sweep.js';
export { seedDemo, DEMO_USER_ID, DEMO_REPLAYS_DIR } from './demo-seed.js';
export type * from './status-events.js';
