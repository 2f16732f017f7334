/**
 * Assembles one user's data export as a ZIP (yazl: ZIP64 whenever sizes, offsets or the entry
 * count need it): `data.json` (everything we hold about them, secrets left out) written as a
 * stream from paged reads, then their original replay files, copied from the store one at a time.
 * Memory stays flat whatever the number of replays: one page of rows and one file buffer at most.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import {
  ownedReplayPages,
  readUserDataHead,
  type EntityManager,
  type ExportedAccount,
  type ExportedBilling,
  type ExportedClaim,
  type ExportedExport,
  type ExportedPreferences,
  type ExportedProfile,
  type ExportedReplay,
  type UserDataHead,
} from '@rlcoach/db';
import type { ObjectStore } from '@rlcoach/db/storage/store';

/** One replay in data.json: its stored row and results, and its original's name in the archive. */
export type ExportedReplayEntry = Omit<ExportedReplay, 'storage_key'> & { file: string };

/** The shape of data.json (written incrementally; `replays` comes last and may be long). */
export interface UserDataExport {
  formatVersion: 1;
  exportedAt: string;
  profile: ExportedProfile;
  /** Linked sign-ins: provider and id only; OAuth tokens are never exported. */
  accounts: ExportedAccount[];
  preferences: ExportedPreferences | null;
  claims: ExportedClaim[];
  /** Earlier export requests (status and dates; archives are not nested). */
  exports: ExportedExport[];
  /** Coach conversations (with tool calls and usage), notes and monthly token use. */
  coach: UserDataHead['coach'];
  /** Billing history we hold: the Stripe customer id, subscriptions and invoices (no card data: Stripe keeps that). */
  billing: ExportedBilling;
  /** One per owned replay, with match metadata, the stored file's name in the archive, and results. */
  replays: ExportedReplayEntry[];
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
export const archiveNameOf = (replay: Pick<ExportedReplay, 'id'>): string => `replays/${replay.id}.replay`;

/** Fixed entry date: exports carry their own timestamps in data.json. */
const ENTRY_DATE = new Date(Date.UTC(2020, 0, 1));

/** Everything but the replays: small, read at once. */
async function readSmallParts(em: EntityManager, userId: string): Promise<Omit<UserDataExport, 'replays'>> {
  const head = await readUserDataHead(em, userId);
  if (!head) throw new ExportUserMissingError(userId);
  return { formatVersion: 1, exportedAt: new Date().toISOString(), ...head };
}

/** data.json as a stream of UTF-8 chunks: the small parts, then one replay at a time. */
async function* dataJsonChunks(em: EntityManager, userId: string, head: Omit<UserDataExport, 'replays'>) {
  const indent = (json: string) => json.replace(/\n/g, '\n  ');
  const parts = Object.entries(head).map(
    ([k, v]) => `  ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 2))}`,
  );
  yield Buffer.from(`{\n${parts.join(',\n')},\n  "replays": [`, 'utf8');
  let first = true;
  for await (const page of ownedReplayPages(em, userId, EXPORT_PAGE_SIZE))
    for (const { storage_key: _key, ...r } of page) {
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
  storage: ObjectStore,
  userId: string,
  zipPath: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ bytes: number }> {
  const head = await readSmallParts(em, userId);
  const files: Array<{ name: string; key: string }> = [];
  for await (const page of ownedReplayPages(em, userId, EXPORT_PAGE_SIZE))
    for (const r of page) {
      const key = r.storage_key;
      if (await storage.has(key)) files.push({ name: archiveNameOf(r), key });
    }

  const total = files.length + 1;
  let started = 0;
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  // Any failure (a query, a file read, the archive itself) fails the whole write, never the process.
  const fail = (err: Error) => output.destroy(err);
  zip.on('error', fail);
  const written = pipeline(output, createWriteStream(zipPath));
  const entry = (name: string, compress: boolean, open: () => Readable | Promise<Readable>) =>
    // Fast deflate: data.json of a large library is hundreds of MB of JSON.
    zip.addReadStreamLazy(name, { mtime: ENTRY_DATE, compressionLevel: compress ? 1 : 0 }, (cb) => {
      onProgress?.(++started, total);
      // Originals open asynchronously (a GET from the object store); the archive waits for each.
      Promise.resolve()
        .then(open)
        .then(
          (stream) => cb(null, stream.on('error', fail)),
          (err: Error) => fail(err),
        );
    });
  // Byte mode: the stream buffers ~16 KB ahead, not 16 replays.
  entry('data.json', true, () => Readable.from(dataJsonChunks(em, userId, head), { objectMode: false }));
  // Originals are already compressed by the game: stored as they are.
  for (const file of files) entry(file.name, false, () => storage.openStream(file.key));
  zip.end();
  await written;
  onProgress?.(total, total);
  return { bytes: (await stat(zipPath)).size };
}
