import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { User } from './user.js';

/** Dashboard preferences (product brief §3 Settings, §6): one row per user, created on first save. */
export class UserPreferences {
  user!: Ref<User>;
  /** Two matches belong to one play session when at most this many minutes apart. */
  sessionGapMinutes: number & Opt = 30;
  /** IANA zone for day boundaries and header dates without a zone. */
  timeZone: string & Opt = 'UTC';
  /** Rank per playlist for benchmarks, e.g. { "doubles": "GC1" }. */
  ranks: Record<string, string> & Opt = {};
  updatedAt: Date & Opt = new Date();
}

export const UserPreferencesSchema = new EntitySchema<UserPreferences>({
  class: UserPreferences,
  tableName: 'user_preferences',
  properties: {
    user: { kind: '1:1', entity: 'User', primary: true, ref: true, owner: true, deleteRule: 'cascade' },
    sessionGapMinutes: { type: 'integer', default: 30 },
    timeZone: { type: 'string', length: 64, default: 'UTC' },
    ranks: { type: 'json', default: '{}' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

/**
 * "This was me": a platform id the user claimed from a replay they own (product brief §10), so
 * the dashboard knows which player is them. Never inferred from a display name.
 */
export class PlayerClaim {
  user!: Ref<User>;
  /** `<platform>:<id>` as the analysis report spells it (steam:7656…, epic:…). */
  playerKey!: string;
  /** The replay the claim was made from (evidence). */
  replayId!: string;
  /**
   * An alt the user does not want counted (a smurf, a sibling's account): replays where they
   * appear only through this id stay visible but leave their stats, trends and benchmarks.
   */
  excluded: boolean & Opt = false;
  createdAt: Date & Opt = new Date();
}

export const PlayerClaimSchema = new EntitySchema<PlayerClaim>({
  class: PlayerClaim,
  tableName: 'player_claims',
  properties: {
    user: { kind: 'm:1', entity: 'User', primary: true, ref: true, deleteRule: 'cascade' },
    playerKey: { type: 'string', length: 128, primary: true },
    replayId: { type: 'uuid' },
    excluded: { type: 'boolean', default: false },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
