/**
 * Per-request dashboard context: an entity-manager fork, the user's preferences and claimed
 * player ids. Load functions call this once and pass it to the library functions.
 */
import { createOrm, type EntityManager, type MikroORM } from '@rlcoach/db';
import type { Preferences } from '$lib/dashboard/types';
import { loadClaims, loadPreferences } from './library';

let orm: Promise<MikroORM> | undefined;

function getOrm(): Promise<MikroORM> {
  if (!orm) {
    orm = createOrm().catch((err: unknown) => {
      orm = undefined; // retry on the next request (e.g. Postgres still starting)
      throw err;
    });
    process.once('sveltekit:shutdown', () => void orm?.then((o) => o.close()));
  }
  return orm;
}

export interface DashboardContext {
  em: EntityManager;
  userId: string;
  prefs: Preferences;
  claims: Set<string>;
}

export async function dashboardContext(userId: string): Promise<DashboardContext> {
  const em = (await getOrm()).em.fork();
  const [prefs, claims] = await Promise.all([loadPreferences(em, userId), loadClaims(em, userId)]);
  return { em, userId, prefs, claims };
}


export { LIBRARY_DEPENDENCY } from '$lib/dashboard/live';
