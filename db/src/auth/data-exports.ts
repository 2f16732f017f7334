/**
 * "Export my data" requests (product brief §13): one row per request, built by the worker's
 * `user.export` job, downloadable by its owner only, until it expires.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserExport, UserExportStatus } from '../entities/user-export.js';
import { User } from '../entities/user.js';

/** How long a finished archive may be downloaded. */
export const EXPORT_TTL_MS = 7 * 24 * 3600 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IN_FLIGHT: UserExportStatus[] = [UserExportStatus.Queued, UserExportStatus.Running];

export interface ExportView {
  id: string;
  status: UserExportStatus;
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

export const toExportView = (e: UserExport): ExportView => ({
  id: e.id,
  status: e.status,
  bytes: e.bytes,
  error: e.error,
  createdAt: e.createdAt,
  finishedAt: e.finishedAt,
  expiresAt: e.expiresAt,
});

/**
 * A new export request, or the one already queued or running (one at a time per user, so
 * repeated clicks cannot pile up archives).
 */
export async function requestExport(
  em: EntityManager,
  userId: string,
): Promise<{ export: ExportView; created: boolean }> {
  const pending = await em.findOne(
    UserExport,
    { user: userId, status: { $in: IN_FLIGHT } },
    { orderBy: { createdAt: 'desc' } },
  );
  if (pending) return { export: toExportView(pending), created: false };
  const row = em.create(UserExport, { user: em.getReference(User, userId) });
  await em.flush();
  return { export: toExportView(row), created: true };
}

export async function listExports(em: EntityManager, userId: string, limit = 5): Promise<ExportView[]> {
  const rows = await em.find(UserExport, { user: userId }, { orderBy: { createdAt: 'desc' }, limit });
  return rows.map(toExportView);
}

/** The export if `userId` owns it; null otherwise (also for malformed ids). */
export async function exportOfOwner(
  em: EntityManager,
  userId: string,
  exportId: string,
): Promise<UserExport | null> {
  if (!UUID.test(exportId)) return null;
  return em.findOne(UserExport, { id: exportId.toLowerCase(), user: userId });
}

/** Ready and not past its expiry. */
export function isDownloadable(
  e: Pick<UserExport, 'status' | 'expiresAt' | 'storageKey'>,
  now = Date.now(),
): boolean {
  return (
    e.status === UserExportStatus.Ready &&
    e.storageKey !== null &&
    e.expiresAt !== null &&
    e.expiresAt.getTime() > now
  );
}
