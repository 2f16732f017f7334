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
  | { kind: 'linked'; userId: string; session: null }
  | { kind: 'conflict'; session: null };

/**
 * After Steam confirmed `steamId`: sign in the user who linked it, link it to the user already
 * signed in (`currentUserId`), or create a new member; a session is opened unless it was a link.
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
    if (currentUserId) return { kind: 'linked', userId: owner, session: null };
    return { kind: 'signed-in', userId: owner, session: await createSessionFor(em, owner) };
  }
  let userId = currentUserId;
  let created = false;
  if (!userId) {
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
    userId = user.id;
    created = true;
  }
  em.create(Account, {
    user: em.getReference(User, userId),
    type: 'oauth',
    provider: 'steam',
    providerAccountId: steamId,
    createdAt: new Date(),
  });
  await em.flush();
  // Past uploads where this Steam id played now count as the user's own.
  await refreshPlayerKeys(em, userId);
  if (!created) return { kind: 'linked', userId, session: null };
  return { kind: 'created', userId, session: await createSessionFor(em, userId) };
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
