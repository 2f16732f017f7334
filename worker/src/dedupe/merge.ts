/**
 * After the worker has decoded a replay: fold copies of the same match into one. Copies share a
 * match GUID and a fingerprint (fingerprint.ts); the oldest copy is kept, every other copy's
 * owners move to it (ownership, player key, count override, summaries and play sessions
 * recomputed with the repository functions), its upload items point at the kept copy, its row
 * and derived rows (result, track, summaries) are deleted, and its original file goes.
 *
 * A copy with any difference in what it decodes to (edited names, a damaged body, a foreign
 * body behind a copied header) has another fingerprint or none and stays its own replay, owned
 * by its uploader alone: it can neither borrow nor lend content.
 */
import { syncUserSummaries, type EntityManager, type MikroORM } from '@rlcoach/db';
import { refreshPlayerKeys } from '@rlcoach/db/auth/player-identity';
import type { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { fingerprintCopies } from './fingerprint.js';

export interface MergeOutcome {
  /** The copy every owner of this match now owns (this replay when nothing was merged). */
  keptId: string;
  /** Copies folded into `keptId` and deleted. */
  mergedIds: string[];
  /** Owners moved from a merged copy to `keptId`. */
  movedOwners: string[];
}

async function all<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/** Move one merged copy's owners to the kept copy, then delete the copy (derived rows cascade). */
async function foldInto(em: EntityManager, keptId: string, copyId: string): Promise<string[]> {
  const owners = await all<{ user_id: string; count_override: boolean }>(
    em,
    'select user_id, count_override from replay_ownerships where replay_id = ? order by user_id',
    [copyId],
  );
  await all(em, 'update upload_items set replay_id = ? where replay_id = ?', [keptId, copyId]);
  await all(em, 'delete from replays where id = ?', [copyId]);
  for (const o of owners) {
    await all(
      em,
      `insert into replay_ownerships (user_id, replay_id, count_override, created_at)
       values (?, ?, ?, now())
       on conflict (user_id, replay_id)
       do update set count_override = replay_ownerships.count_override or excluded.count_override`,
      [o.user_id, keptId, o.count_override],
    );
    await refreshPlayerKeys(em, o.user_id, [keptId]);
    // Their row for the kept copy, and sessions regrouped without the deleted copy.
    await syncUserSummaries(em, o.user_id, [keptId]);
  }
  return owners.map((o) => o.user_id);
}

/**
 * Fingerprint `replayId` and merge every copy of its match into the oldest one. Serialised per
 * GUID (advisory lock), so two copies finishing at once merge exactly once. Idempotent.
 */
export async function mergeSameMatch(
  orm: MikroORM,
  storage: ReplayStorage,
  replayId: string,
): Promise<MergeOutcome> {
  const none: MergeOutcome = { keptId: replayId, mergedIds: [], movedOwners: [] };
  const merged = await orm.em.fork().transactional(async (em) => {
    const [row] = await all<{ match_guid: string | null }>(
      em,
      'select match_guid from replays where id = ?',
      [replayId],
    );
    if (!row?.match_guid) return null;
    await all(em, 'select pg_advisory_xact_lock(hashtext(?))', [`rlcoach:match:${row.match_guid}`]);
    const decoded = await fingerprintCopies(em, row.match_guid);
    const mine = decoded.find((c) => c.id === replayId);
    if (!mine) return null; // not decoded: a failed copy merges with nothing
    const ids = decoded.filter((c) => c.match_fingerprint === mine.match_fingerprint).map((c) => c.id);
    // Oldest first: the copy owners already know is the one that stays.
    const copies = await all<{ id: string; storage_key: string }>(
      em,
      'select id, storage_key from replays where id in (?) order by created_at, id',
      [ids],
    );
    if (copies.length < 2) return null;
    const [kept, ...rest] = copies as [(typeof copies)[number], ...typeof copies];
    const movedOwners: string[] = [];
    for (const copy of rest) movedOwners.push(...(await foldInto(em, kept.id, copy.id)));
    return { kept, rest, movedOwners };
  });
  if (!merged) return none;
  // Committed: a merged copy's original is referenced by nothing now (one row per file hash),
  // unless the same bytes were uploaded again meanwhile and got a new row.
  const em = orm.em.fork();
  for (const copy of merged.rest) {
    const refs = await all(em, 'select 1 from replays where storage_key = ? limit 1', [copy.storage_key]);
    if (refs.length === 0) await storage.remove(copy.storage_key);
  }
  return {
    keptId: merged.kept.id,
    mergedIds: merged.rest.map((c) => c.id),
    movedOwners: merged.movedOwners,
  };
}
