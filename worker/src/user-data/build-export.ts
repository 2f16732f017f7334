/**
 * Assembles one user's data export: `data.json` (everything we hold about them, secrets
 * left out) plus their original replay files, written as a store-only ZIP.
 */
import { listOwnedReplayFiles, readUserDataRecords, type EntityManager } from '@rlcoach/db';
import type { ReplayStorage } from '../storage.js';
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
  const records = await readUserDataRecords(em, userId);
  if (!records) throw new ExportUserMissingError(userId);
  const { profile, accounts, preferences, claims, replays, exports } = records;
  return {
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    profile: { ...profile },
    accounts: accounts.map((a) => ({ ...a })),
    preferences: preferences ? { ...preferences } : null,
    claims: claims.map((c) => ({ ...c })),
    replays: replays.map(({ storage_key: _key, ...r }) => ({ ...r, file: archiveNameOf(r) })),
    exports: exports.map((e) => ({ ...e })),
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
  const owned = await listOwnedReplayFiles(em, userId);
  const files: ZipEntrySource[] = [];
  for (const k of owned)
    if (await storage.has(k.storageKey))
      files.push({ name: archiveNameOf({ id: k.replayId }), file: storage.pathOf(k.storageKey) });
  const json = Buffer.from(JSON.stringify(data, null, 2), 'utf8');
  const entries: ZipEntrySource[] = [{ name: 'data.json', data: json }, ...files];
  const bytes = await writeStoredZip(zipPath, entries, (n) => onProgress?.(n, entries.length));
  return { bytes, data };
}
