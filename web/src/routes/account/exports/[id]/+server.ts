import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { exportOfOwner, isDownloadable } from '@rlcoach/db/auth/data-exports';
import { getOrm } from '$lib/server/services';
import { archiveStore } from '$lib/server/account/user-data';
import type { RequestHandler } from './$types';

/**
 * Streams a data export archive to its owner (the route guard already answered 404 to anyone
 * else). Not ready yet → 404; past its expiry → 410, and the worker's sweep removes the file.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  const em = (await getOrm()).em.fork();
  const row = await exportOfOwner(em, locals.user.id, params.id);
  if (!row) error(404, { message: 'Not found.', code: 'NOT_FOUND' });
  if (row.expiresAt !== null && row.expiresAt.getTime() <= Date.now())
    error(410, { message: 'This export has expired; request a new one in Settings.', code: 'EXPIRED' });
  if (!isDownloadable(row)) error(404, { message: 'This export is not ready.', code: 'NOT_READY' });
  const store = archiveStore();
  const stored = await store.stat(row.storageKey!);
  let body: Readable;
  try {
    if (!stored) throw new Error('gone');
    body = await store.openStream(row.storageKey!);
  } catch {
    error(410, {
      message: 'This export is no longer stored; request a new one in Settings.',
      code: 'EXPIRED',
    });
  }
  const day = row.createdAt.toISOString().slice(0, 10);
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/zip',
      'content-length': String(stored.size),
      'content-disposition': `attachment; filename="rlcoach-export-${day}.zip"`,
      'cache-control': 'private, no-store',
    },
  });
};
