/**
 * The worker's side of "Export my data": an export row moves queued → running → ready (or
 * failed), and the sweep finds exports whose job was lost and archives past their expiry.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserExport, UserExportStatus } from '../entities/user-export.js';

export type ExportRunStart = { kind: 'missing' } | { kind: 'ready'; bytes: number } | { kind: 'running' };

/**
 * Mark the user's export running; an export already built is left as it is (a job re-run after a
 * crash), and an id the user does not own reads as missing.
 */
export async function startExportRun(
  em: EntityManager,
  exportId: string,
  userId: string,
): Promise<ExportRunStart> {
  const row = await em.findOne(UserExport, { id: exportId, user: userId });
  if (!row) return { kind: 'missing' };
  if (row.status === UserExportStatus.Ready && row.bytes !== null) return { kind: 'ready', bytes: row.bytes };
  row.status = UserExportStatus.Running;
  await em.flush();
  return { kind: 'running' };
}

export interface BuiltExport {
  storageKey: string;
  bytes: number;
  finishedAt: Date;
  expiresAt: Date;
}

/** The archive is in place: record where, how large, and until when it may be downloaded. */
export async function markExportReady(
  em: EntityManager,
  exportId: string,
  built: BuiltExport,
): Promise<void> {
  await em.nativeUpdate(
    UserExport,
    { id: exportId },
    { status: UserExportStatus.Ready, error: null, ...built },
  );
}

/** The build failed: the owner sees `reason` (readable, no internals). */
export async function markExportFailed(em: EntityManager, exportId: string, reason: string): Promise<void> {
  await em.nativeUpdate(
    UserExport,
    { id: exportId },
    { status: UserExportStatus.Failed, error: reason, finishedAt: new Date() },
  );
}

export interface ExportRef {
  exportId: string;
  userId: string;
}

/** Exports still queued since before `before` (their job may have been lost), at most `limit`. */
export async function queuedExportsBefore(
  em: EntityManager,
  before: Date,
  limit = 500,
): Promise<ExportRef[]> {
  const rows = await em.find(
    UserExport,
    { status: UserExportStatus.Queued, createdAt: { $lt: before } },
    { limit },
  );
  return rows.map((e) => ({ exportId: e.id, userId: e.user.id }));
}

export interface ExpiredExport {
  exportId: string;
  storageKey: string | null;
}

/** Ready exports whose download window closed by `now`, at most `limit`. */
export async function expiredReadyExports(
  em: EntityManager,
  now: Date,
  limit = 500,
): Promise<ExpiredExport[]> {
  const rows = await em.find(
    UserExport,
    { status: UserExportStatus.Ready, expiresAt: { $lte: now } },
    { limit },
  );
  return rows.map((e) => ({ exportId: e.id, storageKey: e.storageKey }));
}

/** Mark exports expired and forget their archive's key (the caller removed the files). */
export async function markExportsExpired(em: EntityManager, exportIds: string[]): Promise<void> {
  if (exportIds.length === 0) return;
  await em.nativeUpdate(
    UserExport,
    { id: { $in: exportIds } },
    { status: UserExportStatus.Expired, storageKey: null },
  );
}
