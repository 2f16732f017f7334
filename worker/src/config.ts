/** The worker's configuration: the shared schema (db/src/config/worker.ts) plus the worker's test hooks. */
import { loadWorkerConfig, type WorkerConfig as SharedWorkerConfig } from '@rlcoach/db/config/worker';

export interface WorkerConfig extends SharedWorkerConfig {
  /** Test-only: sleep this long inside each job before saving. Inert unless set. */
  debugJobDelayMs: number;
  /** Test-only: hold this many MB of heap inside each job (to exercise JOB_MEMORY_MB). Inert unless set. */
  debugJobAllocMb: number;
}

/** Validated once at start; a bad or missing variable throws a ConfigError naming it. */
export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const config = loadWorkerConfig(env);
  const hook = (name: string): number => {
    const n = Number(env[name]?.trim() || '0');
    return Number.isInteger(n) && n >= 0 ? n : 0;
  };
  return {
    ...config,
    debugJobDelayMs: hook('RLCOACH_DEBUG_JOB_DELAY_MS'),
    debugJobAllocMb: hook('RLCOACH_DEBUG_JOB_ALLOC_MB'),
  };
}
