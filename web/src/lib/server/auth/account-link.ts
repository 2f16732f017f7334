/**
 * Linking a provider id to an existing rlcoach account, once its owner confirmed it
 * (pending-link.ts). The one place every provider's confirmed link is written.
 */
import { Account, User, type MikroORM } from '@rlcoach/db';
import { refreshPlayerKeys } from '@rlcoach/db/auth/player-identity';

export interface ProviderIdentity {
  provider: string;
  providerAccountId: string;
  type: 'oauth' | 'oidc';
}

export type LinkResult = 'linked' | 'already-linked' | 'conflict';

export async function linkProviderAccount(
  orm: MikroORM,
  identity: ProviderIdentity,
  userId: string,
): Promise<LinkResult> {
  const em = orm.em.fork();
  const { provider, providerAccountId, type } = identity;
  const existing = await em.findOne(Account, { provider, providerAccountId });
  if (existing) return existing.user.id === userId ? 'already-linked' : 'conflict';
  em.create(Account, {
    user: em.getReference(User, userId),
    type,
    provider,
    providerAccountId,
    createdAt: new Date(),
  });
  await em.flush();
  // Past uploads where this Steam/Epic id played now count as the user's own.
  await refreshPlayerKeys(em, userId);
  return 'linked';
}

/** Does some account already use this provider id? (Then signing in with it is an ordinary sign-in.) */
export async function isKnownProviderAccount(
  orm: MikroORM,
  provider: string,
  providerAccountId: string,
): Promise<boolean> {
  return (await orm.em.fork().count(Account, { provider, providerAccountId })) > 0;
}

/** The user whose stored (verified) e-mail this is, if any. */
export async function userIdByEmail(orm: MikroORM, email: string | null | undefined): Promise<string | null> {
  if (!email) return null;
  const user = await orm.em.fork().findOne(User, { email: email.toLowerCase() });
  return user?.id ?? null;
}
