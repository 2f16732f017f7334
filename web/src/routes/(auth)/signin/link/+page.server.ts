/**
 * /signin/link: "Link <provider> account X to your rlcoach account?" A provider id new
 * to an existing account (Steam or an Auth.js provider, signed in or matched by a
 * verified e-mail) is linked only by this form's POST (SvelteKit's origin check
 * refuses cross-site posts), and only for the user the signed pending link names.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { findUserProfile } from '@rlcoach/db';
import { createSessionFor } from '@rlcoach/db/auth/sessions';
import { linkProviderAccount } from '$lib/server/auth/account-link';
import { webConfig } from '$lib/server/env';
import { clearPendingLink, readPendingLink, type PendingLink } from '$lib/server/auth/pending-link';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { getOrm } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

const PROVIDER_NAMES: Record<PendingLink['provider'], string> = {
  steam: 'Steam',
  discord: 'Discord',
  google: 'Google',
  epic: 'Epic Games',
};

/** The pending link, if this browser may confirm it: its user is signed in, or (e-mail match) nobody is. */
function pendingFor(event: RequestEvent): PendingLink | null {
  const link = readPendingLink(event.cookies, webConfig().authSecret, event.url.protocol === 'https:');
  if (!link) return null;
  const me = event.locals.sessionId ? event.locals.user?.id : undefined;
  if (link.reason === 'signed-in') return me === link.userId ? link : null;
  return !me || me === link.userId ? link : null;
}

export const load: PageServerLoad = async (event) => {
  const link = pendingFor(event);
  if (!link) return { pending: null };
  const user = await findUserProfile((await getOrm()).em.fork(), link.userId);
  if (!user) return { pending: null };
  return {
    pending: {
      provider: PROVIDER_NAMES[link.provider],
      providerAccountId: link.providerAccountId,
      displayName: user.displayName,
      reason: link.reason,
    },
  };
};

export const actions: Actions = {
  link: async (event) => {
    const link = pendingFor(event);
    const secure = event.url.protocol === 'https:';
    clearPendingLink(event.cookies, secure);
    if (!link) return fail(400, { message: 'This link request has expired; sign in again to link.' });
    const orm = await getOrm();
    const result = await linkProviderAccount(orm, link, link.userId);
    if (result === 'conflict') redirect(303, '/signin?error=LINKED_ELSEWHERE');
    if (!event.locals.sessionId) {
      // Matched by e-mail while signed out: confirming is signing in to that account.
      const session = await createSessionFor(orm.em.fork(), link.userId);
      setSessionCookie(event.cookies, session.sessionToken, session.expires, secure);
      redirect(303, '/');
    }
    redirect(303, '/settings');
  },
  cancel: ({ cookies, url, locals }) => {
    clearPendingLink(cookies, url.protocol === 'https:');
    redirect(303, locals.sessionId ? '/settings' : '/signin');
  },
};
