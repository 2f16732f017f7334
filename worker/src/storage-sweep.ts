/**
 * Storage sweep: delete originals in the store (local disk or S3) that no replay row references (a commit that
 * failed after its file was stored, a replay deleted without its file), and write-temp files left
 * by a crash. Only files older than `minAgeMs` are touched, so an upload between storing its file
 * and committing its row is never swept from under it.
 */
import path from 'node:path';
import { referencedStorageKeys, type MikroORM } from '@rlcoach/db';
import type { ObjectStore } from '@rlcoach/db/storage/store';

export interface StorageSweepResult {
  checked: number;
  removed: string[];
}

/** One hour: far longer than any upload takes from storing its file to committing its row. */
export const STORAGE_SWEEP_MIN_AGE_MS = 60 * 60 * 1000;

const ORIGINAL = /^[0-9a-f]{64}\.replay$/;
const TEMP = /\.tmp$/;

function referenced(orm: MikroORM, keys: string[]): Promise<Set<string>> {
  return referencedStorageKeys(orm.em.fork(), keys);
}

export async function sweepUnreferencedOriginals(
  orm: MikroORM,
  storage: ObjectStore,
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
  for await (const object of storage.list()) {
    const key = object.key;
    const name = path.posix.basename(key);
    if (!ORIGINAL.test(name) && !TEMP.test(name)) continue; // not ours: leave it alone
    if (object.lastModified.getTime() > cutoff) continue;
    checked++;
    if (TEMP.test(name)) {
      await storage.remove(key);
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
  storage: ObjectStore,
  log: { info(msg: string, fields?: Record<string, unknown>): void },
): Promise<void> {
  if (Date.now() - lastStarted < STORAGE_SWEEP_EVERY_MS) return;
  lastStarted = Date.now();
  const r = await sweepUnreferencedOriginals(orm, storage);
  if (r.removed.length > 0)
    log.info('storage sweep removed unreferenced originals', { count: r.removed.length, keys: r.removed });
}
