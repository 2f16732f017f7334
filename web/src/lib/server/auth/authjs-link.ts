/**
 * Auth.js would link a new Discord/Google/Epic account to an existing rlcoach account
 * on the callback alone: to whoever is signed in, or (allowDangerousEmailAccountLinking)
 * to the user with the same verified e-mail. Its `signIn` callback asks this module
 * first; when the provider id is new to an existing account, the sign-in stops and the
 * user is sent to /signin/link to confirm with an explicit POST.
 */
import type { MikroORM } from '@rlcoach/db';
import { isKnownProviderAccount, userIdByEmail } from './account-link';
import { LINKABLE_PROVIDERS, PENDING_LINK_MAX_AGE_SECONDS, type PendingLink } from './pending-link';

export interface NewSignIn {
  provider: string;
  providerAccountId: string;
  type: string;
  /** The provider's e-mail (providers.ts keeps it only when verified). */
  email: string | null;
  /** Who is signed in in this browser, if anyone. */
  currentUserId: string | null;
}

/** The link to confirm, or null when Auth.js may go on (a known account, or a brand-new user). */
export async function pendingLinkFor(orm: MikroORM, s: NewSignIn): Promise<PendingLink | null> {
  if (s.type !== 'oauth' && s.type !== 'oidc') return null;
  const provider = LINKABLE_PROVIDERS.find((p) => p === s.provider);
  if (!provider) return null;
  if (await isKnownProviderAccount(orm, s.provider, s.providerAccountId)) return null;
  const base = {
    provider,
    providerAccountId: s.providerAccountId,
    type: s.type,
    expiresAt: Date.now() + PENDING_LINK_MAX_AGE_SECONDS * 1000,
  } as const;
  if (s.currentUserId) return { ...base, userId: s.currentUserId, reason: 'signed-in' };
  const byEmail = await userIdByEmail(orm, s.email);
  return byEmail ? { ...base, userId: byEmail, reason: 'email' } : null;
}
