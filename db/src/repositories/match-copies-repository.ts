/**
 * Copies of one match (same match GUID, different bytes), for the worker's merge step.
 *
 * What "the same match" means. Two uploads are the same match when they carry the same match
 * GUID AND decode to exactly what a user would be shown for them: the header as read (players
 * with their names, platform ids, teams and stats; goals with frame, scorer and team; map, date,
 * frame count, duration), the network decode summary (status, frames decoded, diagnostics), the
 * analysis report, and the positions track. Nothing else can be merged: a merged owner sees
 * exactly what their own bytes would have shown them, so no upload can lend its content (edited
 * names, invented goals, a borrowed analysis) to anyone else's.
 *
 * Computed in SQL from the rows the worker saved: jsonb's text form is canonical (keys sorted,
 * no whitespace), so equal content gives equal text. `replayId`-bearing rows (the scoreboard)
 * are left out; the scoreboard is derived from the header anyway.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshPlayerKeys } from '../auth/player-identity.js';
import { sqlAll } from './sql-exec.js';
import { syncUserSummaries } from './summary-repository.js';

const FINGERPRINT_SQL = `
  update replays r
     set match_fingerprint = encode(sha256(
           convert_to(jsonb_build_array(r.match_guid, r.header, res.report, res.network,
                                        res.frames_decoded, res.frames_total)::text, 'UTF8')
           || coalesce(t.data, ''::bytea)), 'hex')
    from replay_results res
    left join replay_tracks t on t.replay_id = res.replay_id
   where r.match_guid = ? and res.replay_id = r.id and r.status in ('analysed', 'partial')
  returning r.id, r.match_fingerprint`;

export interface FingerprintedCopy {
  id: string;
  match_fingerprint: string;
}

/**
 * (Re)compute the fingerprint of every decoded upload carrying `matchGuid`, from their current
 * results (a re-analysis changes them), and return those copies. Undecoded copies are absent.
 */
export function fingerprintCopies(em: EntityManager, matchGuid: string): Promise<FingerprintedCopy[]> {
  return sqlAll<FingerprintedCopy>(em, FINGERPRINT_SQL, [matchGuid]);
}

/** The match GUID a replay's file carries (null: none, or no such replay). */
export async function matchGuidOf(em: EntityManager, replayId: string): Promise<string | null> {
  const [row] = await sqlAll<{ match_guid: string | null }>(
    em,
    'select match_guid from replays where id = ?',
    [replayId],
  );
  return row?.match_guid ?? null;
}

/** Serialise merges of one match until the caller's transaction ends (two copies finishing at once). */
export async function lockMatch(em: EntityManager, matchGuid: string): Promise<void> {
  await sqlAll(em, 'select pg_advisory_xact_lock(hashtext(?))', [`rlcoach:match:${matchGuid}`]);
}

export interface StoredCopy {
  id: string;
  storageKey: string;
}

/** The given replays, oldest first (the copy owners already know is the one that stays). */
export async function copiesOldestFirst(em: EntityManager, ids: string[]): Promise<StoredCopy[]> {
  if (ids.length === 0) return [];
  const rows = await sqlAll<{ id: string; storage_key: string }>(
    em,
    'select id, storage_key from replays where id in (?) order by created_at, id',
    [ids],
  );
  return rows.map((r) => ({ id: r.id, storageKey: r.storage_key }));
}

/**
 * Move one merged copy's owners to the kept copy, then delete the copy (derived rows cascade).
 * Returns the owners moved. Player keys, summary rows and play sessions are recomputed for each.
 */
export async function foldCopyInto(em: EntityManager, keptId: string, copyId: string): Promise<string[]> {
  const owners = await sqlAll<{ user_id: string; count_override: boolean }>(
    em,
    'select user_id, count_override from replay_ownerships where replay_id = ? order by user_id',
    [copyId],
  );
  await sqlAll(em, 'update upload_items set replay_id = ? where replay_id = ?', [keptId, copyId]);
  await sqlAll(em, 'delete from replays where id = ?', [copyId]);
  for (const o of owners) {
    await sqlAll(
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

/** Which of these storage keys some replay row still references. */
export async function referencedStorageKeys(em: EntityManager, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await sqlAll<{ storage_key: string }>(
    em,
    'select storage_key from replays where storage_key in (?)',
    [keys],
  );
  return new Set(rows.map((r) => r.storage_key));
}

/**
 * Bound every statement of the caller's transaction to `ms` (Postgres cancels one running past it
 * with SQLSTATE 57014); local to the transaction.
 */
export async function limitTransactionStatements(em: EntityManager, ms: number): Promise<void> {
  await sqlAll(em, `set local statement_timeout = ${Math.max(1, Math.floor(ms))}`);
}
