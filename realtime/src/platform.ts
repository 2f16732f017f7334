/**
 * The concrete platform behind realtime's ports: db's ORM and repositories,
 * the worker's ingest, producer and storage. main.ts and the integration tests
 * build their deps here, so both run exactly the same wiring.
 */
import { Redis } from 'ioredis';
import { createOrm, pingDatabase, replayStatesForUser, type MikroORM } from '@rlcoach/db';
import { sessionState } from '@rlcoach/db/auth/sessions';
import { createUploadBatch, ingestReplayFile, recordRefusedUpload } from '@rlcoach/db/ingest/ingest';
import { ReplayProducer } from '@rlcoach/db/queues/producer';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { createOpsCollector } from '@rlcoach/db/ops/snapshot';
import { CoachJobs } from '@rlcoach/db/queues/coach-jobs';
import { budgetPeriodStart, type CoachLimits } from '@rlcoach/db/coach/limits';
import { coachSpendSince } from '@rlcoach/db/repositories/coach-budget-repository';
import { openStorage } from '@rlcoach/db/storage/open';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import type { RealtimeDeps } from './app.js';
import type { RealtimeConfig } from '@rlcoach/db/config/realtime';
import { AppError, ErrorCode } from './errors.js';
import { databaseCheck, storageCheck } from './http/checks.js';
import type { Logger, UploadIngestor } from './ports.js';
import { replayStatusReader } from './replay-status-reader.js';
import { roleOf, rolesOf } from '@rlcoach/db/repositories/ops-repository';
import { postgresProbe } from '@rlcoach/db/observability/probes';
import { coachDesk } from './coach/desk.js';
import { coachStore } from './coach/store.js';
import { roomDirectory } from './room-directory.js';

export interface PlatformParts {
  orm: MikroORM;
  producer: ReplayProducer;
  storage: ObjectStore;
  log: Logger;
  coach: CoachParts;
}

/** What the coach's commands need: its queue, a Redis client for streams and stops, its limits. */
export interface CoachParts {
  jobs: CoachJobs;
  redis: Redis;
  limits: CoachLimits;
  /** ANTHROPIC_API_KEY is set (the worker can answer). */
  configured: boolean;
}

/** Everything createRealtime needs except the adapter's Redis client. */
export function platformDeps(parts: PlatformParts): Omit<RealtimeDeps, 'redis'> {
  const { orm, producer, storage, log, coach } = parts;
  return {
    ingestor: uploadIngestor(parts),
    queue: { depth: () => producer.queueDepth() },
    sessions: { state: (sessionId, userId) => sessionState(orm.em.fork(), sessionId, userId) },
    replays: replayStatusReader((userId, ids) => replayStatesForUser(orm.em.fork(), userId, ids)),
    roles: {
      roleOf: (userId) => roleOf(orm.em.fork(), userId),
      rolesOf: (userIds) => rolesOf(orm.em.fork(), userIds),
    },
    readyProbes: { postgres: postgresProbe(() => orm.em.fork()) },
    coach: coachDesk({
      configured: coach.configured,
      store: coachStore(orm, coach.redis, coach.limits),
      enqueue: (data) => coach.jobs.enqueueReply(data),
      redis: coach.redis,
    }),
    rooms: roomDirectory(() => orm.em.fork()),
    healthChecks: {
      database: databaseCheck(() => pingDatabase(orm.em.fork())),
      // Local disk: writable and not too full; an object store: one write-and-delete round trip.
      storage: storage instanceof ReplayStorage ? storageCheck(storage.root) : () => storage.check(),
    },
    log,
  };
}

function uploadIngestor({ orm, producer, storage, log }: PlatformParts): UploadIngestor {
  return {
    async createBatch(userId, fileCount) {
      try {
        const batch = await createUploadBatch(orm.em.fork(), userId, fileCount);
        return { batchId: batch.id };
      } catch (err) {
        // A validly signed token for a user row that no longer exists (deleted account).
        if ((err as Error).name === 'ForeignKeyConstraintViolationException') {
          throw new AppError(ErrorCode.TokenInvalid, 'This account no longer exists. Sign in again.');
        }
        throw err;
      }
    },
    ingestFile: (input) => ingestReplayFile({ orm, storage, enqueue: producer, log }, input),
    async recordRefused(input) {
      const item = await recordRefusedUpload(orm.em.fork(), input);
      return { uploadItemId: item.id };
    },
  };
}

export interface Platform {
  deps: RealtimeDeps;
  /** Close in dependency order: queue producer, ORM, then the adapter's Redis. */
  release(): Promise<void>;
}

/** Connect everything from the validated config; fails fast (with the reason) when a service is down. */
export async function connectPlatform(config: RealtimeConfig, log: Logger): Promise<Platform> {
  const orm = await createOrm({ env: config.db });
  const producer = new ReplayProducer({ redisUrl: config.redisUrl, prefix: config.bullmqPrefix });
  const coachJobs = new CoachJobs({ redisUrl: config.redisUrl, prefix: config.bullmqPrefix });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.error('redis error', { err }));
  const release = async () => {
    await producer.close().catch((err: unknown) => log.error('closing the queue producer failed', { err }));
    await coachJobs.close().catch((err: unknown) => log.error('closing the coach producer failed', { err }));
    await orm.close(true).catch((err: unknown) => log.error('closing the ORM failed', { err }));
    // quit lets commands still in flight get their replies (disconnect would reject them).
    await redis.quit().catch(() => redis.disconnect());
  };
  try {
    await Promise.all([producer.ready(), coachJobs.ready(), redis.ping()]);
  } catch (err) {
    await release();
    throw err;
  }
  const storage = openStorage(config.storage);
  const opsCollector = createOpsCollector({
    redis,
    bullmqPrefix: config.bullmqPrefix,
    em: () => orm.em.fork(),
    // The month's spend once the coach is configured; without a key the page says it is not enabled.
    coachSpend: config.coachConfigured
      ? async () => {
          const since = budgetPeriodStart(new Date());
          const spend = await coachSpendSince(orm.em.fork(), since);
          return { enabled: true, ...spend, since: since.toISOString() };
        }
      : undefined,
  });
  const coach: CoachParts = {
    jobs: coachJobs,
    redis,
    limits: config.coachLimits,
    configured: config.coachConfigured,
  };
  return { deps: { redis, opsCollector, ...platformDeps({ orm, producer, storage, log, coach }) }, release };
}
