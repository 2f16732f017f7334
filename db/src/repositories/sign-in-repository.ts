/**
 * Sign-ins the web app completes itself (Auth.js handles the OAuth/OIDC ones through the adapter):
 * a Steam id confirmed by Steam's OpenID, and the development-only named test users.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshPlayerKeys } from '../auth/player-identity.js';
import { createSessionFor, type CreatedSession } from '../auth/sessions.js';
import { Account } from '../entities/auth.js';
import { User, UserKind } from '../entities/user.js';
import type { UserProfile } from './user-repository.js';

export type SteamSignIn =
  | { kind: 'signed-in' | 'created'; userId: string; session: CreatedSession }
  /** The signed-in user already owns this Steam id: nothing to do. */
  | { kind: 'already-linked'; userId: string; session: null }
  /** A Steam id new to the signed-in user: they confirm it first (web's POST /signin/link). */
  | { kind: 'confirm-link'; userId: string; session: null }
  | { kind: 'conflict'; session: null };

/**
 * After Steam confirmed `steamId` (and the callback proved it belongs to this browser): sign in the
 * user who linked it, or create a new member. A Steam id new to an already signed-in user is never
 * linked here: `confirm-link` sends them to the explicit confirmation, which calls `linkProviderAccount`.
 */
export async function signInWithSteamId(
  em: EntityManager,
  steamId: string,
  currentUserId: string | null,
): Promise<SteamSignIn> {
  const existing = await em.findOne(Account, { provider: 'steam', providerAccountId: steamId });
  if (existing) {
    const owner = existing.user.id;
    if (currentUserId && currentUserId !== owner) return { kind: 'conflict', session: null };
    if (currentUserId) return { kind: 'already-linked', userId: owner, session: null };
    return { kind: 'signed-in', userId: owner, session: await createSessionFor(em, owner) };
  }
  if (currentUserId) return { kind: 'confirm-link', userId: currentUserId, session: null };
  const user = em.create(User, {
    displayName: `Steam player ${steamId.slice(-4)}`,
    kind: UserKind.Member,
    email: null,
    emailVerified: null,
    image: null,
    termsAcceptedAt: null,
    createdAt: new Date(),
  });
  await em.flush();
  em.create(Account, {
    user: em.getReference(User, user.id),
    type: 'oauth',
    provider: 'steam',
    providerAccountId: steamId,
    createdAt: new Date(),
  });
  await em.flush();
  return { kind: 'created', userId: user.id, session: await createSessionFor(em, user.id) };
}

export interface ProviderIdentity {
  provider: string;
  providerAccountId: string;
  type: 'oauth' | 'oidc';
}

export type LinkResult = 'linked' | 'already-linked' | 'conflict';

/** A provider id linked to an existing account once its owner confirmed it: the one place every provider's link is written. */
export async function linkProviderAccount(
  em: EntityManager,
  identity: ProviderIdentity,
  userId: string,
): Promise<LinkResult> {
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
  em: EntityManager,
  provider: string,
  providerAccountId: string,
): Promise<boolean> {
  return (await em.count(Account, { provider, providerAccountId })) > 0;
}

/** The user whose stored (verified) e-mail this is, if any. */
export async function userIdByEmail(
  em: EntityManager,
  email: string | null | undefined,
): Promise<string | null> {
  if (!email) return null;
  const user = await em.findOne(User, { email: email.toLowerCase() });
  return user?.id ?? null;
}

/**
 * A development test user by email, created as a member with the terms accepted when missing.
 * The caller (web's dev sign-in) refuses to run in production and validates the name.
 */
export async function findOrCreateDevUser(
  em: EntityManager,
  displayName: string,
  email: string,
): Promise<UserProfile> {
  let user = await em.findOne(User, { email });
  if (!user) {
    user = em.create(User, {
      displayName,
      kind: UserKind.Member,
      email,
      emailVerified: null,
      image: null,
      termsAcceptedAt: new Date(),
      createdAt: new Date(),
    });
    await em.flush();
  }
  return { id: user.id, displayName: user.displayName, kind: user.kind };
}
