import type { CarState, FrameState, MatchModel, Vec3 } from '../model.js';
import type { TouchEvent } from '../events.js';
import type { MechanicSignals, Orientation } from './signals.js';
import * as T from './thresholds.js';
import { hypot2, hypot3 } from '../hypot.js';

export type MechanicKind =
  | 'jump'
  | 'double_jump'
  | 'flip'
  | 'half_flip'
  | 'speed_flip'
  | 'wavedash'
  | 'aerial'
  | 'air_dribble'
  | 'ceiling_shot'
  | 'flip_reset'
  | 'double_tap'
  | 'flick';

export type FlipDirection = 'forward' | 'back' | 'side' | 'diagonal' | 'unknown';

export interface MechanicEvent {
  kind: MechanicKind;
  frame: number;
  time: number;
  player: number;
  /** flip / half_flip / speed_flip / flick: dodge direction relative to the car's nose. */
  direction?: FlipDirection;
  /** aerial: peak car height (uu); air_dribble: number of touches. */
  height?: number;
  touches?: number;
  /** Where the spec defines success (aerial: touched the ball; flip reset: the refreshed flip was used). */
  success?: boolean;
}

const horiz = (v: Vec3 | null | undefined): number => (v ? hypot2(v.x, v.y) : 0);

function carAt(model: MatchModel, frame: number, player: number): CarState | null {
  return model.frames[frame]?.cars[player] ?? null;
}

/** First frame index at or after `from` whose time is ≥ t (clamped to the last frame). */
function frameAtTime(frames: FrameState[], from: number, t: number): number {
  let i = from;
  while (i < frames.length - 1 && (frames[i] as FrameState).time < t) i++;
  return i;
}

const inPlay = (f: FrameState): boolean => f.phase === 'kickoff' || f.phase === 'live';

/** Classify an angle from the nose (0 = ahead, π = behind) into a flip direction. */
function directionOfAngle(angle: number): FlipDirection {
  if (angle <= T.FLIP_FORWARD_MAX_RAD) return 'forward';
  if (angle >= T.FLIP_BACK_MIN_RAD) return 'back';
  if (angle >= T.FLIP_SIDE_MIN_RAD && angle <= T.FLIP_SIDE_MAX_RAD) return 'side';
  return 'diagonal';
}

/**
 * Direction from the dodge's spin: pitching nose-down (pitch > 0) is a front flip, rolling a side
 * flip. Returns null when no sample spins fast enough (then the impulse decides).
 */
export function flipDirectionFromSpin(spins: Array<Orientation['spin']>): FlipDirection | null {
  for (const s of spins) {
    if (!s || hypot2(s.pitch, s.roll) < T.FLIP_MIN_SPIN) continue;
    // Angle from "pure front flip": 0 pure pitch forward, π/2 pure roll, π pure pitch backward.
    return directionOfAngle(Math.atan2(Math.abs(s.roll), s.pitch));
  }
  return null;
}

/**
 * Angle between the car's nose and a horizontal velocity change (0 = straight ahead, π = straight
 * back); null when the change is too small or the nose points up/down.
 */
function impulseAngle(dv: Vec3, o: Orientation | null): number | null {
  if (!o || hypot2(dv.x, dv.y) < T.FLIP_MIN_IMPULSE) return null;
  const fl = hypot2(o.forward.x, o.forward.y);
  if (fl < 0.3) return null;
  const fx = o.forward.x / fl;
  const fy = o.forward.y / fl;
  return Math.atan2(Math.abs(-dv.x * fy + dv.y * fx), dv.x * fx + dv.y * fy);
}

/** Direction of the dodge impulse in the car's horizontal frame (forward axis = the nose). */
export function flipDirection(dv: Vec3, o: Orientation | null): FlipDirection {
  const angle = impulseAngle(dv, o);
  return angle === null ? 'unknown' : directionOfAngle(angle);
}

const yaw = (o: Orientation): number => Math.atan2(o.forward.y, o.forward.x);
const wrap = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));

/** Jumps, double jumps and flips (with the flip family) from the component actors' rising edges. */
function detectComponentMechanics(model: MatchModel, sig: MechanicSignals): MechanicEvent[] {
  const out: MechanicEvent[] = [];
  const prev = model.players.map(() => ({ jumping: false, doubleJumping: false, dodging: false }));
  model.frames.forEach((f, i) => {
    f.cars.forEach((c, p) => {
      const before = prev[p];
      if (!before) return;
      if (!c) {
        before.jumping = before.doubleJumping = before.dodging = false;
        return;
      }
      if (inPlay(f)) {
        if (c.jumping && !before.jumping) out.push({ kind: 'jump', frame: i, time: f.time, player: p });
        if (c.doubleJumping && !before.doubleJumping)
          out.push({ kind: 'double_jump', frame: i, time: f.time, player: p });
        if (c.dodging && !before.dodging) out.push(...classifyDodge(model, sig, i, p));
      }
      before.jumping = c.jumping;
      before.doubleJumping = c.doubleJumping;
      before.dodging = c.dodging;
    });
  });
  return out;
}

/** A dodge: its direction, and whether it was a half flip, speed flip or wavedash. */
function classifyDodge(model: MatchModel, sig: MechanicSignals, i: number, p: number): MechanicEvent[] {
  const frames = model.frames;
  const f = frames[i] as FrameState;
  const c = carAt(model, i, p) as CarState;
  const o = sig.orientation[i]?.[p] ?? null;
  const start = frames[Math.max(0, i - 1)]?.cars[p] ?? c;
  const j = frameAtTime(frames, i, f.time + T.FLIP_IMPULSE_WINDOW_S);
  const after = carAt(model, j, p);
  const v0 = start.velocity;
  const v1 = after?.velocity;
  const dv = v0 && v1 ? { x: v1.x - v0.x, y: v1.y - v0.y, z: v1.z - v0.z } : { x: 0, y: 0, z: 0 };
  const spinEnd = frameAtTime(frames, i, f.time + T.FLIP_SPIN_WINDOW_S);
  const spins: Array<Orientation['spin']> = [];
  for (let k = i; k <= spinEnd; k++) spins.push(sig.orientation[k]?.[p]?.spin ?? null);
  const direction = flipDirectionFromSpin(spins) ?? flipDirection(dv, o);
  const events: MechanicEvent[] = [{ kind: 'flip', frame: i, time: f.time, player: p, direction }];

  // Half flip: a back flip, then the heading swings round within the window.
  if (direction === 'back' && o) {
    const end = frameAtTime(frames, i, f.time + T.HALF_FLIP_WINDOW_S);
    const oe = sig.orientation[end]?.[p];
    if (oe && Math.abs(wrap(yaw(oe) - yaw(o))) > T.HALF_FLIP_YAW_RAD)
      events.push({ kind: 'half_flip', frame: i, time: f.time, player: p, direction, success: true });
  }

  // Speed flip: a forward-diagonal dodge (by its impulse) whose pitch was cancelled into a roll.
  const impulse = impulseAngle(dv, o);
  if (
    direction !== 'back' &&
    direction !== 'forward' &&
    impulse !== null &&
    impulse <= T.SPEED_FLIP_MAX_IMPULSE_RAD
  ) {
    const cancelEnd = frameAtTime(frames, i, f.time + T.SPEED_FLIP_CANCEL_S);
    let cancelled = false;
    for (let k = i; k <= cancelEnd && !cancelled; k++) {
      const sp = sig.orientation[k]?.[p]?.spin;
      cancelled =
        !!sp && Math.abs(sp.roll) >= T.SPEED_FLIP_MIN_ROLL && Math.abs(sp.pitch) <= T.SPEED_FLIP_MAX_PITCH;
    }
    const end = frameAtTime(frames, i, f.time + T.SPEED_FLIP_WINDOW_S);
    if (cancelled && horiz(carAt(model, end, p)?.velocity) >= T.SPEED_FLIP_MIN_SPEED)
      events.push({ kind: 'speed_flip', frame: i, time: f.time, player: p, direction });
  }

  // Wavedash: dodge started just above the ground, landed almost at once, and gained speed
  // (a speed flip lands the same way; it is reported as the speed flip only).
  const isSpeedFlip = events.some((e) => e.kind === 'speed_flip');
  if (!isSpeedFlip && c.position.z > T.GROUND_Z && c.position.z < T.WAVEDASH_MAX_START_Z) {
    const end = frameAtTime(frames, i, f.time + T.WAVEDASH_MAX_LANDING_S);
    for (let k = i + 1; k <= end; k++) {
      const ck = carAt(model, k, p);
      if (!ck) break;
      if (ck.position.z <= T.GROUND_Z) {
        const landed = frames[k] as FrameState;
        const next = carAt(model, Math.min(frames.length - 1, k + 1), p);
        const gain = horiz(next?.velocity ?? ck.velocity) - horiz(v0);
        if (landed.time - f.time >= T.WAVEDASH_MIN_LANDING_S && gain > T.WAVEDASH_MIN_GAIN)
          events.push({ kind: 'wavedash', frame: i, time: f.time, player: p });
        break;
      }
    }
  }
  return events;
}

const nearWall = (v: Vec3): boolean => Math.abs(v.x) > T.WALL_X || Math.abs(v.y) > T.WALL_Y;

/**
 * Aerials: after a jump the car stays off the ground for AERIAL_MIN_AIRTIME_S and climbs above
 * AERIAL_MIN_Z. Success: the player touched the ball during that airtime.
 */
function detectAerials(model: MatchModel, jumps: MechanicEvent[], touches: TouchEvent[]): MechanicEvent[] {
  const out: MechanicEvent[] = [];
  const lastAt = new Map<number, number>();
  for (const jmp of jumps) {
    const last = lastAt.get(jmp.player);
    if (last !== undefined && jmp.time - last < T.AERIAL_MIN_SPACING_S) continue;
    let peak = 0;
    let endTime = jmp.time;
    for (let k = jmp.frame; k < model.frames.length; k++) {
      const c = carAt(model, k, jmp.player);
      const f = model.frames[k] as FrameState;
      if (!c || !inPlay(f) || (k > jmp.frame + 1 && c.position.z <= T.GROUND_Z)) break;
      peak = Math.max(peak, c.position.z);
      endTime = f.time;
    }
    if (endTime - jmp.time < T.AERIAL_MIN_AIRTIME_S || peak <= T.AERIAL_MIN_Z) continue;
    const success = touches.some((t) => t.player === jmp.player && t.time >= jmp.time && t.time <= endTime);
    out.push({ kind: 'aerial', frame: jmp.frame, time: jmp.time, player: jmp.player, height: peak, success });
    lastAt.set(jmp.player, endTime);
  }
  return out;
}

/** True when the player's car stayed off the ground between two frames. */
function stayedAirborne(model: MatchModel, p: number, from: number, to: number): boolean {
  for (let k = from; k <= to; k++) {
    const c = carAt(model, k, p);
    if (!c || c.position.z <= T.GROUND_Z) return false;
  }
  return true;
}

const aerialTouch = (model: MatchModel, t: TouchEvent): boolean => {
  const c = carAt(model, t.frame, t.player);
  return !!c && c.position.z > T.AERIAL_TOUCH_Z && t.position.z > T.AERIAL_TOUCH_Z;
};

/** Air dribbles: ≥ 2 consecutive aerial touches by one player, close in time, without landing. */
function detectAirDribbles(model: MatchModel, touches: TouchEvent[]): MechanicEvent[] {
  const out: MechanicEvent[] = [];
  let run: TouchEvent[] = [];
  const flush = () => {
    const first = run[0];
    if (first && run.length >= 2)
      out.push({
        kind: 'air_dribble',
        frame: first.frame,
        time: first.time,
        player: first.player,
        touches: run.length,
      });
    run = [];
  };
  for (const t of touches) {
    const last = run[run.length - 1];
    const continues =
      last !== undefined &&
      last.player === t.player &&
      t.time - last.time <= T.AIR_DRIBBLE_MAX_GAP_S &&
      aerialTouch(model, t) &&
      !ballHitBackboard(model, last.frame, t.frame) &&
      stayedAirborne(model, t.player, last.frame, t.frame);
    if (!continues) {
      flush();
      if (aerialTouch(model, t)) run = [t];
    } else run.push(t);
  }
  flush();
  return out;
}

/** The ball bounced off a back wall (its y velocity flipped sign high up near |y| = 5120). */
function ballHitBackboard(model: MatchModel, from: number, to: number): boolean {
  for (let k = from + 1; k <= to; k++) {
    const a = model.frames[k - 1]?.ball;
    const b = model.frames[k]?.ball;
    if (!a?.velocity || !b?.velocity) continue;
    if (
      Math.abs(b.position.y) > T.WALL_Y &&
      b.position.z > T.BACKBOARD_MIN_Z &&
      Math.sign(a.velocity.y) !== Math.sign(b.velocity.y) &&
      Math.sign(b.velocity.y) === -Math.sign(b.position.y)
    )
      return true;
  }
  return false;
}

/** Double taps: an aerial touch, a backboard bounce, then the same player's aerial touch, no landing. */
function detectDoubleTaps(model: MatchModel, touches: TouchEvent[]): MechanicEvent[] {
  const out: MechanicEvent[] = [];
  const lastAt = new Map<number, number>();
  for (let n = 1; n < touches.length; n++) {
    const a = touches[n - 1] as TouchEvent;
    const b = touches[n] as TouchEvent;
    if (a.player !== b.player || b.time - a.time > T.DOUBLE_TAP_WINDOW_S) continue;
    // One double tap per sequence: a touch already counted as the second tap starts none.
    const last = lastAt.get(a.player);
    if (last !== undefined && a.time <= last) continue;
    if (!aerialTouch(model, a) || !aerialTouch(model, b)) continue;
    if (!ballHitBackboard(model, a.frame, b.frame) || !stayedAirborne(model, a.player, a.frame, b.frame))
      continue;
    out.push({ kind: 'double_tap', frame: a.frame, time: a.time, player: a.player });
    lastAt.set(a.player, b.time);
  }
  return out;
}

/** Ceiling shots: the car touches the ceiling, then touches the ball before landing. */
function detectCeilingShots(model: MatchModel, touches: TouchEvent[]): MechanicEvent[] {
  const out: MechanicEvent[] = [];
  const usedCeiling = new Set<string>();
  for (const t of touches) {
    // Walk back from the touch while airborne, looking for ceiling contact.
    for (let k = t.frame; k >= 0; k--) {
      const c = carAt(model, k, t.player);
      const f = model.frames[k] as FrameState;
      if (!c || c.position.z <= T.GROUND_Z || t.time - f.time > T.CEILING_SHOT_WINDOW_S) break;
      if (nearWall(c.position) && c.position.z < T.CEILING_Z) break; // came off a wall, not the ceiling
      if (c.position.z >= T.CEILING_Z) {
        const key = `${t.player}:${k}`;
        if (!usedCeiling.has(key) && t.position.z > T.AERIAL_TOUCH_Z) {
          usedCeiling.add(key);
          out.push({ kind: 'ceiling_shot', frame: t.frame, time: t.time, player: t.player });
        }
        break;
      }
    }
  }
  return out;
}

/** Flicks: a dodge while the ball sits on the car's roof, the ball then gains speed sharply. */
function detectFlicks(model: MatchModel, flips: MechanicEvent[]): MechanicEvent[] {
  const out: MechanicEvent[] = [];
  for (const fl of flips) {
    const c = carAt(model, Math.max(0, fl.frame - 1), fl.player);
    const ball = model.frames[Math.max(0, fl.frame - 1)]?.ball;
    if (!c || !ball?.velocity || c.position.z > T.WAVEDASH_MAX_START_Z) continue;
    const dz = ball.position.z - c.position.z;
    const dxy = hypot2(ball.position.x - c.position.x, ball.position.y - c.position.y);
    if (dxy > T.DRIBBLE_MAX_XY || dz < T.DRIBBLE_MIN_DZ || dz > T.DRIBBLE_MAX_DZ) continue;
    const end = frameAtTime(model.frames, fl.frame, fl.time + T.FLICK_WINDOW_S);
    let best = 0;
    for (let k = fl.frame; k <= end; k++) {
      const v = model.frames[k]?.ball?.velocity;
      if (v) best = Math.max(best, hypot3(v.x, v.y, v.z));
    }
    const v0 = ball.velocity;
    if (best - hypot3(v0.x, v0.y, v0.z) >= T.FLICK_SPEED_GAIN)
      out.push({ kind: 'flick', frame: fl.frame, time: fl.time, player: fl.player, direction: fl.direction });
  }
  return out;
}

/** Flip resets: the game's own DodgesRefreshedCounter; success = a dodge followed in time. */
function detectFlipResets(sig: MechanicSignals, flips: MechanicEvent[]): MechanicEvent[] {
  return sig.flipResets.map((r) => ({
    kind: 'flip_reset' as const,
    frame: r.frame,
    time: r.time,
    player: r.player,
    success: flips.some(
      (f) => f.player === r.player && f.time > r.time && f.time - r.time <= T.FLIP_RESET_USE_WINDOW_S,
    ),
  }));
}

/** Every mechanic event of the match, sorted by time. */
export function detectMechanics(
  model: MatchModel,
  sig: MechanicSignals,
  touches: TouchEvent[],
): MechanicEvent[] {
  const base = detectComponentMechanics(model, sig);
  const jumps = base.filter((e) => e.kind === 'jump');
  const flips = base.filter((e) => e.kind === 'flip');
  const all = [
    ...base,
    ...detectAerials(model, jumps, touches),
    ...detectAirDribbles(model, touches),
    ...detectDoubleTaps(model, touches),
    ...detectCeilingShots(model, touches),
    ...detectFlicks(model, flips),
    ...detectFlipResets(sig, flips),
  ];
  return all.sort((a, b) => a.time - b.time || a.player - b.player);
}
