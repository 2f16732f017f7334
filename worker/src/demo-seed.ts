/**
 * The demo account: a stable user (kind 'demo') owning three real replays, ingested through the
 * same path as user uploads so the running worker turns them into real stats, with the demo
 * player claimed so every dashboard page has content. Idempotent, and it repairs an account
 * seeded before claims existed (a missing claim is added; summaries and sessions follow).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  UserKind,
  createUserIfAbsent,
  ensureHeaderClaims,
  isOwner,
  reconcileSummaries,
  replayIdByHash,
  type HeaderClaim,
} from '@rlcoach/db';
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
  /** Player keys claimed for the demo user by this run (empty when all were already claimed). */
  claimed: string[];
}

/**
 * The demo player of each demo replay: the player who saved it, as the game's automatic
 * ReplayName says ("2025-09-25.14.33 mrtn Ranked Doubles Win"). No player of the three demo
 * replays appears in another one, so the demo user is, like a player with alt accounts, the
 * saver of each. A file missing here is seeded without a claim.
 */
export const DEMO_PLAYERS: Readonly<Record<string, string>> = {
  '2025-competitive-0925.replay': 'steam:76561199084382801', // mrtn
  '2025-competitive-6804.replay': 'steam:76561198313792336', // syracks
  '2026-ranked-doubles.replay': 'epic:14d2c197a569431cbd227f56203b852e', // Quantavious1234
};

export async function seedDemo(deps: IngestDeps, dir = DEMO_REPLAYS_DIR): Promise<SeedReport> {
  const em = deps.orm.em.fork();
  const userCreated = await createUserIfAbsent(em, {
    id: DEMO_USER_ID,
    displayName: DEMO_DISPLAY_NAME,
    kind: UserKind.Demo,
  });
  const files = (await readdir(dir)).filter((f) => f.endsWith('.replay')).sort();
  const missing: string[] = [];
  const alreadyPresent: string[] = [];
  const claims: HeaderClaim[] = [];
  for (const f of files) {
    const bytes = await readFile(path.join(dir, f));
    const sha = createHash('sha256').update(bytes).digest('hex');
    const replayId = await replayIdByHash(em, sha);
    if (replayId && (await isOwner(em, DEMO_USER_ID, replayId))) {
      alreadyPresent.push(f);
      const key = DEMO_PLAYERS[f];
      if (key) claims.push({ replayId, playerKey: key });
    } else missing.push(f);
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
      const key = DEMO_PLAYERS[f];
      if (r.outcome !== 'rejected' && r.replayId && key)
        claims.push({ replayId: r.replayId, playerKey: key });
    }
  }
  // New claims recompute the ownerships, summaries and sessions; the reconcile repairs rows an
  // older seed or a race with the worker left stale (a no-op when everything is current).
  const claimed = await ensureHeaderClaims(em, DEMO_USER_ID, claims);
  await reconcileSummaries(em, DEMO_USER_ID);
  return { userCreated, ingested, alreadyPresent, claimed };
}
