/**
 * After Steam confirmed a Steam64 id (and the callback proved it belongs to this
 * browser): sign in the user who linked it, or create a new user. A Steam id that
 * is new to an already signed-in user is NOT linked here: the user confirms it
 * first (pending-link.ts, POST /signin/link → linkProviderAccount).
 */
import { Account, User, UserKind, type MikroORM } from '@rlcoach/db';
import { createSessionFor, type CreatedSession } from '@rlcoach/db/auth/sessions';
import { linkProviderAccount, type LinkResult } from './account-link';

export type SteamSignIn =
  | { kind: 'signed-in' | 'created'; userId: string; session: CreatedSession }
  /** The signed-in user already owns this Steam id: nothing to do. */
  | { kind: 'already-linked'; userId: string; session: null }
  /** A Steam id new to the signed-in user: ask them before linking. */
  | { kind: 'confirm-link'; userId: string; session: null }
  | { kind: 'conflict'; session: null };

export async function signInWithSteam(
  orm: MikroORM,
  steamId: string,
  currentUserId: string | null,
): Promise<SteamSignIn> {
  const em = orm.em.fork();
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

/** The confirmed link: attach the Steam id to `userId` unless someone owns it by now. */
export function linkSteamAccount(orm: MikroORM, steamId: string, userId: string): Promise<LinkResult> {
  return linkProviderAccount(orm, { provider: 'steam', providerAccountId: steamId, type: 'oauth' }, userId);
}
