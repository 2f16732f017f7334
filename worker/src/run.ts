/**
 * A worker process: env → ORM → Redis → Workers; SIGINT/SIGTERM close the workers (active jobs
 * finish), then the ORM. `main.ts` runs it as is; a test entry may pass options (its stage hooks).
 */
import { Redis } from 'ioredis';
import { createOrm } from '@rlcoach/db';
import { createLogger } from '@rlcoach/db/logging/logger';
import { startMetrics } from '@rlcoach/db/observability/metrics';
import { postgresProbe, redisProbe } from '@rlcoach/db/observability/probes';
import { instrumentWorker, startOpsListener } from './observability.js';
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
  startMetrics('worker');
  const orm = await createOrm({ env: config.db });
  // Its own client, failing fast, so /readyz says "Redis is down" instead of waiting.
  const probeRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  probeRedis.on('error', () => {});
  const ops = await startOpsListener(
    config.httpPort,
    config.httpHost,
    { postgres: postgresProbe(() => orm.em.fork()), redis: redisProbe(probeRedis) },
    config.metricsToken,
    (taken) => log.error('WORKER_HTTP_PORT is in use; the ops listener took a free port', { port: taken }),
  );
  // Listening before the workers start: while Redis is unreachable at boot, /readyz says so.
  log.info('ops listener', { port: ops.port, host: config.httpHost ?? '*' });
  const running = await startReplayWorker(config, orm, log, options);
  for (const w of running.workers) instrumentWorker(w);

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    ops.drain();
    try {
      // Active jobs finish (BullMQ close waits for them); nothing new is taken meanwhile.
      await running.close();
      await ops.close();
      probeRedis.disconnect();
      await orm.close(true);
      log.info('stopped', { signal });
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
