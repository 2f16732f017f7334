import { error } from '@sveltejs/kit';
import { requestEm } from '$lib/server/dashboard/context';
import { loadTrack } from '$lib/server/dashboard/library';
import type { RequestHandler } from './$types';

/** The replay's positions track (deflated, decoded in the browser), for owners only. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const bytes = await loadTrack(await requestEm(), locals.user.id, params.id);
  if (!bytes)
    error(404, { message: 'No positions track for this replay in your account.', code: 'NOT_FOUND' });
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/octet-stream',
      'cache-control': 'private, max-age=3600',
      'content-length': String(bytes.length),
    },
  });
};
