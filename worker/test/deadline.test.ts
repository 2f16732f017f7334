/**
 * One deadline over the whole replay job (JOB_TIMEOUT_MS). With real processes: an analysis made
 * slow on purpose (a CPU-bound stage hook in the compute thread) ends as a timeout: the thread is
 * terminated, the job fails through BullMQ with its lock released (never stalled, never taken over
 * by another worker), and the replay is failed with a readable reason after its retries. In
 * process, against Postgres: the save transaction cannot outlive the deadline.
 */
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { Replay, ReplayResult, ReplayStatus, User, UserKind } from '@rlcoach/db';
import type { ReplayProgress } from '@rlcoach/db/contracts/socket-events';
import { JobDeadline } from '../src/deadline.js';
import { transactionWithin } from '../src/deadline-transaction.js';
import { JobTimeoutError } from '../src/errors.js';
import {
  DEMO_FILES,
  REDIS_URL,
  createUser,
  demoBytes,
  pipelineHarness,
  startSocketServer,
  waitFor,
} from './support.js';

const harness = pipelineHarness('deadline');

const openTransactions = async () => {
  const [row] = await harness.db.orm.em.getConnection().execute<{ n: number }[]>(
    `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state like 'idle in transaction%'`,
  );
  return row!.n;
};

describe('the job deadline', () => {
  it('a slow analysis ends as a timeout: failed (not stalled), lock released, no other worker takes it', async () => {
    const l = await lane();
    const sockets = await startSocketServer(l.socketKey);
    try {
      const owner = await createUser(harness.db.orm, 'owner');
      const client = await sockets.connect(owner);
      const progress: ReplayProgress[] = [];
      client.on('replay:progress', (p: ReplayProgress) => progress.push(p));
      // The analysis stage spins the CPU for two minutes; the whole job may take 15 s.
      const w = await l.start(
        { JOB_TIMEOUT_MS: '15000', WORKER_LOCK_MS: '2000' },
        { analyse: { busyMs: 120_000 } },
      );
      const r = await l.upload(owner, 'slow.replay', await demoBytes(DEMO_FILES[0]));
      const failed = await w.waitForLog(
        'job failed',
        (line) => line.replayId === r.replayId && line.final === true,
        150_000,
      );
      expect((failed.err as { name: string }).name).toBe('JobTimeoutError');

      const row = await waitFor('the failed status', async () => {
        const x = await harness.db.orm.em.fork().findOneOrFail(Replay, r.replayId!);
        return x.status === ReplayStatus.Failed ? x : undefined;
      });
      expect(row.error).toBe('Processing failed after 3 attempts: processing took longer than 15 s');
      expect(row.attempts).toBe(3);
      expect(await harness.db.orm.em.fork().count(ReplayResult, { replay: r.replayId! })).toBe(0);
      // Each attempt got as far as the analysis, and none reached the save.
      expect(progress.filter((p) => p.stage === 'analysing' && p.percent === 0)).toHaveLength(3);
      expect(progress.some((p) => p.stage === 'saving')).toBe(false);

      const jobId = `replay-process-${r.replayId}`;
      const job = (await l.producer.queue.getJob(jobId))!;
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(3);
      expect(job.stalledCounter).toBe(0);
      expect(w.lines.some((line) => line.msg === 'job stalled')).toBe(false);
      const redis = new Redis(REDIS_URL);
      try {
        expect(await redis.exists(`${l.prefix}:replays:${jobId}:lock`)).toBe(0);
      } finally {
        redis.disconnect();
      }
      expect(await openTransactions()).toBe(0);

      // Well past the lock duration and stalled-check interval, a fresh worker does not pick it up.
      const other = await l.start({ WORKER_LOCK_MS: '2000' });
      await new Promise((res) => setTimeout(res, 6_000));
      expect(other.lines.some((line) => line.msg === 'job started')).toBe(false);
      expect(await job.getState()).toBe('failed');
      expect((await l.producer.queue.getJob(jobId))!.attemptsMade).toBe(3);
      expect(w.child.exitCode).toBeNull(); // the terminated threads cost the process nothing
    } finally {
      await sockets.close();
    }
  }, 240_000);

  it('a save running past the deadline is rolled back by Postgres and fails as a timeout', async () => {
    const orm = harness.db.orm;
    const deadline = new JobDeadline(300);
    const started = Date.now();
    try {
      await expect(
        transactionWithin(orm, deadline, async (tx) => {
          tx.create(User, { displayName: 'never saved', kind: UserKind.Guest } as User);
          await tx.flush();
          await tx.execute('select pg_sleep(10)');
        }),
      ).rejects.toBeInstanceOf(JobTimeoutError);
    } finally {
      deadline.dispose();
    }
    expect(Date.now() - started).toBeLessThan(5_000); // cancelled, not waited out
    expect(await orm.em.fork().count(User, { displayName: 'never saved' })).toBe(0);
    expect(await openTransactions()).toBe(0);
  });

  it('work that finishes after the deadline does not commit', async () => {
    const orm = harness.db.orm;
    const deadline = new JobDeadline(200);
    try {
      await expect(
        transactionWithin(orm, deadline, async (tx) => {
          tx.create(User, { displayName: 'too late', kind: UserKind.Guest } as User);
          await tx.flush();
          await new Promise((res) => setTimeout(res, 400));
        }),
      ).rejects.toBeInstanceOf(JobTimeoutError);
    } finally {
      deadline.dispose();
    }
    expect(await orm.em.fork().count(User, { displayName: 'too late' })).toBe(0);
  });
});

function lane() {
  return harness.lane('deadline');
}
