import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { Replay } from './replay.js';
import type { User } from './user.js';

/** The owner's result in a match, always lower case (lesson 30: one spelling, compared as stored). */
export const MatchResult = { Win: 'win', Loss: 'loss', Draw: 'draw' } as const;
export type MatchResult = (typeof MatchResult)[keyof typeof MatchResult];

/**
 * Per owner, per replay: the figures Home, Replays, Sessions and Trends list, copied out of the
 * header and the analysis report when the replay finishes, when it is linked to a new owner and
 * when the owner's identity in it changes. Lists and aggregates read these columns, never the
 * report JSON (which stays for the detail page). Maintained by repositories/summary-repository.ts.
 */
export class ReplaySummary {
  user!: Ref<User>;
  replay!: Ref<Replay>;
  /** Match time: header MatchStartEpoch, else header Date read in the owner's time zone. */
  playedAt: Date | null = null;
  /** Header Date as written (no zone), kept so a time-zone change can re-read it. */
  dateLocal: string | null = null;
  /** True when playedAt came from dateLocal (so it depends on the owner's time zone). */
  playedAtZoned: boolean & Opt = false;
  mapCode: string | null = null;
  /** Friendly arena name, never the map code when the name is known. */
  mapName!: string;
  /** Friendly playlist label ("Ranked Doubles"); compared case-insensitively. */
  playlist: string | null = null;
  teamSize: number | null = null;
  durationSeconds: number | null = null;
  blueGoals: number | null = null;
  orangeGoals: number | null = null;
  /** Whether the analysis report existed when this row was written. */
  hasReport: boolean & Opt = false;
  /** replay_results.created_at this row was computed from: a newer result makes the row stale. */
  sourceResultAt: Date | null = null;
  /** The ownership's player key when this row was computed (a different one makes it stale). */
  playerKey: string | null = null;
  /** The ownership's counts-in-stats flag when computed; the "me" columns are filled only when true. */
  counted: boolean & Opt = false;
  playerName: string | null = null;
  team: 'blue' | 'orange' | null = null;
  result: MatchResult | null = null;
  goals: number | null = null;
  assists: number | null = null;
  saves: number | null = null;
  shots: number | null = null;
  demos: number | null = null;
  score: number | null = null;
  bcpm: number | null = null;
  avgSpeed: number | null = null;
  timeSupersonic: number | null = null;
  percentSupersonic: number | null = null;
  percentDefensiveThird: number | null = null;
  percentNeutralThird: number | null = null;
  percentOffensiveThird: number | null = null;
  /** The owner's report `stats` and `mechanics` blocks (a few KB), for "any metric" trends. */
  me: { stats: Record<string, unknown>; mechanics: Record<string, unknown> | null } | null = null;
  /** Stored play session (play_sessions.id), null when undated. */
  sessionId: string | null = null;
  updatedAt: Date & Opt = new Date();
}

const real = { type: 'double', nullable: true } as const;
const int = { type: 'integer', nullable: true } as const;

export const ReplaySummarySchema = new EntitySchema<ReplaySummary>({
  class: ReplaySummary,
  tableName: 'replay_summaries',
  indexes: [
    // The replays list, Home and Trends read one user's rows, newest match first.
    { name: 'replay_summaries_user_played_idx', properties: ['user', 'playedAt'] },
    { name: 'replay_summaries_replay_idx', properties: ['replay'] },
    { name: 'replay_summaries_user_session_idx', properties: ['user', 'sessionId'] },
  ],
  properties: {
    user: { kind: 'm:1', entity: 'User', primary: true, ref: true, deleteRule: 'cascade' },
    replay: { kind: 'm:1', entity: 'Replay', primary: true, ref: true, deleteRule: 'cascade' },
    playedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    dateLocal: { type: 'string', length: 32, nullable: true },
    playedAtZoned: { type: 'boolean', default: false },
    mapCode: { type: 'string', length: 64, nullable: true },
    mapName: { type: 'string', length: 96 },
    playlist: { type: 'string', length: 64, nullable: true },
    teamSize: { ...int, type: 'smallint' },
    durationSeconds: real,
    blueGoals: { ...int, type: 'smallint' },
    orangeGoals: { ...int, type: 'smallint' },
    hasReport: { type: 'boolean', default: false },
    sourceResultAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    playerKey: { type: 'string', length: 80, nullable: true },
    counted: { type: 'boolean', default: false },
    playerName: { type: 'string', length: 64, nullable: true },
    team: { enum: true, items: ['blue', 'orange'], nullable: true },
    result: { enum: true, items: () => Object.values(MatchResult), nullable: true },
    goals: int,
    assists: int,
    saves: int,
    shots: int,
    demos: int,
    score: int,
    bcpm: real,
    avgSpeed: real,
    timeSupersonic: real,
    percentSupersonic: real,
    percentDefensiveThird: real,
    percentNeutralThird: real,
    percentOffensiveThird: real,
    me: { type: 'json', nullable: true },
    sessionId: { type: 'string', length: 16, nullable: true },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
