/**
 * The demo account: a stable user (kind 'demo') owning three real replays, ingested through the
 * same path as user uploads so the running worker turns them into real stats. Idempotent.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Replay, User, UserKind, isOwner } from '@rlcoach/db';
import {
  createUploadBatch,
  ingestReplayFile,
  type IngestDeps,
  type IngestResult,
} from '@rlcoach/db/ingest/ingest';

/** Stable so links and e2e tests can name the demo account. */
export const DEMO_USER_ID = '00000000-0000-4000-8000-00000000de00';
export const DEMO_DISPLAY_NAME = 'Demo player';
export const DEMO_REPLAYS_DIR = fileURLToPath(new URL('../fixtures/demo-replays/', import.meta.url));

export interface SeedReport {
  userCreated: boolean;
  ingested: Array<{ fileName: string } & Pick<IngestResult, 'outcome' | 'replayId' | 'error'>>;
  alreadyPresent: string[];
}

export async function seedDemo(deps: IngestDeps, dir = DEMO_REPLAYS_DIR): Promise<SeedReport> {
  const em = deps.orm.em.fork();
  let userCreated = false;
  if (!(await em.findOne(User, DEMO_USER_ID))) {
    em.create(User, { id: DEMO_USER_ID, displayName: DEMO_DISPLAY_NAME, kind: UserKind.Demo } as User);
    await em.flush();
    userCreated = true;
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith('.replay')).sort();
  const missing: string[] = [];
  const alreadyPresent: string[] = [];
  for (const f of files) {
    const sha = createHash('sha256')
      .update(await readFile(path.join(dir, f)))
      .digest('hex');
    const replay = await em.getRepository(Replay).findByHash(sha);
    if (replay && (await isOwner(em, DEMO_USER_ID, replay.id))) alreadyPresent.push(f);
    else missing.push(f);
  }
  const ingested: SeedReport['ingested'] = [];
  if (missing.length > 0) {
    const batch = await createUploadBatch(em, DEMO_USER_ID, missing.length);
    for (const f of missing) {
      const full = path.join(dir, f);
      const size = (await readFile(full)).length;
      const r = await ingestReplayFile(deps, {
        userId: DEMO_USER_ID,
        batchId: batch.id,
        fileName: f,
        tempPath: full,
        sizeBytes: size,
      });
      ingested.push({ fileName: f, outcome: r.outcome, replayId: r.replayId, error: r.error });
    }
  }
  return { userCreated, ingested, alreadyPresent };
}
