/**
 * What the web server needs from the database, as narrow interfaces. Routes and
 * hooks only see these shapes; $lib/server/db/ implements them with MikroORM.
 */
import type { ReplayListItem, ReplaySnapshot } from '$lib/replay-types';

export type { ReplayListItem, ReplaySnapshot } from '$lib/replay-types';

export type UserKind = 'guest' | 'demo' | 'member';

export interface SessionUser {
  id: string;
  displayName: string;
  kind: UserKind;
  /** Operators (admins) see the ops area; absent is a player. */
  role?: 'player' | 'admin';
}

export interface Accounts {
  find(userId: string): Promise<SessionUser | null>;
  /** The seeded demo account, or null when the seed has not run. */
  findDemo(): Promise<SessionUser | null>;
}

export interface ReplayLibrary {
  listFor(userId: string): Promise<ReplayListItem[]>;
  /** Null when the replay does not exist or the user does not own it. */
  snapshot(userId: string, replayId: string): Promise<ReplaySnapshot | null>;
}
