/**
 * After Steam confirmed a Steam64 id: find the user who linked it, link it to the
 * user already signed in, or create a new user; then open a database session.
 */
import { Account, User, UserKind, type MikroORM } from '@rlcoach/db';
import { refreshPlayerKeys } from '@rlcoach/db/auth/player-identity';
import { createSessionFor, type CreatedSession } from '@rlcoach/db/auth/sessions';

export type SteamSignIn =
  | { kind: 'signed-in' | 'created'; userId: string; session: CreatedSession }
  | { kind: 'linked'; userId: string; session: null }
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
