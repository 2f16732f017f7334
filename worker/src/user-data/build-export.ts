/**
 * Assembles one user's data export as a ZIP (yazl: ZIP64 whenever sizes, offsets or the entry
 * count need it): `data.json` (everything we hold about them, secrets left out) written as a
 * stream from paged reads, then their original replay files, copied from the store one at a time.
 * Memory stays flat whatever the number of replays: one page of rows and one file buffer at most.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { EntityManager } from '@rlcoach/db';
import type { ReplayStorage } from '../storage.js';

type Row = Record<string, unknown>;

/** The shape of data.json (written incrementally; `replays` comes last and may be long). */
export interface UserDataExport {
  formatVersion: 1;
  exportedAt: string;
  profile: Row;
  /** Linked sign-ins: provider and id only; OAuth tokens are never exported. */
  accounts: Row[];
  preferences: Row | null;
  claims: Row[];
  /** Earlier export requests (status and dates; archives are not nested). */
  exports: Row[];
  /** One per owned replay, with match metadata, the stored file's name in the archive, and results. */
  replays: Row[];
}

export class ExportUserMissingError extends Error {
  constructor(readonly userId: string) {
    super(`No user ${userId} to export.`);
    this.name = 'ExportUserMissingError';
  }
}

/** Replays read per query while data.json and the file list are written. */
export const EXPORT_PAGE_SIZE = 100;

/** Archive path of a replay's original file. */
export const archiveNameOf = (replay: Row): string => `replays/${String(replay.id)}.replay`;

/** Fixed entry date: exports carry their own timestamps in data.json. */
const ENTRY_DATE = new Date(Date.UTC(2020, 0, 1));

async function readProfile(em: EntityManager, userId: string): Promise<Row> {
  const [profile] = await em.getConnection().execute<Row[]>(
    `select id, display_name, kind, email, email_verified, image, terms_accepted_at,
            deletion_requested_at, deletion_due_at, created_at
       from users where id = ?`,
    [userId],
  );
  if (!profile) throw new ExportUserMissingError(userId);
  return profile;
}

/** Everything but the replays: small, read at once. */
async function readSmallParts(em: EntityManager, userId: string): Promise<Omit<UserDataExport, 'replays'>> {
  const conn = em.getConnection();
  const profile = await readProfile(em, userId);
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
    exports,
  };
}

/** The user's replays in ownership order, one page per query (keyset on ownership id). */
async function* ownedReplayPages(em: EntityManager, userId: string): AsyncGenerator<Row[]> {
  const conn = em.getConnection();
  // The cursor's time travels as text: a JS Date would drop Postgres' microseconds and repeat rows.
  let after: { at: unknown; id: unknown } | undefined;
  for (;;) {
    const page = await conn.execute<Row[]>(
      `select r.id, r.match_guid, r.storage_key, r.size_bytes, r.status, r.played_at, r.map_code, r.header,
              o.player_key, o.counts, o.count_override, o.created_at as owned_since,
              res.scoreboard, res.report,
              o.created_at::text as page_cursor
         from replay_ownerships o
         join replays r on r.id = o.replay_id
         left join replay_results res on res.replay_id = r.id
        where o.user_id = ? ${after ? 'and (o.created_at, r.id) > (?::timestamptz, ?)' : ''}
        order by o.created_at, r.id
        limit ${EXPORT_PAGE_SIZE}`,
      after ? [userId, after.at, after.id] : [userId],
    );
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1]!;
    after = { at: last.page_cursor, id: last.id };
    if (page.length < EXPORT_PAGE_SIZE) return;
  }
}

/** data.json as a stream of UTF-8 chunks: the small parts, then one replay at a time. */
async function* dataJsonChunks(em: EntityManager, userId: string, head: Omit<UserDataExport, 'replays'>) {
  const indent = (json: string) => json.replace(/\n/g, '\n  ');
  const parts = Object.entries(head).map(
    ([k, v]) => `  ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 2))}`,
  );
  yield Buffer.from(`{\n${parts.join(',\n')},\n  "replays": [`, 'utf8');
  let first = true;
  for await (const page of ownedReplayPages(em, userId))
    for (const { storage_key: _key, page_cursor: _cursor, ...r } of page) {
      // One replay per line, compact: a report is ~150 kB of JSON, indentation would add half again.
      yield Buffer.from(
        `${first ? '' : ','}\n    ${JSON.stringify({ ...r, file: archiveNameOf(r) })}`,
        'utf8',
      );
      first = false;
    }
  yield Buffer.from(`${first ? '' : '\n  '}]\n}\n`, 'utf8');
}

/**
 * Writes the export ZIP at `zipPath`; returns its size in bytes. `onProgress(done, total)` counts
 * archive entries (data.json plus each original) as they start being written.
 */
export async function buildUserExport(
  em: EntityManager,
  storage: ReplayStorage,
  userId: string,
  zipPath: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ bytes: number }> {
  const head = await readSmallParts(em, userId);
  const files: Array<{ name: string; path: string }> = [];
  for await (const page of ownedReplayPages(em, userId))
    for (const r of page) {
      const key = String(r.storage_key);
      if (await storage.has(key)) files.push({ name: archiveNameOf(r), path: storage.pathOf(key) });
    }

  const total = files.length + 1;
  let started = 0;
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  // Any failure (a query, a file read, the archive itself) fails the whole write, never the process.
  const fail = (err: Error) => output.destroy(err);
  zip.on('error', fail);
  const written = pipeline(output, createWriteStream(zipPath));
  const entry = (name: string, compress: boolean, open: () => Readable) =>
    // Fast deflate: data.json of a large library is hundreds of MB of JSON.
    zip.addReadStreamLazy(name, { mtime: ENTRY_DATE, compressionLevel: compress ? 1 : 0 }, (cb) => {
      onProgress?.(++started, total);
      cb(null, open().on('error', fail));
    });
  // Byte mode: the stream buffers ~16 KB ahead, not 16 replays.
  entry('data.json', true, () => Readable.from(dataJsonChunks(em, userId, head), { objectMode: false }));
  // Originals are already compressed by the game: stored as they are.
  for (const file of files) entry(file.name, false, () => createReadStream(file.path));
  zip.end();
  await written;
  onProgress?.(total, total);
  return { bytes: (await stat(zipPath)).size };
}
