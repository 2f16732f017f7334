import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { Replay } from './replay.js';
import type { User } from './user.js';

/** Links an uploader to a replay: the same match uploaded by two users is one Replay, two ownerships. */
export class ReplayOwnership {
  user!: Ref<User>;
  replay!: Ref<Replay>;
  /**
   * The uploader's own player slot in this match (`steam:<id>`, `epic:<id>`), matched by
   * the platform ids of their linked sign-ins; null when they are not a player in it:
   * the replay stays visible to them but does not count in their stats.
   */
  playerKey: string | null = null;
  /**
   * Whether this replay counts in the owner's stats, trends and benchmarks: they are a player
   * through a platform id that is not excluded, or through an excluded one with `countOverride`.
   * Computed by refreshPlayerKeys (db/src/auth/player-identity.ts); dashboards read it.
   */
  counts: boolean & Opt = false;
  /** "Count this one": the owner counts this replay although they appear only through an excluded id. */
  countOverride: boolean & Opt = false;
  createdAt: Date & Opt = new Date();
}

export const ReplayOwnershipSchema = new EntitySchema<ReplayOwnership>({
  class: ReplayOwnership,
  tableName: 'replay_ownerships',
  indexes: [
    // "Which users own this replay" (status fan-out) runs on every job event.
    { name: 'replay_ownerships_replay_id_idx', properties: ['replay'] },
  ],
  properties: {
    // Composite primary key = the unique (user, replay) pair.
    user: { kind: 'm:1', entity: 'User', primary: true, ref: true, deleteRule: 'cascade' },
    replay: { kind: 'm:1', entity: 'Replay', primary: true, ref: true, deleteRule: 'cascade' },
    playerKey: { type: 'string', length: 80, nullable: true },
    counts: { type: 'boolean', default: false },
    countOverride: { type: 'boolean', default: false },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
