import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { User } from './user.js';

/**
 * A stored play session (product brief §6): the matches the owner played (those that count in
 * their stats, so not uploads of others' games nor excluded alts) at most `gapMinutes` apart.
 * The id is derived from the first match's time and is unique per user ((user, id) is the key),
 * so links survive re-grouping whenever the first match stays the first. Recomputed for the
 * user on ingest, on every result and when the gap or time zone changes (regroupSessions).
 */
export class PlaySession {
  user!: Ref<User>;
  /** `s` + first match start in base-36 seconds. */
  id!: string;
  startedAt!: Date;
  /** Last match start plus its length. */
  endedAt!: Date;
  games!: number;
  /** Results of those games. */
  wins!: number;
  losses!: number;
  draws!: number;
  gapMinutes!: number;
  updatedAt: Date & Opt = new Date();
}

export const PlaySessionSchema = new EntitySchema<PlaySession>({
  class: PlaySession,
  tableName: 'play_sessions',
  indexes: [{ name: 'play_sessions_user_started_idx', properties: ['user', 'startedAt'] }],
  properties: {
    user: { kind: 'm:1', entity: 'User', primary: true, ref: true, deleteRule: 'cascade' },
    id: { type: 'string', length: 16, primary: true },
    startedAt: { type: 'datetime', columnType: 'timestamptz' },
    endedAt: { type: 'datetime', columnType: 'timestamptz' },
    games: { type: 'integer' },
    wins: { type: 'integer' },
    losses: { type: 'integer' },
    draws: { type: 'integer' },
    gapMinutes: { type: 'integer' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
