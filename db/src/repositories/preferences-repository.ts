/**
 * Dashboard preferences (session gap, time zone, ranks): one row per user, created on first save.
 * Validation of the values is the caller's (the web form); this module stores them and regroups
 * the user's play sessions when the gap or zone changes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserPreferences } from '../entities/user-preferences.js';
import { regroupSessions } from './play-session-repository.js';

export interface StoredPreferences {
  sessionGapMinutes: number;
  timeZone: string;
  ranks: Record<string, string>;
}

const toStored = (row: UserPreferences): StoredPreferences => ({
  sessionGapMinutes: row.sessionGapMinutes,
  timeZone: row.timeZone,
  ranks: { ...row.ranks },
});

/** The user's saved preferences, or null when they never saved any (the caller's defaults apply). */
export async function readPreferences(em: EntityManager, userId: string): Promise<StoredPreferences | null> {
  const row = await em.findOne(UserPreferences, { user: userId });
  return row ? toStored(row) : null;
}

/** Store the given fields (the rest keep their stored or default values); returns the result. */
export async function writePreferences(
  em: EntityManager,
  userId: string,
  patch: Partial<StoredPreferences>,
): Promise<StoredPreferences> {
  let row = await em.findOne(UserPreferences, { user: userId });
  if (!row) row = em.create(UserPreferences, { user: userId } as unknown as UserPreferences);
  if (patch.sessionGapMinutes !== undefined) row.sessionGapMinutes = patch.sessionGapMinutes;
  if (patch.timeZone !== undefined) row.timeZone = patch.timeZone;
  if (patch.ranks !== undefined) row.ranks = { ...patch.ranks };
  row.updatedAt = new Date();
  await em.flush();
  // Stored play sessions follow a new gap or time zone at once (product brief lesson 10).
  if (patch.sessionGapMinutes !== undefined || patch.timeZone !== undefined)
    await regroupSessions(em, userId);
  return toStored(row);
}
