/**
 * After Steam confirmed a Steam64 id (and the callback proved it belongs to this browser): sign in
 * the user who linked it, or create a new user (db's sign-in repository, on a fresh fork). A Steam id
 * new to an already signed-in user is NOT linked here: the user confirms it first (pending-link.ts,
 * POST /signin/link → linkSteamAccount).
 */
import { signInWithSteamId, type MikroORM, type SteamSignIn } from '@rlcoach/db';
import { linkProviderAccount, type LinkResult } from './account-link';

export type { SteamSignIn } from '@rlcoach/db';

export function signInWithSteam(
  orm: MikroORM,
  steamId: string,
  currentUserId: string | null,
): Promise<SteamSignIn> {
  return signInWithSteamId(orm.em.fork(), steamId, currentUserId);
}

/** The confirmed link: attach the Steam id to `userId` unless someone owns it by now. */
export function linkSteamAccount(orm: MikroORM, steamId: string, userId: string): Promise<LinkResult> {
  return linkProviderAccount(orm, { provider: 'steam', providerAccountId: steamId, type: 'oauth' }, userId);
}
