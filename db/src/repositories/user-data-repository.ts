/**
 * A user's data as a whole: what "Export my data" collects and what "Delete my account" erases.
 * Export records keep the stored column names: they are the published data.json format.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { UserKind } from '../entities/user.js';
import type { ReplayStatus } from '../enums.js';
import { readCoachDataForExport, type ExportedCoachData } from './coach-conversation-repository.js';
import { sqlAll } from './sql-exec.js';

export interface ExportedProfile {
  id: string;
  display_name: string;
  kind: UserKind;
  email: string | null;
  email_verified: Date | null;
  image: string | null;
  terms_accepted_at: Date | null;
  deletion_requested_at: Date | null;
  deletion_due_at: Date | null;
  created_at: Date;
}

/** Linked sign-ins: provider and id only; OAuth tokens are never exported. */
export interface ExportedAccount {
  provider: string;
  provider_account_id: string;
  type: string;
  created_at: Date;
}

export interface ExportedPreferences {
  session_gap_minutes: number;
  time_zone: string;
  ranks: Record<string, string>;
  updated_at: Date;
}

export interface ExportedClaim {
  player_key: string;
  replay_id: string | null;
  excluded: boolean;
  created_at: Date;
}

export interface ExportedReplay {
  id: string;
  match_guid: string | null;
  /** Where the original is stored (the caller turns it into the archive's file name). */
  storage_key: string;
  size_bytes: number;
  status: ReplayStatus;
  played_at: Date | null;
  map_code: string | null;
  header: Record<string, unknown>;
  player_key: string | null;
  counts: boolean;
  count_override: boolean;
  owned_since: Date;
  scoreboard: Record<string, unknown> | null;
  report: Record<string, unknown> | null;
}

export interface ExportedExport {
  id: string;
  status: string;
  bytes: number | string | null;
  created_at: Date;
  finished_at: Date | null;
  expires_at: Date | null;
}

/** Everything we hold about the user but the replays (small: read at once). */
export interface UserDataHead {
  profile: ExportedProfile;
  accounts: ExportedAccount[];
  preferences: ExportedPreferences | null;
  claims: ExportedClaim[];
  /** Earlier export requests (status and dates). */
  exports: ExportedExport[];
  /** Coach conversations, notes and token use. */
  coach: ExportedCoachData;
}

/** The user's data apart from the replays, secrets left out; null when there is no such user. */
export async function readUserDataHead(em: EntityManager, userId: string): Promise<UserDataHead | null> {
  const [profile] = await sqlAll<ExportedProfile>(
    em,
    `select id, display_name, kind, email, email_verified, image, terms_accepted_at,
            deletion_requested_at, deletion_due_at, created_at
       from users where id = ?`,
    [userId],
  );
  if (!profile) return null;
  const accounts = await sqlAll<ExportedAccount>(
    em,
    'select provider, provider_account_id, type, created_at from accounts where user_id = ? order by created_at',
    [userId],
  );
  const [preferences] = await sqlAll<ExportedPreferences>(
    em,
    'select session_gap_minutes, time_zone, ranks, updated_at from user_preferences where user_id = ?',
    [userId],
  );
  const claims = await sqlAll<ExportedClaim>(
    em,
    'select player_key, replay_id, excluded, created_at from player_claims where user_id = ? order by created_at',
    [userId],
  );
  const exports = await sqlAll<ExportedExport>(
    em,
    'select id, status, bytes, created_at, finished_at, expires_at from user_exports where user_id = ? order by created_at',
    [userId],
  );
  const coach = await readCoachDataForExport(em, userId);
  return { profile, accounts, preferences: preferences ?? null, claims, exports, coach };
}

/**
 * The user's owned replays in ownership order, `pageSize` per query (keyset on ownership time and
 * replay id), so an export of any size holds one page at a time.
 */
export async function* ownedReplayPages(
  em: EntityManager,
  userId: string,
  pageSize: number,
): AsyncGenerator<ExportedReplay[]> {
  // The cursor's time travels as text: a JS Date would drop Postgres' microseconds and repeat rows.
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const page = await sqlAll<ExportedReplay & { page_cursor: string }>(
      em,
      `select r.id, r.match_guid, r.storage_key, r.size_bytes, r.status, r.played_at, r.map_code, r.header,
              o.player_key, o.counts, o.count_override, o.created_at as owned_since,
              res.scoreboard, res.report,
              o.created_at::text as page_cursor
         from replay_ownerships o
         join replays r on r.id = o.replay_id
         left join replay_results res on res.replay_id = r.id
        where o.user_id = ? ${after ? 'and (o.created_at, r.id) > (?::timestamptz, ?)' : ''}
        order by o.created_at, r.id
        limit ${Math.max(1, Math.floor(pageSize))}`,
      after ? [userId, after.at, after.id] : [userId],
    );
    if (page.length === 0) return;
    const last = page[page.length - 1]!;
    after = { at: last.page_cursor, id: last.id };
    yield page.map(({ page_cursor: _cursor, ...replay }) => replay);
    if (page.length < pageSize) return;
  }
}

export interface OwnedReplayFile {
  replayId: string;
  storageKey: string;
}

/** The stored originals of the user's replays. */
export async function listOwnedReplayFiles(em: EntityManager, userId: string): Promise<OwnedReplayFile[]> {
  const rows = await sqlAll<{ id: string; storage_key: string }>(
    em,
    'select r.id, r.storage_key from replay_ownerships o join replays r on r.id = o.replay_id where o.user_id = ?',
    [userId],
  );
  return rows.map((r) => ({ replayId: r.id, storageKey: r.storage_key }));
}

export interface ErasedUserRows {
  /** The user row was deleted (false: unknown user, or the scheduled deletion was cancelled). */
  userFound: boolean;
  /** Storage keys of the replays removed because nobody else owned them. */
  removedReplayKeys: string[];
  /** Storage keys of the user's export archives (their rows went with the user by cascade). */
  exportArchiveKeys: string[];
}

/**
 * Delete the user (everything cascading from the row) and the replays nobody else owns, in one
 * transaction. With `scheduledBy`, only if the scheduled deletion is still set and due by then:
 * checked in the deleting statement itself, so a cancel that commits first always wins.
 */
export async function eraseUserRows(
  em: EntityManager,
  userId: string,
  scheduledBy?: Date,
): Promise<ErasedUserRows> {
  return em.transactional(async (tx) => {
    // Lock the user's ownerships' replays so a concurrent upload cannot link to one we are removing.
    const solo = await sqlAll<{ id: string }>(
      tx,
      `select r.id from replays r
        where exists (select 1 from replay_ownerships o where o.replay_id = r.id and o.user_id = ?)
          and not exists (select 1 from replay_ownerships o where o.replay_id = r.id and o.user_id <> ?)
        for update`,
      [userId, userId],
    );
    const exportKeys = await sqlAll<{ storage_key: string }>(
      tx,
      'select storage_key from user_exports where user_id = ? and storage_key is not null',
      [userId],
    );
    const deleted = scheduledBy
      ? await sqlAll<{ id: string }>(
          tx,
          'delete from users where id = ? and deletion_due_at is not null and deletion_due_at <= ? returning id',
          [userId, scheduledBy],
        )
      : await sqlAll<{ id: string }>(tx, 'delete from users where id = ? returning id', [userId]);
    const userFound = deleted.length > 0;
    const exportArchiveKeys = userFound ? exportKeys.map((k) => k.storage_key) : [];
    // Not deleted: the user's ownerships remain, so the statement below removes no replay.
    if (solo.length === 0) return { userFound, removedReplayKeys: [], exportArchiveKeys };
    const removed = await sqlAll<{ storage_key: string }>(
      tx,
      `delete from replays r where r.id in (${solo.map(() => '?').join(',')})
          and not exists (select 1 from replay_ownerships o where o.replay_id = r.id)
        returning r.storage_key`,
      solo.map((s) => s.id),
    );
    return { userFound, removedReplayKeys: removed.map((r) => r.storage_key), exportArchiveKeys };
  });
}

/** Replays still stored under `storageKey` (content-addressed files may be shared). */
export async function countReplaysStoredAt(em: EntityManager, storageKey: string): Promise<number> {
  const [row] = await sqlAll<{ n: number }>(
    em,
    'select count(*)::int as n from replays where storage_key = ?',
    [storageKey],
  );
  return row?.n ?? 0;
}
