/**
 * An export of 5,000 replays, each with an analysis report, built by the real `user.export`
 * job in a real worker process whose heap is capped: data.json is streamed from paged reads and
 * the originals are copied one at a time, so the archive completes within the cap. The rows are
 * bulk-copied from one processed demo replay (with a 40 kB stand-in report each, so the test stays
 * quick while the reports together still outweigh the heap); the copies share one small original.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserExport, UserExportStatus } from '@rlcoach/db';
import { requestExport } from '@rlcoach/db/auth/data-exports';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { inlineCompute } from '../src/compute/inline.js';
import { processReplay } from '../src/handlers/process-replay.js';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { UserJobs } from '@rlcoach/db/queues/user-jobs';
import {
  DEMO_FILES,
  REDIS_URL,
  createUser,
  deleteKeys,
  startWorker,
  tempDir,
  unique,
  uploadDemo,
  waitFor,
  type WorkerProcess,
} from './support.js';

const REPLAYS = 5_000;
/** The worker process's V8 heap cap for this test (old space), in MB. */
const HEAP_CAP_MB = 160;

let db: TestDatabase;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let worker: WorkerProcess | undefined;
let jobs: UserJobs | undefined;
const prefix = unique('export-scale');

beforeAll(async () => {
  db = await createTestDatabase('export_scale');
  tmp = await tempDir('export-scale');
});
afterAll(async () => {
  // A worker still busy with the export (the test failed) is not waited for.
  if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await jobs?.close();
  await deleteKeys(`${prefix}:*`);
  await db?.drop();
  await tmp?.cleanup();
});

describe('user.export at scale', () => {
  it(`exports ${REPLAYS} replays within a ${HEAP_CAP_MB} MB heap; unzip verifies every entry`, async () => {
    const storage = new ReplayStorage(path.join(tmp.dir, 'store'));
    const me = await createUser(db.orm, 'Collector');
    const first = await uploadDemo(db.orm, storage, me, DEMO_FILES[0]!);
    await processReplay({ orm: db.orm, storage, compute: inlineCompute, report: () => {} }, first);

    // One small original shared by every copy (the store is content-addressed: keys may repeat).
    const smallKey = 'sm/al/small-original.replay';
    await mkdir(path.dirname(storage.pathOf(smallKey)), { recursive: true });
    await writeFile(storage.pathOf(smallKey), randomBytes(4096));
    const conn = db.orm.em.getConnection();
    await conn.execute(
      `with copies as (
         insert into replays (id, file_sha256, storage_key, size_bytes, status, stage, header, played_at, map_code,
                              attempts, queued_at, created_at, parser_version, analysis_version, parse_ms, analyse_ms)
         select gen_random_uuid(), md5(g::text) || md5('x' || g::text), ?, 4096, r.status, r.stage, r.header,
                r.played_at, r.map_code, 1, now(), now(), r.parser_version, r.analysis_version, r.parse_ms, r.analyse_ms
           from replays r, generate_series(1, ?) g where r.id = ?
         returning id
       ), owned as (
         insert into replay_ownerships (user_id, replay_id, created_at) select ?, id, now() from copies returning replay_id
       )
       insert into replay_results (replay_id, scoreboard, report, network, frames_decoded, frames_total, created_at)
       select o.replay_id, res.scoreboard,
              -- ~40 kB per report (a real one is ~150 kB): 5,000 of them outweigh the heap cap.
              jsonb_build_object('copyOf', o.replay_id, 'filler', repeat(md5(o.replay_id::text), 1250)),
              res.network, res.frames_decoded, res.frames_total, now()
         from owned o, replay_results res where res.replay_id = ?`,
      [smallKey, REPLAYS - 1, first, me, first],
    );
    const [sizes] = await conn.execute<{ n: number; report_bytes: number }[]>(
      `select count(*)::int as n, sum(length(res.report::text))::bigint as report_bytes
         from replay_ownerships o join replay_results res on res.replay_id = o.replay_id where o.user_id = ?`,
      [me],
    );
    expect(sizes!.n).toBe(REPLAYS);
    // The reports alone are larger than the heap cap: building data.json in memory could not fit.
    expect(Number(sizes!.report_bytes)).toBeGreaterThan(HEAP_CAP_MB * 1024 * 1024);

    jobs = new UserJobs({ redisUrl: REDIS_URL, prefix });
    worker = await startWorker({
      DATABASE_URL: db.url,
      REDIS_URL,
      BULLMQ_PREFIX: prefix,
      SOCKET_IO_KEY: `${prefix}.io`,
      STORAGE_DIR: storage.root,
      OUTBOX_SWEEP_MS: '600000',
      NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`,
    });
    const { export: request } = await requestExport(db.orm.em.fork(), me);
    await jobs.enqueueExport({ userId: me, exportId: request.id });
    const row = await waitFor(
      'the export to finish',
      async () => {
        if (worker!.child.exitCode !== null)
          throw new Error(`worker died:\n${worker!.output().slice(-4000)}`);
        const r = await db.orm.em.fork().findOneOrFail(UserExport, request.id);
        return r.status === UserExportStatus.Ready || r.status === UserExportStatus.Failed ? r : undefined;
      },
      300_000,
      500,
    );
    expect(row.status).toBe(UserExportStatus.Ready);
    expect(worker.child.exitCode).toBeNull();

    const zip = storage.pathOf(row.storageKey!);
    expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .trim()
      .split('\n');
    expect(names).toHaveLength(REPLAYS + 1);
    expect(names[0]).toBe('data.json');
    expect(new Set(names.filter((n) => n.startsWith('replays/'))).size).toBe(REPLAYS);
    // data.json parses and lists every replay once (read here, outside the capped process).
    const data = JSON.parse(
      execFileSync('unzip', ['-p', zip, 'data.json'], {
        encoding: 'utf8',
        maxBuffer: 2 * 1024 * 1024 * 1024,
      }),
    ) as { replays: Array<{ id: string; file: string; report: unknown }> };
    expect(data.replays).toHaveLength(REPLAYS);
    expect(new Set(data.replays.map((r) => r.file))).toEqual(new Set(names.slice(1)));
    expect(data.replays.every((r) => r.report !== null)).toBe(true);
    // A printed figure, not an assertion: the worker process's peak resident memory (heap + buffers).
    const hwm = (await readFile(`/proc/${worker.child.pid}/status`, 'utf8')).match(/VmHWM:\s+(\d+)/)?.[1];
    console.info(`[figures] ${REPLAYS}-replay export: worker peak RSS ${Math.round(Number(hwm) / 1024)} MB`);
  }, 600_000);
});
