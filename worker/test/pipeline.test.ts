/**
 * The whole job path with real processes: ingest (in this process) → BullMQ on real Redis →
 * `node worker/dist/main.js` children (sandboxed parse in worker threads) → Postgres →
 * Socket.IO events through the Redis emitter to a real socket.io-client.
 */
import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { Replay, ReplayResult, ReplayStatus, type MikroORM } from '@rlcoach/db';
import type { ReplayDone, ReplayFailed, ReplayProgress } from '@rlcoach/db/contracts/socket-events';
import {
  DEMO_FILES,
  createUser,
  demoBytes,
  startSocketServer,
  waitFor,
  type WorkerProcess,
  pipelineHarness,
} from './support.js';
import { resealed } from '@rlcoach/db/testing/replay-doctor';

const harness = pipelineHarness('pipeline');
const lane = harness.lane;

function record(socket: Socket) {
  const events: Array<{ event: string; payload: ReplayProgress | ReplayDone | ReplayFailed }> = [];
  socket.onAny((event: string, payload: ReplayProgress | ReplayDone | ReplayFailed) =>
    events.push({ event, payload }),
  );
  return events;
}

const replayRow = (orm: MikroORM, id: string) => orm.em.fork().findOneOrFail(Replay, id);
const resultCount = (orm: MikroORM, id: string) => orm.em.fork().count(ReplayResult, { replay: id });

/** Replays ingested by earlier tests share the database; clear a match so it can be accepted again. */
async function forget(matchGuid: string) {
  await harness.db.orm.em.fork().nativeDelete(Replay, { matchGuid });
}

describe('replay pipeline', () => {
  it('ingest → worker → analysed, with a result row and live events only in the owner’s room', async () => {
    const l = await lane('full');
    const sockets = await startSocketServer(l.socketKey);
    try {
      const owner = await createUser(harness.db.orm, 'owner');
      const stranger = await createUser(harness.db.orm, 'stranger');
      const ownerEvents = record(await sockets.connect(owner));
      const strangerEvents = record(await sockets.connect(stranger));
      await l.start();
      const r = await l.upload(owner, 'game.replay', await demoBytes(DEMO_FILES[0]));
      expect(r.outcome).toBe('accepted');

      const done = await waitFor('replay:done for the owner', () =>
        ownerEvents.find((e) => e.event === 'replay:done'),
      );
      const payload = done.payload as ReplayDone;
      expect(payload.replayId).toBe(r.replayId);
      expect(payload.status).toBe('analysed');
      expect(payload.scoreboard.map).toEqual({ code: 'UtopiaStadium_P', name: expect.any(String) });
      expect(payload.scoreboard.teams.blue.goals).toBe(r.preview!.blueGoals);
      expect(payload.scoreboard.teams.orange.goals).toBe(r.preview!.orangeGoals);
      const players = [...payload.scoreboard.teams.blue.players, ...payload.scoreboard.teams.orange.players];
      expect(players.map((p) => p.name).sort()).toEqual(r.preview!.players.map((p) => p.name).sort());

      // Stages arrive in order, with real parse percentages in between.
      const progress = ownerEvents
        .filter((e) => e.event === 'replay:progress')
        .map((e) => e.payload as ReplayProgress);
      const stages = progress.map((p) => p.stage).filter((s, i, all) => s !== all[i - 1]);
      expect(stages).toEqual(['parsing', 'analysing', 'saving', 'done']);
      const parsingPercents = progress.filter((p) => p.stage === 'parsing').map((p) => p.percent);
      expect(parsingPercents.some((p) => p > 0 && p < 100)).toBe(true);
      expect([...parsingPercents].sort((a, b) => a - b)).toEqual(parsingPercents);

      const row = await replayRow(harness.db.orm, r.replayId!);
      expect(row).toMatchObject({ status: ReplayStatus.Analysed, stage: 'done', attempts: 1, error: null });
      expect(row.parseMs).toBeGreaterThan(0);
      expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt!.getTime());
      const result = await harness.db.orm.em.fork().findOneOrFail(ReplayResult, { replay: r.replayId! });
      expect(result.framesTotal).toBe(8621);
      expect(result.framesDecoded).toBe(8621);
      expect((result.network as { status: string }).status).toBe('complete');
      // The analysis report (issue #4) is stored with the result: the same players as the header.
      const report = result.report as {
        players: { name: string; stats: { core: { goals: number } } }[];
      } | null;
      expect(report).not.toBeNull();
      expect(report!.players.map((p) => p.name).sort()).toEqual(r.preview!.players.map((p) => p.name).sort());
      const reportGoals = report!.players.reduce((sum, p) => sum + p.stats.core.goals, 0);
      expect(reportGoals).toBe(r.preview!.blueGoals + r.preview!.orangeGoals);
      expect(row.analyseMs).toBeGreaterThanOrEqual(0);

      await new Promise((res) => setTimeout(res, 300)); // anything misrouted would have arrived by now
      expect(strangerEvents).toEqual([]);
    } finally {
      await sockets.close();
    }
  });

  it('a replay whose header is fine but whose match data is damaged ends once, partial or failed, with a reason', async () => {
    const l = await lane('corrupt');
    const sockets = await startSocketServer(l.socketKey);
    try {
      const owner = await createUser(harness.db.orm, 'owner');
      const events = record(await sockets.connect(owner));
      await l.start();
      const bytes = await demoBytes(DEMO_FILES[1]);
      await forget('F207566811F09001396D058468244BC6');
      // Scribble over the middle of the file: inside the network stream, far from the header.
      const mid = Math.floor(bytes.length / 2);
      for (let i = mid; i < mid + 4096; i++) bytes[i] = (i * 131) & 0xff;
      // Refused at upload as it is (its CRC no longer matches); with the CRCs recomputed the
      // damage reaches the worker, which must still end it cleanly.
      expect((await l.upload(owner, 'damaged.replay', bytes)).error?.code).toBe('CRC_MISMATCH');
      const r = await l.upload(owner, 'damaged.replay', resealed(bytes));
      expect(r.outcome).toBe('accepted'); // header and CRCs are intact

      const terminal = await waitFor('a terminal event', () =>
        events.find((e) => e.event === 'replay:done' || e.event === 'replay:failed'),
      );
      const row = await replayRow(harness.db.orm, r.replayId!);
      expect([ReplayStatus.Partial, ReplayStatus.Failed]).toContain(row.status);
      expect(row.error).toMatch(/\w{10,}/);
      expect(row.attempts).toBe(1); // never retried: the same bytes would fail the same way
      if (row.status === ReplayStatus.Failed) {
        expect((terminal.payload as ReplayFailed).reason).toBe(row.error);
        expect(await resultCount(harness.db.orm, r.replayId!)).toBe(0);
      } else {
        expect((terminal.payload as ReplayDone).status).toBe('partial');
        expect(await resultCount(harness.db.orm, r.replayId!)).toBe(1);
      }
      await new Promise((res) => setTimeout(res, 500));
      expect(events.filter((e) => e.event === 'replay:done' || e.event === 'replay:failed')).toHaveLength(1);
    } finally {
      await sockets.close();
    }
  });

  it('a replay cut short after a valid header fails once, unrecoverably, with a reason and no result', async () => {
    const l = await lane('truncated');
    const sockets = await startSocketServer(l.socketKey);
    try {
      const owner = await createUser(harness.db.orm, 'owner');
      const events = record(await sockets.connect(owner));
      await l.start();
      await forget('74F7F8D011F09A56208CB2BC736BCBEC');
      const bytes = (await demoBytes(DEMO_FILES[0])).slice(0, 300_000);
      // Refused at upload as it is (its match data section is cut short); declared to end where
      // the file ends, with CRCs recomputed, the cut reaches the worker's decoder.
      expect((await l.upload(owner, 'cut.replay', bytes)).error?.code).toBe('CORRUPT_REPLAY');
      const r = await l.upload(owner, 'cut.replay', resealed(bytes));
      expect(r.outcome).toBe('accepted'); // header and CRCs are intact

      const failed = await waitFor('replay:failed', () => events.find((e) => e.event === 'replay:failed'));
      const row = await replayRow(harness.db.orm, r.replayId!);
      expect(row).toMatchObject({
        status: ReplayStatus.Failed,
        stage: 'failed',
        attempts: 1,
        errorCode: 'TRUNCATED',
      });
      expect(row.error).toBe('This replay could not be read: the file is cut short.');
      expect(failed.payload).toEqual({ replayId: r.replayId, reason: row.error });
      expect(await resultCount(harness.db.orm, r.replayId!)).toBe(0);
      const job = await l.producer.queue.getJob(`replay-process-${r.replayId}`);
      expect(await job?.getState()).toBe('failed');
      expect(job?.attemptsMade).toBe(1);
      await new Promise((res) => setTimeout(res, 300));
      expect(events.filter((e) => e.event === 'replay:failed' || e.event === 'replay:done')).toHaveLength(1);
    } finally {
      await sockets.close();
    }
  });

  it('a job over JOB_TIMEOUT_MS is retried with backoff, then marked failed with a reason', async () => {
    const l = await lane('timeout');
    const owner = await createUser(harness.db.orm, 'owner');
    const w = await l.start({ JOB_TIMEOUT_MS: '1' });
    await forget('F207566811F09001396D058468244BC6');
    const r = await l.upload(owner, 'slow.replay', await demoBytes(DEMO_FILES[1]));
    await w.waitForLog('job failed', (line) => line.replayId === r.replayId && line.final === true, 45_000);
    const row = await waitFor('the failed status', async () => {
      const x = await replayRow(harness.db.orm, r.replayId!);
      return x.status === ReplayStatus.Failed ? x : undefined;
    });
    expect(row.errorCode).toBe('RETRIES_EXHAUSTED');
    expect(row.error).toMatch(/after 3 attempts: processing took longer than/);
    expect(row.attempts).toBe(3);
    expect(await resultCount(harness.db.orm, r.replayId!)).toBe(0);
  });

  it('a job over JOB_MEMORY_MB kills only its sandbox thread; after the retries the replay is failed with a reason', async () => {
    const l = await lane('oom');
    const owner = await createUser(harness.db.orm, 'owner');
    // The job holds ~256 MB against a 64 MB ceiling: its worker thread is terminated, not the process.
    const w = await l.start({ JOB_MEMORY_MB: '64' }, { parse: { ballastMb: 256 } });
    await forget('E3015E6011F11CB1F0559C8BD16595B0');
    const r = await l.upload(owner, 'big.replay', await demoBytes(DEMO_FILES[2]));
    await w.waitForLog('job failed', (line) => line.replayId === r.replayId && line.final === true, 45_000);
    expect(w.lines.filter((line) => line.msg === 'sandbox thread error')).toHaveLength(3);
    expect(w.child.exitCode).toBeNull(); // the worker process survived all three
    const row = await waitFor('the failed status', async () => {
      const x = await replayRow(harness.db.orm, r.replayId!);
      return x.status === ReplayStatus.Failed ? x : undefined;
    });
    expect(row.error).toMatch(/needs more memory than allowed/);
    expect(await resultCount(harness.db.orm, r.replayId!)).toBe(0);
  });

  it('kill -9 in the middle of a job: another worker completes it exactly once', async () => {
    const l = await lane('kill');
    const owner = await createUser(harness.db.orm, 'owner');
    await forget('E3015E6011F11CB1F0559C8BD16595B0');
    // A short lock so the dead worker's job is taken over in seconds; a test-hook pause makes the job slow.
    const first = await l.start({ WORKER_LOCK_MS: '2000' }, { analyse: { delayMs: 20_000 } });
    const r = await l.upload(owner, 'kill.replay', await demoBytes(DEMO_FILES[2]));
    await first.waitForLog('job started', (line) => line.replayId === r.replayId);
    await waitFor(
      'the job to be mid-way (parsed, pausing before save)',
      async () => (await replayRow(harness.db.orm, r.replayId!)).status === ReplayStatus.Processing,
    );
    first.child.kill('SIGKILL');
    await waitFor('the first worker to die', () => first.child.signalCode === 'SIGKILL');
    expect(await resultCount(harness.db.orm, r.replayId!)).toBe(0);

    const second = await l.start({ WORKER_LOCK_MS: '2000' });
    await second.waitForLog('job completed', (line) => line.replayId === r.replayId, 45_000);
    const row = await replayRow(harness.db.orm, r.replayId!);
    expect(row.status).toBe(ReplayStatus.Analysed);
    expect(row.attempts).toBe(2);
    expect(await resultCount(harness.db.orm, r.replayId!)).toBe(1);
    // The job is completed in BullMQ too, not left stalled or failed.
    const job = await l.producer.queue.getJob(`replay-process-${r.replayId}`);
    expect(await job?.getState()).toBe('completed');
  });

  it('two workers on one queue each take jobs', async () => {
    const l = await lane('two');
    const owner = await createUser(harness.db.orm, 'owner');
    const slow = { analyse: { delayMs: 1500 } };
    const [a, b] = [await l.start({}, slow), await l.start({}, slow)];
    for (const guid of [
      '74F7F8D011F09A56208CB2BC736BCBEC',
      'F207566811F09001396D058468244BC6',
      'E3015E6011F11CB1F0559C8BD16595B0',
    ])
      await forget(guid);
    const ids: string[] = [];
    for (const f of DEMO_FILES) ids.push((await l.upload(owner, f, await demoBytes(f))).replayId!);
    const completedBy = (w: WorkerProcess) => w.lines.filter((line) => line.msg === 'job completed').length;
    // The row commits before BullMQ marks the job completed and the worker logs it: wait for both.
    await waitFor(
      'all three analysed and reported completed',
      async () => {
        const rows = await Promise.all(ids.map((id) => replayRow(harness.db.orm, id)));
        return (
          rows.every((row) => row.status === ReplayStatus.Analysed) && completedBy(a) + completedBy(b) >= 3
        );
      },
      45_000,
    );
    expect(completedBy(a)).toBeGreaterThan(0);
    expect(completedBy(b)).toBeGreaterThan(0);
    expect(completedBy(a) + completedBy(b)).toBe(3);
    for (const id of ids) expect(await resultCount(harness.db.orm, id)).toBe(1);
    const rows = await Promise.all(ids.map((id) => replayRow(harness.db.orm, id)));
    // A printed figure, not an assertion: parse time per demo replay inside the sandbox.
    console.info(
      `[figures] parse ms per demo replay: ${rows.map((row) => `${row.mapCode}=${row.parseMs}`).join(', ')}`,
    );
  });

  it('SIGTERM lets the active job finish, then exits cleanly', async () => {
    const l = await lane('term');
    const owner = await createUser(harness.db.orm, 'owner');
    await forget('74F7F8D011F09A56208CB2BC736BCBEC');
    const w = await l.start({}, { analyse: { delayMs: 2000 } });
    const r = await l.upload(owner, 'term.replay', await demoBytes(DEMO_FILES[0]));
    await w.waitForLog('job started', (line) => line.replayId === r.replayId);
    expect(await w.stop()).toBe(0);
    expect(w.lines.some((line) => line.msg === 'job completed' && line.replayId === r.replayId)).toBe(true);
    expect((await replayRow(harness.db.orm, r.replayId!)).status).toBe(ReplayStatus.Analysed);
    expect(await resultCount(harness.db.orm, r.replayId!)).toBe(1);
  });
});
