/**
 * The ops page: operators only. The route table already refuses everyone else (policy.canOperate,
 * 403); the load asks again so the page can never render for a player by a routing mistake.
 * The figures themselves arrive live over the socket (`ops:watch`), which realtime checks again.
 */
import { error } from '@sveltejs/kit';
import { policy } from '@rlcoach/db/auth/policy';
import { actorOf } from '$lib/server/auth/actor';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, setHeaders }) => {
  const decision = policy.canOperate(actorOf(locals.user));
  if (!decision.allowed)
    error(decision.status, { message: 'You do not have access to this.', code: decision.code });
  setHeaders({ 'cache-control': 'no-store' });
  return {};
};
