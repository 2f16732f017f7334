/**
 * The coach-queue Worker (in-process, COACH_CONCURRENCY answers at once: they wait on the network,
 * not the CPU). Per answer: an abort signal fed by the Redis stop channel (and the stop key, for a
 * stop pressed before the job started), the event writer (Redis stream + Socket.IO emitter), and
 * runCoachReply. A sweep charges reservations left open by a process that died mid-answer.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Worker, type Job } from 'bullmq';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import type { MikroORM } from '@rlcoach/db';
import {
  coachStopRequested,
  failStaleCoachAnswers,
  finishCoachAnswer,
  settleAbandonedReservations,
} from '@rlcoach/db/coach/index';
import { coachKeys } from '@rlcoach/db/contracts/coach';
import { QueueName, type CoachReplyData, type CoachReplyResult } from '@rlcoach/db/contracts/jobs';
import type { WorkerToClientEvents } from '@rlcoach/db/contracts/socket-events';
import type { Log } from '@rlcoach/db/logging/logger';
import type { WorkerConfig } from '../config.js';
import { CoachEventWriter } from '../coach/events.js';
import { runCoachReply } from '../coach/reply.js';
import { coachJobs } from './coach-jobs.js';
import { dispatcher, routeJobEvents } from './job-table.js';

export interface RunningCoachWorker {
  worker: Worker;
  close(): Promise<void>;
}

/** Reservations and streaming answers older than this belong to a lost job (an answer takes minutes at most). */
const ABANDONED_AFTER_MS = 3_600_000;

export function coachClient(config: WorkerConfig['coach']): Anthropic | null {
  if (!config.apiKey) return null;
  return new Anthropic({
    apiKey: config.apiKey,
    ...(config.baseUrl ? { baseURL: config.baseUrl } : {}),
    // 529 overloaded and 5xx answers are retried with backoff before the stream starts.
    maxRetries: 3,
    timeout: 120_000,
  });
}

export async function startCoachWorker(
  config: WorkerConfig,
  orm: MikroORM,
  log: Log,
): Promise<RunningCoachWorker> {
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  const sub = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  for (const [name, r] of [
    ['worker', connection],
    ['events', redis],
    ['stop subscriber', sub],
  ] as const)
    r.on('error', (err) => log.error(`redis (coach ${name}) error`, { err }));
  const emitter = new Emitter<WorkerToClientEvents>(redis, { key: config.socketIoKey });
  const client = coachClient(config.coach);
  if (!client) log.warn('coach not configured: ANTHROPIC_API_KEY is unset, answers end as not configured');

  const stops = new Map<string, AbortController>();
  sub.on('message', (channel: string) => {
    const messageId = channel.slice(coachKeys.stop('').length);
    stops.get(messageId)?.abort();
  });

  async function reply(job: Job<CoachReplyData, CoachReplyResult>): Promise<CoachReplyResult> {
    const { messageId } = job.data;
    const stop = new AbortController();
    stops.set(messageId, stop);
    const events = new CoachEventWriter(redis, emitter, job.data);
    try {
      await sub.subscribe(coachKeys.stop(messageId));
      if (await coachStopRequested(redis, messageId)) stop.abort();
      return await runCoachReply({ orm, config: config.coach, client, log }, job.data, events, {
        redis,
        stop: stop.signal,
      });
    } catch (err) {
      // Unexpected (the database or Redis failed): end the answer as failed if it can still be saved.
      log.error('coach reply crashed', { messageId, err });
      const ended = await finishCoachAnswer(orm.em.fork(), messageId, {
        status: 'failed',
        text: '',
        reason: 'The coach ran into a problem on our side. Try again.',
        toolCalls: null,
        usage: null,
        lastSeq: events.nextSeq,
      }).catch(() => false);
      if (ended)
        await events
          .push({
            type: 'done',
            status: 'failed',
            text: '',
            reason: 'The coach ran into a problem on our side. Try again.',
            usage: null,
          })
          .catch(() => undefined);
      throw err;
    } finally {
      stops.delete(messageId);
      await sub.unsubscribe(coachKeys.stop(messageId)).catch(() => undefined);
    }
  }

  const table = coachJobs(reply, log);
  const worker = new Worker(QueueName.Coach, dispatcher(table, QueueName.Coach), {
    connection,
    prefix: config.bullmqPrefix,
    concurrency: config.coach.concurrency,
    lockDuration: config.lockDurationMs,
  });
  worker.on('error', (err) => log.error('coach worker error', { err }));
  routeJobEvents(worker, table, log, 'coach');

  const sweep = async () => {
    try {
      const olderThan = new Date(Date.now() - ABANDONED_AFTER_MS);
      const n = await settleAbandonedReservations(orm.em.fork(), { olderThan });
      if (n > 0) log.warn('coach sweep charged abandoned reservations', { count: n });
      const lost = await failStaleCoachAnswers(orm.em.fork(), olderThan);
      if (lost.length > 0) log.warn('coach sweep ended lost answers', { messageIds: lost });
    } catch (err) {
      log.error('coach sweep failed', { err });
    }
  };
  await worker.waitUntilReady();
  await sweep();
  const timer = setInterval(() => void sweep(), config.sweepIntervalMs);
  timer.unref();
  log.info('coach worker ready', {
    queue: QueueName.Coach,
    prefix: config.bullmqPrefix,
    concurrency: config.coach.concurrency,
    configured: client !== null,
  });

  return {
    worker,
    async close() {
      clearInterval(timer);
      for (const s of stops.values()) s.abort();
      await worker.close();
      sub.disconnect();
      redis.disconnect();
      connection.disconnect();
    },
  };
}
