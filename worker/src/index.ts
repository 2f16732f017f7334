export * from '@rlcoach/db/contracts/jobs';
export { readWorkerConfig, WorkerConfigError, DEFAULT_STORAGE_DIR, type WorkerConfig } from './config.js';
export { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
export {
  ReplayProducer,
  QueueUnavailableError,
  REPLAY_JOB_OPTIONS,
  REPLAY_REANALYSE_JOB_OPTIONS,
  type ProducerOptions,
} from '@rlcoach/db/queues/producer';
export {
  ingestReplayFile,
  createUploadBatch,
  recordRefusedUpload,
  type IngestDeps,
  type IngestFileInput,
  type IngestResult,
} from '@rlcoach/db/ingest/ingest';
export { buildScoreboard } from './scoreboard.js';
export {
  sweepQueuedReplays,
  sweepStaleAnalyses,
  REANALYSE_BATCH,
  type SweepResult,
  type StaleSweepResult,
} from './sweep.js';
export { seedDemo, DEMO_USER_ID, DEMO_REPLAYS_DIR } from './demo-seed.js';
export type * from '@rlcoach/db/contracts/socket-events';
