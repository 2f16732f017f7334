/**
 * After the worker has decoded a replay: fold copies of the same match into one. Copies share a
 * match GUID and a fingerprint (fingerprint.ts); the oldest copy is kept, every other copy's
 * owners move to it (ownership, player key, count override, summaries and play sessions
 * recomputed by db's match-copies repository), its upload items point at the kept copy, its row
 * and derived rows (result, track, summaries) are deleted, and its original file goes.
 *
 * A copy with any difference in what it decodes to (edited names, a damaged body, a foreign
 * body behind a copied header) has another fingerprint or none and stays its own replay, owned
 * by its uploader alone: it can neither borrow nor lend content.
 */
import {
  copiesOldestFirst,
  fingerprintCopies,
  foldCopyInto,
  inTransaction,
  lockMatch,
  matchGuidOf,
  referencedStorageKeys,
  type MikroORM,
} from '@rlcoach/db';
import type { ObjectStore } from '@rlcoach/db/storage/store';

export interface MergeOutcome {
  /** The copy every owner of this match now owns (this replay when nothing was merged). */
  keptId: string;
  /** Copies folded into `keptId` and deleted. */
  mergedIds: string[];
  /** Owners moved from a merged copy to `keptId`. */
  movedOwners: string[];
}

/**
 * Fingerprint `replayId` and merge every copy of its match into the oldest one. Serialised per
 * GUID (advisory lock), so two copies finishing at once merge exactly once. Idempotent.
 */
export async function mergeSameMatch(
  orm: MikroORM,
  storage: ObjectStore,
  replayId: string,
): Promise<MergeOutcome> {
  const none: MergeOutcome = { keptId: replayId, mergedIds: [], movedOwners: [] };
  const merged = await inTransaction(orm.em.fork(), async (em) => {
    const guid = await matchGuidOf(em, replayId);
    if (!guid) return null;
    await lockMatch(em, guid);
    const decoded = await fingerprintCopies(em, guid);
    const mine = decoded.find((c) => c.id === replayId);
    if (!mine) return null; // not decoded: a failed copy merges with nothing
    const ids = decoded.filter((c) => c.match_fingerprint === mine.match_fingerprint).map((c) => c.id);
    // Oldest first: the copy owners already know is the one that stays.
    const copies = await copiesOldestFirst(em, ids);
    if (copies.length < 2) return null;
    const [kept, ...rest] = copies as [(typeof copies)[number], ...typeof copies];
    const movedOwners: string[] = [];
    for (const copy of rest) movedOwners.push(...(await foldCopyInto(em, kept.id, copy.id)));
    return { kept, rest, movedOwners };
  });
  if (!merged) return none;
  // Committed: a merged copy's original is referenced by nothing now (one row per file hash),
  // unless the same bytes were uploaded again meanwhile and got a new row.
  const em = orm.em.fork();
  for (const copy of merged.rest) {
    const refs = await referencedStorageKeys(em, [copy.storageKey]);
    if (refs.size === 0) await storage.remove(copy.storageKey);
  }
  return {
    keptId: merged.kept.id,
    mergedIds: merged.rest.map((c) => c.id),
    movedOwners: merged.movedOwners,
  };
}
