import {
  CHALLENGE_MAX_DISTANCE_UU,
  CHALLENGE_MAX_GAP_S,
  KICKOFF_OUTCOME_DELAY_S,
  PASS_MAX_GAP_S,
  PASS_MIN_PROGRESS_UU,
  TOUCH_DEBOUNCE_S,
  TOUCH_MAX_CAR_DISTANCE,
  TOUCH_MIN_DELTA_V,
} from './constants.js';
import type { FrameState, MatchModel, TeamIndex, Vec3 } from './model.js';
import { hypot3 } from './hypot.js';

export interface TouchEvent {
  time: number;
  frame: number;
  player: number;
  team: TeamIndex;
  /** Ball position at the touch (uu). */
  position: Vec3;
  /** Ball speed just after the touch (uu/s). */
  ballSpeed: number;
}

export interface KickoffEvent {
  /** When the cars were released (countdown over). */
  time: number;
  frame: number;
  /** Car position of each player at release, indexed like MatchModel.players (null = no car). */
  spawns: Array<Vec3 | null>;
  firstTouch: { time: number; player: number; team: TeamIndex } | null;
  /** Team touching last KICKOFF_OUTCOME_DELAY_S after the first touch; null = neutral / unknown. */
  firstPossession: TeamIndex | null;
}

export interface PossessionChange {
  time: number;
  frame: number;
  team: TeamIndex;
}

export interface PassEvent {
  time: number;
  from: number;
  to: number;
  team: TeamIndex;
  /** Ball progress toward the opponent goal between the two touches (uu, team-normalised). */
  progress: number;
  completed: boolean;
}

export interface ChallengeEvent {
  time: number;
  /** The two opponents, in touch order. */
  first: number;
  second: number;
  /** Team touching last KICKOFF_OUTCOME_DELAY_S later, null when unknown. */
  winner: TeamIndex | null;
}

export interface MatchEvents {
  touches: TouchEvent[];
  kickoffs: KickoffEvent[];
  possessionChanges: PossessionChange[];
  passes: PassEvent[];
  challenges: ChallengeEvent[];
}

const norm = (v: Vec3): number => hypot3(v.x, v.y, v.z);
const dist = (a: Vec3, b: Vec3): number => hypot3(a.x - b.x, a.y - b.y, a.z - b.z);

/**
 * Touches: the ball's velocity jumps while a car is next to it (the nearest car touched it). No
 * hitbox model: a touch so soft it leaves the ball's velocity nearly unchanged is missed.
 */
export function detectTouches(model: MatchModel): TouchEvent[] {
  const touches: TouchEvent[] = [];
  const lastTouch = new Map<number, number>();
  let prev: FrameState | null = null;
  model.frames.forEach((f, i) => {
    const before = prev;
    prev = f;
    if (!before || f.phase === 'pre' || f.phase === 'countdown') return;
    const v0 = before.ball?.velocity;
    const v1 = f.ball?.velocity;
    const ball = f.ball?.position;
    if (!v0 || !v1 || !ball) return;
    const dv = hypot3(v1.x - v0.x, v1.y - v0.y, v1.z - v0.z);
    if (dv < TOUCH_MIN_DELTA_V) return;
    let best = -1;
    let bestD = TOUCH_MAX_CAR_DISTANCE;
    f.cars.forEach((c, p) => {
      if (!c) return;
      const d = Math.min(
        dist(c.position, ball),
        before.cars[p]
          ? dist((before.cars[p] as NonNullable<typeof c>).position, before.ball?.position ?? ball)
          : Infinity,
      );
      if (d < bestD) {
        bestD = d;
        best = p;
      }
    });
    if (best < 0) return;
    const last = lastTouch.get(best);
    if (last !== undefined && f.time - last < TOUCH_DEBOUNCE_S) return;
    lastTouch.set(best, f.time);
    const player = model.players[best];
    if (!player) return;
    touches.push({
      time: f.time,
      frame: i,
      player: best,
      team: player.team,
      position: ball,
      ballSpeed: norm(v1),
    });
  });
  return touches;
}

/** Kickoffs: each release from the countdown, spawn positions, first touch and first possession. */
export function detectKickoffs(model: MatchModel, touches: TouchEvent[]): KickoffEvent[] {
  const kickoffs: KickoffEvent[] = [];
  // Release = the 3-2-1 countdown ending; replays without countdown data: entering the kickoff phase.
  const hasCountdown = model.frames.some((f) => f.phase === 'countdown');
  let prevPhase: FrameState['phase'] = 'pre';
  model.frames.forEach((f, i) => {
    const released = hasCountdown ? prevPhase === 'countdown' : prevPhase !== 'kickoff';
    if (f.phase === 'kickoff' && released) {
      kickoffs.push({
        time: f.time,
        frame: i,
        spawns: f.cars.map((c) => (c ? { ...c.position } : null)),
        firstTouch: null,
        firstPossession: null,
      });
    }
    prevPhase = f.phase;
  });
  kickoffs.forEach((k, n) => {
    const next = kickoffs[n + 1]?.time ?? Infinity;
    const touch = touches.find((t) => t.time >= k.time && t.time < next);
    if (!touch) return;
    k.firstTouch = { time: touch.time, player: touch.player, team: touch.team };
    const at = touch.time + KICKOFF_OUTCOME_DELAY_S;
    const frame = model.frames.find((f) => f.time >= at);
    k.firstPossession = frame && frame.time < next ? frame.lastTouchTeam : null;
  });
  return kickoffs;
}

/** Possession changes: the ball's last-touch team (Ball_TA:HitTeamNum) switching sides. */
export function detectPossessionChanges(model: MatchModel): PossessionChange[] {
  const out: PossessionChange[] = [];
  let team: TeamIndex | null = null;
  model.frames.forEach((f, i) => {
    if (f.lastTouchTeam !== null && f.lastTouchTeam !== team)
      out.push({ time: f.time, frame: i, team: f.lastTouchTeam });
    team = f.lastTouchTeam ?? team;
  });
  return out;
}

/** Pass attempts: a touch followed by a teammate's touch within PASS_MAX_GAP_S (stats-reference §B.3). */
export function detectPasses(touches: TouchEvent[]): PassEvent[] {
  const out: PassEvent[] = [];
  for (let i = 1; i < touches.length; i++) {
    const a = touches[i - 1] as TouchEvent;
    const b = touches[i] as TouchEvent;
    if (a.team !== b.team || a.player === b.player || b.time - a.time > PASS_MAX_GAP_S) continue;
    const dir = a.team === 0 ? 1 : -1;
    const progress = (b.position.y - a.position.y) * dir;
    out.push({
      time: b.time,
      from: a.player,
      to: b.player,
      team: a.team,
      progress,
      completed: progress >= PASS_MIN_PROGRESS_UU,
    });
  }
  return out;
}

/** 50/50 challenges: opponents touching the ball in quick succession, close together. */
export function detectChallenges(model: MatchModel, touches: TouchEvent[]): ChallengeEvent[] {
  const out: ChallengeEvent[] = [];
  for (let i = 1; i < touches.length; i++) {
    const a = touches[i - 1] as TouchEvent;
    const b = touches[i] as TouchEvent;
    if (a.team === b.team || b.time - a.time > CHALLENGE_MAX_GAP_S) continue;
    if (dist(a.position, b.position) > CHALLENGE_MAX_DISTANCE_UU) continue;
    const at = b.time + KICKOFF_OUTCOME_DELAY_S;
    const later = model.frames.find((f) => f.time >= at);
    out.push({ time: a.time, first: a.player, second: b.player, winner: later?.lastTouchTeam ?? null });
  }
  return out;
}

export function detectEvents(model: MatchModel): MatchEvents {
  const touches = detectTouches(model);
  return {
    touches,
    kickoffs: detectKickoffs(model, touches),
    possessionChanges: detectPossessionChanges(model),
    passes: detectPasses(touches),
    challenges: detectChallenges(model, touches),
  };
}
