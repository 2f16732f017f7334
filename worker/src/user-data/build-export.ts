/**
 * Assembles one user's data export: `data.json` (everything we hold about them, secrets
 * left out) plus their original replay files, written as a store-only ZIP.
 */
import type { EntityManager } from '@rlcoach/db';
import type { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { writeStoredZip, type ZipEntrySource } from './zip.js';

type Row = Record<string, unknown>;

export interface UserDataExport {
  formatVersion: 1;
  exportedAt: string;
  profile: Row;
  /** Linked sign-ins: provider and id only; OAuth tokens are never exported. */
  accounts: Row[];
  preferences: Row | null;
  claims: Row[];
  /** One per owned replay, with match metadata, the stored file's name in the archive, and results. */
  replays: Row[];
  /** Earlier export requests (status and dates; archives are not nested). */
  exports: Row[];
}

export class ExportUserMissingError extends Error {
  constructor(readonly userId: string) {
    super(`No user ${userId} to export.`);
    this.name = 'ExportUserMissingError';
  }
}

export async function collectUserData(em: EntityManager, userId: string): Promise<UserDataExport> {
  const conn = em.getConnection();
  const [profile] = await conn.execute<Row[]>(
    `select id, display_name, kind, email, email_verified, image, terms_accepted_at,
            deletion_requested_at, deletion_due_at, created_at
       from users where id = ?`,
    [userId],
  );
  if (!profile) throw new ExportUserMissingError(userId);
  const accounts = await conn.execute<Row[]>(
    'select provider, provider_account_id, type, created_at from accounts where user_id = ? order by created_at',
    [userId],
  );
  const [preferences] = await conn.execute<Row[]>(
    'select session_gap_minutes, time_zone, ranks, updated_at from user_preferences where user_id = ?',
    [userId],
  );
  const claims = await conn.execute<Row[]>(
    'select player_key, replay_id, excluded, created_at from player_claims where user_id = ? order by created_at',
    [userId],
  );
  const replays = await conn.execute<Row[]>(
    `select r.id, r.match_guid, r.storage_key, r.size_bytes, r.status, r.played_at, r.map_code, r.header,
            o.player_key, o.counts, o.count_override, o.created_at as owned_since,
            res.scoreboard, res.report
       from replay_ownerships o
       join replays r on r.id = o.replay_id
       left join replay_results res on res.replay_id = r.id
      where o.user_id = ?
      order by o.created_at, r.id`,
    [userId],
  );
  const exports = await conn.execute<Row[]>(
    'select id, status, bytes, created_at, finished_at, expires_at from user_exports where user_id = ? order by created_at',
    [userId],
  );
  return {
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    profile,
    accounts,
    preferences: preferences ?? null,
    claims,
    replays: replays.map(({ storage_key: _key, ...r }) => ({ ...r, file: archiveNameOf(r) })),
    exports,
  };
}

/** Archive path of a replay's original file. */
export const archiveNameOf = (replay: Row): string => `replays/${String(replay.id)}.replay`;

/** Writes the export ZIP at `zipPath`; returns its size in bytes and the collected data. */
export async function buildUserExport(
  em: EntityManager,
  storage: ReplayStorage,
  userId: string,
  zipPath: string,
  /** Called as archive entries are written: `done` of `total`. */
  onProgress?: (done: number, total: number) => void,
): Promise<{ bytes: number; data: UserDataExport }> {
  const data = await collectUserData(em, userId);
  const keys = await em
    .getConnection()
    .execute<{ id: string; storage_key: string }[]>(
      'select r.id, r.storage_key from replay_ownerships o join replays r on r.id = o.replay_id where o.user_id = ?',
      [userId],
    );
  const files: ZipEntrySource[] = [];
  for (const k of keys)
    if (await storage.has(k.storage_key))
      files.push({ name: archiveNameOf(k), file: storage.pathOf(k.storage_key) });
  const json = Buffer.from(JSON.stringify(data, null, 2), 'utf8');
  const entries: ZipEntrySource[] = [{ name: 'data.json', data: json }, ...files];
  const bytes = await writeStoredZip(zipPath, entries, (n) => onProgress?.(n, entries.length));
  return { bytes, data };
}
