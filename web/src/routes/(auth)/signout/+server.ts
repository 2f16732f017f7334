/** POST /signout: delete this database session (its realtime tokens stop working at once) and the cookie. */
import { redirect } from '@sveltejs/kit';
import { deleteSessionByToken } from '@rlcoach/db';
import { clearSessionCookie, readSessionToken } from '$lib/server/auth/session-cookie';
import { getOrm } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ cookies, url }) => {
  const secure = url.protocol === 'https:';
  const token = readSessionToken(cookies, secure);
  if (token) {
    const orm = await getOrm();
    await deleteSessionByToken(orm.em.fork(), token);
  }
  clearSessionCookie(cookies, secure);
  redirect(303, '/signin');
};
