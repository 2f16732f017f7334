import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Where one of the caller's replays stands now (status, reason, scoreboard): for clients that missed live events. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const snapshot = await locals.services.replays.snapshot(locals.user.id, params.id);
  if (!snapshot) error(404, { message: 'No such replay in your account.', code: 'NOT_FOUND' });
  return json(snapshot, { headers: { 'cache-control': 'no-store' } });
};
