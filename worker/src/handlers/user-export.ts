/**
 * Handler for `user.export`: build the archive (data.json + original replays) into the store under
 * `exports/<exportId>.zip`, record it on the export row and tell the user live. The archive is
 * built in a local temp file and then handed to the store whole (a rename on local disk, one
 * PutObject on S3), so a download never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { markExportFailed, markExportReady, startExportRun, type MikroORM } from '@rlcoach/db';
import { EXPORT_TTL_MS } from '@rlcoach/db/auth/data-exports';
import type { UserExportData, UserExportResult } from '@rlcoach/db/contracts/jobs';
import type { ObjectStore } from '@rlcoach/db/storage/store';
import { buildUserExport } from '../user-data/build-export.js';
import type { ExportEvents } from '../user-data/export-events.js';

export interface UserExportDeps {
  orm: MikroORM;
  storage: ObjectStore;
  events: ExportEvents;
}

export const exportKeyFor = (exportId: string) => `exports/${exportId}.zip`;

/** Progress is sent at most every this many percent (plus 0 and 100). */
const PROGRESS_STEP = 10;

export async function runUserExport(deps: UserExportDeps, data: UserExportData): Promise<UserExportResult> {
  const { userId, exportId } = data;
  const em = deps.orm.em.fork();
  const started = await startExportRun(em, exportId, userId);
  if (started.kind === 'missing')
    throw new UnrecoverableError(`export ${exportId} of user ${userId} does not exist`);
  if (started.kind === 'ready') return { exportId, bytes: started.bytes };
  deps.events.progress(userId, { exportId, stage: 'collecting', percent: 0 });

  const key = exportKeyFor(exportId);
  const temp = path.join(os.tmpdir(), `rlcoach-export-${exportId}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    let sent = 0;
    const { bytes } = await buildUserExport(em, deps.storage, userId, temp, (done, total) => {
      const percent = Math.floor((done / total) * 100);
      if (percent >= sent + PROGRESS_STEP || (percent === 100 && sent !== 100)) {
        sent = percent;
        deps.events.progress(userId, { exportId, stage: 'writing', percent });
      }
    });
    await deps.storage.putFile(key, temp);
    await rm(temp, { force: true });
    const finishedAt = new Date();
    const expiresAt = new Date(finishedAt.getTime() + EXPORT_TTL_MS);
    await markExportReady(em, exportId, { storageKey: key, bytes, finishedAt, expiresAt });
    deps.events.ready(userId, { exportId, bytes, expiresAt: expiresAt.toISOString() });
    return { exportId, bytes };
  } catch (err) {
    await rm(temp, { force: true });
    const reason = 'The export could not be built. Please try again; if it keeps failing, contact support.';
    await markExportFailed(deps.orm.em.fork(), exportId, reason).catch(() => undefined);
    deps.events.failed(userId, { exportId, reason });
    throw err;
  }
}
