/**
 * The worker writes every owner's summary row and play sessions in the result's transaction:
 * a real demo replay ingested by two users (one of whom claimed their player) and processed
 * in-process against real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchInfo, parseHeader } from '@rlcoach/parser';
import { playerKey } from '@rlcoach/db/auth/identity';
import { ReplayResult } from '@rlcoach/db';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { createUploadBatch, ingestReplayFile, type IngestDeps } from '@rlcoach/db/ingest/ingest';
import { inlineCompute } from '../src/compute/inline.js';
import { processReplay } from '../src/handlers/process-replay.js';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { createUser, demoBytes, tempDir, writeTemp } from './support.js';

let db: TestDatabase;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let deps: IngestDeps;

beforeAll(async () => {
  db = await createTestDatabase('worker-summaries');
  tmp = await tempDir('summaries');
  deps = {
    orm: db.orm,
    storage: new ReplayStorage(`${tmp.dir}/store`),
    enqueue: { enqueueReplay: async () => {} },
  };
});

afterAll(async () => {
  await db?.drop();
  await tmp?.cleanup();
});

const sql = <T>(q: string, params: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, params);

async function upload(userId: string, bytes: Uint8Array): Promise<string> {
  const batch = await createUploadBatch(db.orm.em.fork(), userId, 1);
  const res = await ingestReplayFile(deps, {
    userId,
    batchId: batch.id,
    fileName: 'demo.replay',
    tempPath: await writeTemp(tmp.dir, `${userId}.replay`, bytes),
    sizeBytes: bytes.length,
  });
  return res.replayId!;
}

describe('worker summaries (real Postgres, real replay)', () => {
  it('writes header rows on upload, then stats and sessions for every owner with the result', async () => {
    const bytes = await demoBytes('2026-ranked-doubles.replay');
    const info = matchInfo(parseHeader(bytes));
    const player = info.players.find((p) => playerKey(p.platform, p.platformId))!;
    const key = playerKey(player.platform, player.platformId)!;
    const alice = await createUser(db.orm, 'Alice');
    const bob = await createUser(db.orm, 'Bob');
    await sql(
      'insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, gen_random_uuid(), now())',
      [alice, key],
    );
    const replayId = await upload(alice, bytes);
    expect(await upload(bob, bytes)).toBe(replayId); // duplicate: one replay, two owners

    const queued = await sql<{ user_id: string; has_report: boolean; counted: boolean; map_name: string }>(
      'select user_id, has_report, counted, map_name from replay_summaries where replay_id = ? order by user_id',
      [replayId],
    );
    expect(queued).toHaveLength(2);
    expect(queued.every((r) => !r.has_report && r.map_name === info.mapName)).toBe(true);
    expect(queued.find((r) => r.user_id === alice)!.counted).toBe(true);

    const done = await processReplay(
      { orm: db.orm, storage: deps.storage, compute: inlineCompute, report: () => {} },
      replayId,
    );
    expect(['analysed', 'partial']).toContain(done.status);
    // The job's result carries what replay:done announces (the saved scoreboard, no read-back)
    // and where its time went, stage by stage (the pipeline bench prints these).
    const stored = await db.orm.em.fork().findOneOrFail(ReplayResult, { replay: replayId });
    expect(done.scoreboard).toEqual(stored.scoreboard);
    expect(Object.keys(done.stages!)).toEqual(
      expect.arrayContaining(['start', 'read', 'parse', 'analysis.model', 'analysis.stats', 'save', 'merge']),
    );
    expect(done.stages!.parse).toBeGreaterThan(0);
    expect(done.stages!['analysis.model']).toBeGreaterThan(0);

    const rows = await sql<Record<string, unknown>>(
      'select * from replay_summaries where replay_id = ? order by user_id',
      [replayId],
    );
    const a = rows.find((r) => r.user_id === alice)!;
    const b = rows.find((r) => r.user_id === bob)!;
    // Alice's figures are her player's, straight from the stored report.
    const [report] = await sql<{ goals: number; team: string; blue: number; orange: number }>(
      `select (p->'stats'->'core'->>'goals')::int as goals, p->>'team' as team,
              (res.report->'teams'->'blue'->>'goals')::int as blue, (res.report->'teams'->'orange'->>'goals')::int as orange
         from replay_results res, jsonb_array_elements(res.report->'players') p
        where res.replay_id = ? and p->>'platform_id' = ?`,
      [replayId, player.platformId],
    );
    const mine = report!.team === 'blue' ? report!.blue : report!.orange;
    const theirs = report!.team === 'blue' ? report!.orange : report!.blue;
    expect(a).toMatchObject({
      has_report: true,
      counted: true,
      team: report!.team,
      goals: report!.goals,
      result: mine > theirs ? 'win' : mine < theirs ? 'loss' : 'draw',
      playlist: 'Ranked Doubles',
    });
    expect(b).toMatchObject({ has_report: true, counted: false, result: null, goals: null });

    const sessions = await sql<{ user_id: string; id: string; games: number; wins: number; losses: number }>(
      'select user_id, id, games, wins, losses from play_sessions order by user_id',
    );
    // Bob only uploaded the match (he is not in it): it is his replay, but no game of a session of his.
    expect(sessions.map((s) => s.user_id)).toEqual([alice]);
    const alices = sessions[0]!;
    expect(alices.id).toBe(a.session_id);
    expect(alices).toMatchObject({ games: 1 });
    expect(alices.wins + alices.losses).toBe(a.result === 'draw' ? 0 : 1);
    expect(b.session_id).toBeNull();
  }, 120_000);
});
