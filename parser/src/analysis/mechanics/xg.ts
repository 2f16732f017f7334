import type { TeamIndex, Vec3 } from '../model.js';
import * as T from './thresholds.js';
import { hypot3 } from '../hypot.js';

/** Goal line |y| of standard soccar and the goal mouth's centre height. */
const GOAL_Y = 5120;
const GOAL_CENTRE_Z = 321;

export interface XgFactors {
  /** Distance from the ball to the centre of the goal being attacked (uu). */
  distance: number;
  /** Angle between the goal's centre line and the ball (radians; 0 = straight in front). */
  angle: number;
  /** Ball speed just after the shot touch (uu/s). */
  speed: number;
  xg: number;
}

const lerp = (a: number, b: number, t: number): number => a + (b - a) * Math.min(1, Math.max(0, t));

/**
 * A simple, documented xG *model* (not a measurement): XG_BASE scaled by three factors, clamped to
 * [XG_MIN, XG_MAX]. Distance: 1 up to XG_OPTIMAL_DISTANCE, falling linearly to XG_FAR_FACTOR at
 * XG_FAR_DISTANCE. Angle off the goal's centre line: 1 below 20°, falling linearly to XG_WIDE_FACTOR
 * at 60°. Speed: XG_SLOW_FACTOR at ≤ XG_SLOW_SPEED rising linearly to XG_FAST_FACTOR at XG_FAST_SPEED.
 * Defender positions are not modelled.
 */
export function expectedGoals(ball: Vec3, speed: number, attacking: TeamIndex): XgFactors {
  const goalY = attacking === 0 ? GOAL_Y : -GOAL_Y;
  const dx = ball.x;
  const dy = goalY - ball.y;
  const distance = hypot3(dx, dy, ball.z - GOAL_CENTRE_Z);
  const angle = Math.atan2(Math.abs(dx), Math.abs(dy));
  // lerp clamps: full value up to the near threshold, fading to the far factor at the far one.
  const dist = lerp(
    1,
    T.XG_FAR_FACTOR,
    (distance - T.XG_OPTIMAL_DISTANCE) / (T.XG_FAR_DISTANCE - T.XG_OPTIMAL_DISTANCE),
  );
  const ang = lerp(
    1,
    T.XG_WIDE_FACTOR,
    (angle - T.XG_NARROW_ANGLE_RAD) / (T.XG_WIDE_ANGLE_RAD - T.XG_NARROW_ANGLE_RAD),
  );
  const spd = lerp(
    T.XG_SLOW_FACTOR,
    T.XG_FAST_FACTOR,
    (speed - T.XG_SLOW_SPEED) / (T.XG_FAST_SPEED - T.XG_SLOW_SPEED),
  );
  const xg = Math.min(T.XG_MAX, Math.max(T.XG_MIN, T.XG_BASE * dist * ang * spd));
  return { distance, angle, speed, xg };
}
