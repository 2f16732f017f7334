/**
 * Per-request dashboard context: an entity-manager fork of the process-wide ORM, the user's
 * preferences and claimed player ids. Load functions call this once and pass it on.
 */
import { reconcileSummaries, type EntityManager } from '@rlcoach/db';
import type { Preferences } from '$lib/dashboard/types';
import { getOrm } from '$lib/server/services';
import { loadClaims, loadPreferences } from './library';

export interface DashboardContext {
  em: EntityManager;
  userId: string;
  prefs: Preferences;
  claims: Set<string>;
}

/** A request-scoped entity manager, for handlers that need neither preferences nor summaries. */
export async function requestEm(): Promise<EntityManager> {
  return (await getOrm()).em.fork();
}

/**
 * `summaries: false` for pages that do not read replay_summaries / play_sessions (the replay
 * detail, Settings): they skip the reconcile query.
 */
export async function dashboardContext(
  userId: string,
  { summaries = true }: { summaries?: boolean } = {},
): Promise<DashboardContext> {
  const em = await requestEm();
  // Summaries left stale by a path that does not write them (a sign-in linking an account, an
  // exclusion toggled, rows older than the summaries) are recomputed before anything reads them.
  if (summaries) await reconcileSummaries(em, userId);
  const [prefs, claims] = await Promise.all([loadPreferences(em, userId), loadClaims(em, userId)]);
  return { em, userId, prefs, claims };
}

export { LIBRARY_DEPENDENCY } from '$lib/dashboard/live';
