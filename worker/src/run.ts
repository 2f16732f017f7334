/**
 * A worker process: env → ORM → Redis → Workers; SIGINT/SIGTERM close the workers (active jobs
 * finish), then the ORM. `main.ts` runs it as is; a test entry may pass options (its stage hooks).
 */
import { createOrm } from '@rlcoach/db';
import { createLogger } from '@rlcoach/db/logging/logger';
import { readWorkerConfig, type WorkerConfig } from './config.js';
import { startReplayWorker, type ReplayWorkerOptions } from './worker.js';

export async function runWorkerProcess(options: ReplayWorkerOptions = {}): Promise<void> {
  let config: WorkerConfig;
  try {
    config = readWorkerConfig();
  } catch (err) {
    // Refuse to start, naming every bad or missing variable.
    createLogger('worker').error('invalid configuration', { err });
    process.exit(1);
  }
  const log = createLogger('worker', { level: config.logLevel });
  const orm = await createOrm({ env: config.db });
  const running = await startReplayWorker(config, orm, log, options);

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    try {
      await running.close();
      await orm.close(true);
      process.exit(0);
    } catch (err) {
      log.error('shutdown failed', { err });
      process.exit(1);
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));
}
