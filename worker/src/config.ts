/** The worker's configuration: the shared schema (db/src/config/worker.ts), validated once at start. */
import { loadWorkerConfig, type WorkerConfig } from '@rlcoach/db/config/worker';

export type { WorkerConfig };

/** A bad or missing variable throws a ConfigError naming it. */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadWorkerConfig(env);
}
