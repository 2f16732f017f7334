/**
 * After Steam confirmed a Steam64 id: find the user who linked it, link it to the
 * user already signed in, or create a new user; then open a database session
 * (db's sign-in repository, on a fresh entity-manager fork).
 */
import { signInWithSteamId, type MikroORM, type SteamSignIn } from '@rlcoach/db';

export type { SteamSignIn } from '@rlcoach/db';

export function signInWithSteam(
  orm: MikroORM,
  steamId: string,
  currentUserId: string | null,
): Promise<SteamSignIn> {
  return signInWithSteamId(orm.em.fork(), steamId, currentUserId);
}
