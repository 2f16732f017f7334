/**
 * scripts/backup.sh + scripts/restore.sh on real data: the demo replays go through the real
 * pipeline (seed → queue → worker: results, reports, tracks, summaries, sessions), the stack is
 * backed up, restored into a database that does not exist yet and an empty directory, and every
 * table's row count and every original file (name + sha256) must be identical. Restoring into a
 * database that already holds data is refused and changes nothing.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { REPO_ROOT, removeRedisKeys, waitFor } from './support';

const run = promisify(execFile);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SUPERUSER_URL = process.env.TEST_PG_SUPERUSER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function sql(url: string, query: string): Promise<string> {
  const { stdout } = await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-tAc', query]);
  return stdout.trim();
}

/** Row count of every table in the public schema, by name. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const tables = (
    await sql(url, "select tablename from pg_tables where schemaname = 'public' order by tablename")
  ).split('\n');
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number(await sql(url, `select count(*) from "${t}"`));
  return counts;
}

/** Every file under `dir`: relative path → sha256. */
async function fileHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash('sha256')
      .update(await readFile(full))
      .digest('hex');
  }
  return out;
}

describe('backup.sh and restore.sh', () => {
  const id = `bk-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const bullmqPrefix = `rlcoach-test-${id}`;
  const restoredName = `rlcoach_t_restore_${id.replace(/-/g, '_')}`;
  let db: TestDatabase;
  let tmp: string;
  let restoredUrl: string;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('backup');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'rlcoach-backup-'));
    const u = new URL(db.url);
    u.pathname = `/${restoredName}`;
    restoredUrl = u.toString();

    // Real data: the demo seed ingests three replays, a real worker analyses them.
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL,
      BULLMQ_PREFIX: bullmqPrefix,
      SOCKET_IO_KEY: `${bullmqPrefix}-io`,
      STORAGE_DIR: path.join(tmp, 'replays'),
    };
    await run(process.execPath, ['worker/dist/cli/seed-demo.js'], { cwd: REPO_ROOT, env });
    const worker = spawn(process.execPath, ['worker/dist/main.js'], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    worker.stdout.on('data', (c: Buffer) => logs.push(c.toString()));
    worker.stderr.on('data', (c: Buffer) => logs.push(c.toString()));
    const exited = new Promise((r) => worker.once('exit', r));
    try {
      await waitFor(
        'the worker to finish the demo replays',
        async () => {
          const pending = await sql(
            db.url,
            "select count(*) from replays where status in ('queued','processing')",
          );
          const total = await sql(db.url, 'select count(*) from replays');
          return Number(total) > 0 && pending === '0' ? true : undefined;
        },
        150_000,
        () => logs.join(''),
      );
    } finally {
      worker.kill('SIGTERM');
      await exited;
    }
  });

  afterAll(async () => {
    await db?.drop().catch(() => undefined);
    await sql(SUPERUSER_URL, `drop database if exists "${restoredName}" with (force)`).catch(() => undefined);
    await removeRedisKeys(REDIS_URL, [`${bullmqPrefix}*`]).catch(() => undefined);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('restores identical row counts and files into a new empty database and directory', async () => {
    const before = await rowCounts(db.url);
    // The pipeline really ran: analysed replays with their results, tracks and summaries.
    expect(before.replays).toBe(3);
    for (const t of ['replay_results', 'replay_tracks', 'replay_summaries', 'upload_items', 'users'])
      expect(before[t], t).toBeGreaterThan(0);
    const filesBefore = await fileHashes(path.join(tmp, 'replays'));
    expect(Object.keys(filesBefore)).toHaveLength(3);

    const { stdout } = await run('bash', ['scripts/backup.sh', path.join(tmp, 'backups')], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: db.url, STORAGE_DIR: path.join(tmp, 'replays') },
    });
    const archive = stdout.trim();
    expect(path.basename(archive)).toMatch(/^rlcoach-backup-\d{8}T\d{6}Z\.tar$/);

    const restoredDir = path.join(tmp, 'restored-replays');
    await run('bash', ['scripts/restore.sh', archive], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: restoredUrl, STORAGE_DIR: restoredDir },
    });

    expect(await rowCounts(restoredUrl)).toEqual(before);
    expect(await fileHashes(restoredDir)).toEqual(filesBefore);
    // Not only counts: the analysed content came back too.
    const digest = "select md5(string_agg(id::text || status, ',' order by id)) from replays";
    expect(await sql(restoredUrl, digest)).toBe(await sql(db.url, digest));
  });

  it('refuses to restore over a database that holds data, changing nothing', async () => {
    const archive = (await readdir(path.join(tmp, 'backups'))).find((f) => f.endsWith('.tar'));
    expect(archive).toBeDefined();
    const emptyDir = path.join(tmp, 'second-target');
    await mkdir(emptyDir);
    const before = await rowCounts(db.url);
    const attempt = run('bash', ['scripts/restore.sh', path.join(tmp, 'backups', archive!)], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: db.url, STORAGE_DIR: emptyDir },
    });
    await expect(attempt).rejects.toMatchObject({ stderr: expect.stringMatching(/is not empty/) });
    expect(await rowCounts(db.url)).toEqual(before);
    expect(await readdir(emptyDir)).toEqual([]);
  });
});
