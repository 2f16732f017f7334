/**
 * Storage sweep: delete originals under STORAGE_DIR that no replay row references (a commit that
 * failed after its file was stored, a replay deleted without its file), and write-temp files left
 * by a crash. Only files older than `minAgeMs` are touched, so an upload between storing its file
 * and committing its row is never swept from under it.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { referencedStorageKeys, type MikroORM } from '@rlcoach/db';
import type { ReplayStorage } from '@rlcoach/db/storage/replay-storage';

export interface StorageSweepResult {
  checked: number;
  removed: string[];
}

/** One hour: far longer than any upload takes from storing its file to committing its row. */
export const STORAGE_SWEEP_MIN_AGE_MS = 60 * 60 * 1000;

const ORIGINAL = /^[0-9a-f]{64}\.replay$/;
const TEMP = /\.tmp$/;

/** Every file below `dir` as a path relative to `root` (forward slashes, like storage keys). */
async function* filesUnder(root: string, dir = root): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // no store yet
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(root, full);
    else if (e.isFile()) yield path.relative(root, full).split(path.sep).join('/');
  }
}

function referenced(orm: MikroORM, keys: string[]): Promise<Set<string>> {
  return referencedStorageKeys(orm.em.fork(), keys);
}

export async function sweepUnreferencedOriginals(
  orm: MikroORM,
  storage: ReplayStorage,
  minAgeMs = STORAGE_SWEEP_MIN_AGE_MS,
): Promise<StorageSweepResult> {
  const cutoff = Date.now() - minAgeMs;
  const removed: string[] = [];
  let checked = 0;
  let batch: string[] = [];
  const flush = async () => {
    const keep = await referenced(orm, batch);
    for (const key of batch) {
      if (keep.has(key)) continue;
      await storage.remove(key);
      removed.push(key);
    }
    batch = [];
  };
  for await (const key of filesUnder(storage.root)) {
    const name = path.posix.basename(key);
    if (!ORIGINAL.test(name) && !TEMP.test(name)) continue; // not ours: leave it alone
    let mtime: number;
    try {
      mtime = (await stat(storage.pathOf(key))).mtimeMs;
    } catch {
      continue; // removed meanwhile
    }
    if (mtime > cutoff) continue;
    checked++;
    if (TEMP.test(name)) {
      await rm(storage.pathOf(key), { force: true });
      removed.push(key);
      continue;
    }
    batch.push(key);
    if (batch.length >= 500) await flush();
  }
  await flush();
  return { checked, removed };
}

/** The store is walked at most this often per process (the outbox sweep's pass runs every minute). */
export const STORAGE_SWEEP_EVERY_MS = 15 * 60 * 1000;
let lastStarted = 0;

/** The worker's periodic pass: sweep (first pass at start-up, then every 15 min), and log what went. */
export async function runStorageSweep(
  orm: MikroORM,
  storage: ReplayStorage,
  log: { info(msg: string, fields?: Record<string, unknown>): void },
): Promise<void> {
  if (Date.now() - lastStarted < STORAGE_SWEEP_EVERY_MS) return;
  lastStarted = Date.now();
  const r = await sweepUnreferencedOriginals(orm, storage);
  if (r.removed.length > 0)
    log.info('storage sweep removed unreferenced originals', { count: r.removed.length, keys: r.removed });
}
