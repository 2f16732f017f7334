/**
 * The match model: what happened in a replay, in game units, independent of the wire format.
 * Built from a decoded replay by build-model.ts; every stat is a pure function of it.
 */

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export type TeamIndex = 0 | 1;
export type TeamColor = 'blue' | 'orange';
export const teamColor = (t: TeamIndex): TeamColor => (t === 0 ? 'blue' : 'orange');

/** ballchasing's platform names (stats-reference §A.4). */
export type Platform = 'steam' | 'epic' | 'xbox' | 'ps4' | 'switch' | 'unknown';

export interface PlayerInfo {
  /** Stable key within the replay: `${platform}:${platformId}` or `name:${name}` when no id is known. */
  key: string;
  name: string;
  platform: Platform;
  /** null when the replay carries no (or a zero) platform id: a missing id, never "steam:0". */
  platformId: string | null;
  team: TeamIndex;
  /** Scoreboard from the header (authoritative); null when the header has no PlayerStats entry. */
  scoreboard: Scoreboard | null;
  isBot: boolean;
}

export interface Scoreboard {
  score: number;
  goals: number;
  assists: number;
  saves: number;
  shots: number;
}

export interface CarState {
  position: Vec3;
  /** null while the rigid body sleeps or before the first velocity is replicated. */
  velocity: Vec3 | null;
  /** The rigid body was replicated in this very frame (otherwise position/velocity are carried over). */
  fresh: boolean;
  /** Boost on the 0–100 scale; null when unknown (never defaulted). */
  boost: number | null;
  /** Raw 0–255 boost, kept for the exact empty/full thresholds. */
  boostRaw: number | null;
  /** The last raw value the server replicated (no drain simulation), null before the first. */
  boostReplicated: number | null;
  /**
   * The boost amount was replicated in this very frame (keyframe resends included). ballchasing's
   * band times are built from these updates (stats/boost-levels.ts).
   */
  boostFresh: boolean;
  /**
   * This frame's boost replication came with the component's (re-)announcement: keyframes
   * re-announce every actor and resend its amount unchanged. Only such resends are not updates.
   */
  boostWithAnnouncement: boolean;
  handbrake: boolean;
  /** Boost component active (boosting) this frame. */
  boosting: boolean;
  /** Component actors active this frame (jump, dodge, double jump). */
  jumping: boolean;
  dodging: boolean;
  doubleJumping: boolean;
}

export interface BallState {
  position: Vec3;
  velocity: Vec3 | null;
}

/**
 * Play phases from the game event's state (GameEvent_TA:ReplicatedStateName, RoundCountDownNumber,
 * bBallHasBeenHit). 'countdown': the 3-2-1 countdown is showing. 'kickoff': cars reset or driving
 * to an untouched ball. 'live': after the first touch. 'postGoal': between a goal and the replay
 * cut. 'pre': before the game event replicates any state.
 */
export type Phase = 'pre' | 'countdown' | 'kickoff' | 'live' | 'postGoal';

export interface FrameState {
  /** Seconds since recording start. */
  time: number;
  /**
   * Seconds this sample stands for: the next frame's replicated `delta`. Unlike time differences it
   * skips the cut where the goal replay was removed, which is how ballchasing counts time.
   */
  dt: number;
  phase: Phase;
  /** Team that touched the ball last (Ball_TA:HitTeamNum), null before any touch. */
  lastTouchTeam: TeamIndex | null;
  ball: BallState | null;
  /** Indexed like MatchModel.players; null when the player has no car this frame (demolished, not yet spawned). */
  cars: Array<CarState | null>;
}

export interface GoalEvent {
  time: number;
  frame: number;
  /** Team that scored. */
  team: TeamIndex;
  scorer: number | null;
}

export interface DemoEvent {
  time: number;
  frame: number;
  attacker: number | null;
  victim: number | null;
}

export type PadSize = 'big' | 'small';

export interface BoostPad {
  id: number;
  size: PadSize;
  position: Vec3;
}

export interface PickupEvent {
  time: number;
  frame: number;
  player: number;
  /** null when the arena has no pad table (boost stats unsupported). */
  pad: BoostPad | null;
  /** Boost level (0–100) just before and after the pickup, when known. */
  before: number | null;
  after: number | null;
  /** Replicated raw boost (0–255) before the pickup and the first replicated value after it, if any within 0.5 s. */
  replicatedBefore?: number | null;
  replicatedAfter?: number | null;
  /** Replicated raw boost at the end of the pickup's frame (after all of the frame's updates). */
  replicatedFrameEnd?: number | null;
  /**
   * The replicated boost amount rose with this pickup (in its frame, else at the next replication
   * within 0.5 s). ballchasing counts only these: a pad taken while boosting can leave the
   * replicated amount flat, which is why it "undercounts" small pads (stats-reference C.10).
   */
  gainObserved: boolean;
  /** The replicated raw amount that showed the gain (null when unknown). */
  observedRaw?: number | null;
  /**
   * The pad ballchasing books the pickup under when it is not `pad` (null: not booked): a pad
   * retaken without a replicated respawn is booked under the player's previous pad.
   */
  bookedPad?: BoostPad | null;
}

export interface MatchInfo {
  /** Header `Id`, 32 hex digits. */
  replayId: string | null;
  matchGuid: string | null;
  title: string | null;
  mapCode: string | null;
  matchType: string | null;
  teamSize: number | null;
  playlistId: number | null;
  /** UTC ISO time the match started (MatchStartEpoch), else null. */
  startedAt: string | null;
  /** Header `Date`: recorder's local wall-clock time, no zone. */
  localDate: string | null;
  /** Seconds of recorded play: the sum of frame deltas (goal-replay cuts excluded). */
  duration: number;
  overtime: boolean;
  forfeit: boolean;
  teamScores: [number, number];
  teamNames: [string | null, string | null];
  gameType: string;
  version: string;
}

export interface QualityScorecard {
  /** Fraction of (active frame × player) slots with a known car state. */
  playerFrameCoverage: number;
  playersWithIdentity: number;
  playerCount: number;
  networkDecoded: boolean;
  boostPads: 'supported' | 'unsupported';
  verdict: 'good' | 'degraded' | 'unusable';
  notes: string[];
}

export interface MatchModel {
  info: MatchInfo;
  players: PlayerInfo[];
  frames: FrameState[];
  goals: GoalEvent[];
  demos: DemoEvent[];
  pickups: PickupEvent[];
  /** MVP player index from the network (PRI bMatchMVP), null when not replicated. */
  mvp: number | null;
  boostPads: 'supported' | 'unsupported';
  quality: QualityScorecard;
}
