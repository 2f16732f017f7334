/**
 * Re-analysis of results stored under older analysis rules, with real processes: a replay goes
 * through the normal pipeline, is made stale (version reset, a stat corrupted in the stored report
 * and in the owner's summary row), and the sweep + `node worker/dist/main.js` bring it back to what
 * a fresh analysis gives, below new uploads in priority, announcing it to the owner's room.
 */
import { rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { matchInfo, parseHeader } from '@rlcoach/parser';
import { ANALYSIS_VERSION } from '@rlcoach/parser/analysis/index';
import { Replay, ReplayStatus } from '@rlcoach/db';
import { playerKey } from '@rlcoach/db/auth/identity';
import { JobName, jobIdFor, reanalyseJobId } from '@rlcoach/db/contracts/jobs';
import { inlineCompute } from '../src/compute/inline.js';
import { processReplay } from '../src/handlers/process-replay.js';
import { reanalyseReplay } from '../src/handlers/reanalyse-replay.js';
import { createUploadBatch, ingestReplayFile } from '@rlcoach/db/ingest/ingest';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import type { ReplayDone, ReplayFailed, ReplayProgress } from '@rlcoach/db/contracts/socket-events';
import { sweepStaleAnalyses } from '../src/sweep.js';
import {
  DEMO_FILES,
  createUser,
  demoBytes,
  startSocketServer,
  unique,
  waitFor,
  writeTemp,
  pipelineHarness,
} from './support.js';

const harness = pipelineHarness('reanalyse');
const lane = harness.lane;

/** Upload through the lane's ingest and return the new replay's id (a refusal fails the test). */
async function uploadId(
  l: Awaited<ReturnType<typeof lane>>,
  owner: string,
  bytes: Uint8Array,
): Promise<string> {
  const r = await l.upload(owner, 'game.replay', bytes);
  if (!r.replayId) throw new Error(`upload refused: ${JSON.stringify(r.error)}`);
  return r.replayId;
}

const sql = <T>(q: string, params: unknown[] = []) =>
  harness.db.orm.em.getConnection().execute<T[]>(q, params);

type Event = { event: string; payload: ReplayProgress | ReplayDone | ReplayFailed };
function record(socket: Socket): Event[] {
  const events: Event[] = [];
  socket.onAny((event: string, payload: Event['payload']) => events.push({ event, payload }));
  return events;
}
const about = (events: Event[], replayId: string, event?: string) =>
  events.filter((e) => e.payload.replayId === replayId && (!event || e.event === event));

/** What the dashboards read of one replay: its row, its stored report and its owners' summary rows. */
async function stored(replayId: string) {
  const row = await harness.db.orm.em.fork().findOneOrFail(Replay, replayId);
  const [result] = await sql<{ report: Record<string, unknown> | null }>(
    'select report from replay_results where replay_id = ?',
    [replayId],
  );
  const summaries = await sql<Record<string, unknown>>(
    'select * from replay_summaries where replay_id = ? order by user_id',
    [replayId],
  );
  // Bookkeeping timestamps move with every rewrite; every figure must not.
  const figures = summaries.map(({ updated_at: _u, source_result_at: _s, ...rest }) => rest);
  const [counts] = await sql<{ results: number; tracks: number }>(
    `select (select count(*)::int from replay_results where replay_id = ?) as results,
            (select count(*)::int from replay_tracks where replay_id = ?) as tracks`,
    [replayId, replayId],
  );
  return { row, report: result?.report ?? null, summaries: figures, counts };
}

/** Forget that the replay was analysed under the current rules, and damage what it stored. */
async function makeStale(replayId: string, version: number | null) {
  await sql('update replays set analysis_version = ? where id = ?', [version, replayId]);
  await sql(
    `update replay_results set report = jsonb_set(report, '{players,0,stats,core,goals}', '99')
      where replay_id = ?`,
    [replayId],
  );
  await sql('update replay_summaries set goals = 99 where replay_id = ?', [replayId]);
}

describe('replay re-analysis', () => {
  it('a stale result is re-analysed after new uploads, restored exactly, announced, and swept once', async () => {
    const l = await lane('restore');
    const sockets = await startSocketServer(l.socketKey);
    try {
      const bytes = await demoBytes('2026-ranked-doubles.replay');
      const info = matchInfo(parseHeader(bytes));
      const player = info.players.find((p) => playerKey(p.platform, p.platformId))!;
      const owner = await createUser(harness.db.orm, 'owner');
      // The owner claims a player of the match, so their summary row carries that player's stats.
      await sql(
        'insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, gen_random_uuid(), now())',
        [owner, playerKey(player.platform, player.platformId)],
      );
      const events = record(await sockets.connect(owner));
      const first = await l.start();
      const replayId = await uploadId(l, owner, bytes);
      await waitFor('replay:done of the upload', () => about(events, replayId, 'replay:done')[0]);
      const fresh = await stored(replayId);
      expect(fresh.row.status).toBe(ReplayStatus.Analysed);
      expect(fresh.row.analysisVersion).toBe(ANALYSIS_VERSION);
      expect(fresh.report).not.toBeNull();
      expect(fresh.summaries).toHaveLength(1);
      expect(fresh.summaries[0]!.goals).toEqual(expect.any(Number));
      await first.stop(); // with no worker, both jobs below wait and the queue's order decides

      await makeStale(replayId, null);
      const damaged = await stored(replayId);
      expect(damaged.report).not.toEqual(fresh.report);
      expect(damaged.summaries[0]!.goals).toBe(99);
      const mark = events.length;

      const swept = await sweepStaleAnalyses(harness.db.orm, l.producer);
      expect(swept).toEqual({ checked: 1, enqueued: [replayId], kept: [] });
      // A double enqueue is a no-op (same derived id), and a pending job is not swept again.
      expect(await l.producer.enqueueReanalyse(replayId, ANALYSIS_VERSION)).toBe(
        reanalyseJobId(replayId, ANALYSIS_VERSION),
      );
      expect(await sweepStaleAnalyses(harness.db.orm, l.producer)).toEqual({
        checked: 1,
        enqueued: [],
        kept: [],
      });
      expect((await l.producer.queue.getJobCounts('prioritized')).prioritized).toBe(1);

      // A new upload arriving meanwhile is processed first: the re-analysis has a lower priority.
      const newer = await uploadId(l, owner, await demoBytes(DEMO_FILES[0]));
      const reanalyse = (await l.producer.reanalyseJob(replayId, ANALYSIS_VERSION))!;
      const process = (await l.producer.queue.getJob(jobIdFor(JobName.ReplayProcess, newer)))!;
      expect(reanalyse.name).toBe(JobName.ReplayReanalyse);
      expect(reanalyse.opts.priority).toBeGreaterThan(process.opts.priority ?? 0);

      const second = await l.start();
      await waitFor(
        'replay:done of the re-analysis',
        () => about(events.slice(mark), replayId, 'replay:done')[0],
      );
      const started = second.lines.filter((x) => x.msg === 'job started').map((x) => x.name);
      expect(started).toEqual([JobName.ReplayProcess, JobName.ReplayReanalyse]);
      expect(about(events.slice(mark), newer, 'replay:done')).toHaveLength(1);

      const after = await stored(replayId);
      expect(after.report).toEqual(fresh.report);
      expect(after.summaries).toEqual(fresh.summaries);
      expect(after.counts).toEqual({ results: 1, tracks: 1 });
      expect(after.row).toMatchObject({
        status: ReplayStatus.Analysed,
        analysisVersion: ANALYSIS_VERSION,
        error: null,
        attempts: fresh.row.attempts, // not a new processing attempt
      });
      const done = about(events.slice(mark), replayId, 'replay:done')[0]!.payload as ReplayDone;
      expect(done.status).toBe('analysed');
      expect(done.scoreboard.replayId).toBe(replayId);
      // A re-analysis does not walk the owner's replay through the processing stages again.
      expect(about(events.slice(mark), replayId, 'replay:progress')).toEqual([]);
      expect(about(events.slice(mark), replayId, 'replay:failed')).toEqual([]);

      // Up to date now: the sweep finds nothing, and the handler itself is a no-op when run again.
      expect(await sweepStaleAnalyses(harness.db.orm, l.producer)).toEqual({
        checked: 0,
        enqueued: [],
        kept: [],
      });
      const again = await reanalyseReplay(
        { orm: harness.db.orm, storage: l.storage, compute: inlineCompute },
        replayId,
      );
      expect(again.outcome).toBe('current');
    } finally {
      await sockets.close();
    }
  });

  it('a stale replay whose original was deleted keeps its result and is not enqueued again', async () => {
    const l = await lane('missing');
    const owner = await createUser(harness.db.orm, 'owner');
    const w = await l.start();
    const replayId = await uploadId(l, owner, await demoBytes(DEMO_FILES[1]));
    await w.waitForLog('job completed', (x) => x.replayId === replayId);
    await sql('update replays set analysis_version = 0 where id = ?', [replayId]);
    const before = await stored(replayId);
    await rm(l.storage.pathOf(before.row.storageKey));

    expect((await sweepStaleAnalyses(harness.db.orm, l.producer)).enqueued).toEqual([replayId]);
    const kept = await w.waitForLog('re-analysis kept the stored result', (x) => x.replayId === replayId);
    expect(kept.reason).toMatch(/original file is missing/);

    const after = await stored(replayId);
    expect(after.report).toEqual(before.report);
    expect(after.summaries).toEqual(before.summaries);
    expect(after.row).toMatchObject({
      status: before.row.status, // never turned failed
      error: before.row.error,
      parseMs: before.row.parseMs,
      analysisVersion: ANALYSIS_VERSION, // out of the sweep until the rules change again
    });
    expect(await sweepStaleAnalyses(harness.db.orm, l.producer)).toEqual({
      checked: 0,
      enqueued: [],
      kept: [],
    });
  });

  it('a re-analysis that fails for good (timeouts) keeps the stored result and leaves the sweep', async () => {
    const l = await lane('timeout');
    const owner = await createUser(harness.db.orm, 'owner');
    const bytes = await demoBytes(DEMO_FILES[2]);
    await harness.db.orm.em
      .fork()
      .nativeDelete(Replay, { matchGuid: matchInfo(parseHeader(bytes)).matchGuid });
    const first = await l.start();
    const replayId = await uploadId(l, owner, bytes);
    await first.waitForLog('job completed', (x) => x.replayId === replayId);
    await first.stop();
    await makeStale(replayId, 0);
    const before = await stored(replayId);

    // Every attempt times out; the start-up sweep enqueues the re-analysis.
    const w = await l.start({ JOB_TIMEOUT_MS: '1' });
    const kept = await w.waitForLog(
      're-analysis kept the stored result',
      (x) => x.replayId === replayId,
      45_000,
    );
    expect(kept.reason).toMatch(/longer than/);
    const job = (await l.producer.reanalyseJob(replayId, ANALYSIS_VERSION))!;
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    const after = await stored(replayId);
    expect(after.report).toEqual(before.report);
    expect(after.summaries).toEqual(before.summaries);
    expect(after.row).toMatchObject({
      status: before.row.status,
      error: before.row.error,
      analysisVersion: ANALYSIS_VERSION,
    });
    expect(await sweepStaleAnalyses(harness.db.orm, l.producer)).toEqual({
      checked: 0,
      enqueued: [],
      kept: [],
    });
  });

  it('a stale replay whose original no longer parses keeps its result (handler, in process)', async () => {
    const storage = new ReplayStorage(`${harness.tmpDir}/${unique('unparsable')}`);
    const owner = await createUser(harness.db.orm, 'owner');
    const bytes = await demoBytes(DEMO_FILES[2]);
    await harness.db.orm.em
      .fork()
      .nativeDelete(Replay, { matchGuid: matchInfo(parseHeader(bytes)).matchGuid });
    const batch = await createUploadBatch(harness.db.orm.em.fork(), owner, 1);
    const { replayId } = await ingestReplayFile(
      { orm: harness.db.orm, storage, enqueue: { enqueueReplay: async () => {} } },
      {
        userId: owner,
        batchId: batch.id,
        fileName: 'game.replay',
        tempPath: await writeTemp(harness.tmpDir, 'unparsable.replay', bytes),
        sizeBytes: bytes.length,
      },
    );
    const deps = { orm: harness.db.orm, storage, compute: inlineCompute };
    await processReplay({ ...deps, report: () => {} }, replayId!);
    await makeStale(replayId!, null);
    const before = await stored(replayId!);
    // The stored original is cut short after its header: it no longer decodes.
    await writeFile(storage.pathOf(before.row.storageKey), bytes.slice(0, 300_000));

    const run = await reanalyseReplay(deps, replayId!);
    expect(run).toMatchObject({ outcome: 'kept', reason: expect.stringMatching(/no longer parses/) });
    const after = await stored(replayId!);
    expect(after.report).toEqual(before.report);
    expect(after.row.status).toBe(before.row.status);
    expect(after.row.analysisVersion).toBe(ANALYSIS_VERSION);
    expect(await reanalyseReplay(deps, replayId!)).toEqual({ replayId, outcome: 'current' });
  });
});
