/**
 * Linking a provider id to an existing rlcoach account, once its owner confirmed it
 * (pending-link.ts): thin wrappers over db's sign-in repository, each on a fresh fork.
 */
import {
  isKnownProviderAccount as knownAccount,
  linkProviderAccount as link,
  userIdByEmail as userByEmail,
  type LinkResult,
  type MikroORM,
  type ProviderIdentity,
} from '@rlcoach/db';

export type { LinkResult, ProviderIdentity } from '@rlcoach/db';

export function linkProviderAccount(
  orm: MikroORM,
  identity: ProviderIdentity,
  userId: string,
): Promise<LinkResult> {
  return link(orm.em.fork(), identity, userId);
}

export function isKnownProviderAccount(
  orm: MikroORM,
  provider: string,
  providerAccountId: string,
): Promise<boolean> {
  return knownAccount(orm.em.fork(), provider, providerAccountId);
}

export function userIdByEmail(orm: MikroORM, email: string | null | undefined): Promise<string | null> {
  return userByEmail(orm.em.fork(), email);
}
