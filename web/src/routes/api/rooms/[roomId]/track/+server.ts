import { error } from '@sveltejs/kit';
import { readRoomReplayTrack } from '@rlcoach/db/repositories/room-repository';
import { requestEm } from '$lib/server/dashboard/context';
import type { RequestHandler } from './$types';

/** The positions track of a review room's replay, for that room's members only (route rule canViewRoom). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const bytes = await readRoomReplayTrack(await requestEm(), locals.user.id, params.roomId);
  if (!bytes) error(404, { message: 'No positions track for this room.', code: 'NOT_FOUND' });
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': 'application/octet-stream',
      'cache-control': 'private, max-age=3600',
      'content-length': String(bytes.length),
    },
  });
};
