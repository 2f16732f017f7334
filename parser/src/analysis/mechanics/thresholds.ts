/**
 * Every threshold of the mechanics, shots/saves and xG detectors (stats-reference §B.2, §B.4).
 * Units: uu, uu/s, seconds, radians. Values the spec gives are used as given; the others are ours
 * and say so.
 */

/** A car at or below this height is on the ground (car rest height is ~17 uu). */
export const GROUND_Z = 40;
/** Ceiling contact: the car's centre this close to the ceiling (2044 uu). */
export const CEILING_Z = 1950;
/** Near a side/back wall: |x| or |y| beyond these (field is ±4096 × ±5120). */
export const WALL_X = 3900;
export const WALL_Y = 4900;

/**
 * Flip direction comes from the dodge's spin in the car's own axes (pitch → forward/back, roll →
 * side, both → diagonal): the first sample within FLIP_SPIN_WINDOW_S of the dodge whose total
 * angular rate exceeds FLIP_MIN_SPIN (spec: 3.5 rad/s; a dodge spins at ~5.5 rad/s).
 */
export const FLIP_SPIN_WINDOW_S = 0.2;
export const FLIP_MIN_SPIN = 3.5;
/** Fallback without spin data: the dodge's horizontal velocity change is measured over this window (ours). */
export const FLIP_IMPULSE_WINDOW_S = 0.1;
/** Below this horizontal velocity change the direction is unknown (dodge impulse is ~500 uu/s). */
export const FLIP_MIN_IMPULSE = 150;
/** Angle (from the car's nose) limits of forward / side / back flips; between them: diagonal. */
export const FLIP_FORWARD_MAX_RAD = Math.PI / 8;
export const FLIP_SIDE_MIN_RAD = (3 * Math.PI) / 8;
export const FLIP_SIDE_MAX_RAD = (5 * Math.PI) / 8;
export const FLIP_BACK_MIN_RAD = (7 * Math.PI) / 8;

/** Half flip: a back flip followed by a heading (yaw) change of this much within the window (spec). */
export const HALF_FLIP_YAW_RAD = 2.5;
export const HALF_FLIP_WINDOW_S = 0.6;
/**
 * Speed flip: a forward-diagonal dodge whose pitch is cancelled at once, so the car barrel-rolls
 * while driving forward (what pro kickoffs show: roll ~5.5 rad/s, pitch ≈ 0 within ~0.1 s).
 * The dodge impulse points within SPEED_FLIP_MAX_IMPULSE_RAD of the nose; within
 * SPEED_FLIP_CANCEL_S the spin has |roll| ≥ SPEED_FLIP_MIN_ROLL and |pitch| ≤ SPEED_FLIP_MAX_PITCH;
 * the car is this fast SPEED_FLIP_WINDOW_S later (ours).
 */
export const SPEED_FLIP_MAX_IMPULSE_RAD = Math.PI / 3;
export const SPEED_FLIP_CANCEL_S = 0.15;
export const SPEED_FLIP_MIN_ROLL = 4;
export const SPEED_FLIP_MAX_PITCH = 1.5;
export const SPEED_FLIP_WINDOW_S = 0.5;
export const SPEED_FLIP_MIN_SPEED = 1200;

/** Wavedash: the car lands this soon after the dodge starts (spec window, widened to 30 Hz frames). */
export const WAVEDASH_MIN_LANDING_S = 0.0;
export const WAVEDASH_MAX_LANDING_S = 0.2;
/** Wavedash: the dodge starts this close to the ground (ours). */
export const WAVEDASH_MAX_START_Z = 120;
/** Wavedash: horizontal speed gain from dodge start to just after landing (spec). */
export const WAVEDASH_MIN_GAIN = 100;

/** Aerial: above this height, airborne at least this long after a jump; one per this spacing (spec). */
export const AERIAL_MIN_Z = 200;
export const AERIAL_MIN_AIRTIME_S = 0.5;
export const AERIAL_MIN_SPACING_S = 1;

/** Aerial touch: car and ball both above this height (spec §B.1 AERIAL context: 300). */
export const AERIAL_TOUCH_Z = 300;
/** Air dribble: consecutive aerial touches by one player, at most this far apart, without landing. */
export const AIR_DRIBBLE_MAX_GAP_S = 1.5;

/** Ceiling shot: a touch before landing, within this long of leaving the ceiling (ours). */
export const CEILING_SHOT_WINDOW_S = 3;

/** Double tap: second aerial touch within this long of the first, after a backboard bounce (spec). */
export const DOUBLE_TAP_WINDOW_S = 3;
/** Backboard: the ball above this height near the back wall. */
export const BACKBOARD_MIN_Z = 500;

/** Flick: a dodge while the ball sits on the car (spec dribble box), ball speed +500 within 0.3 s. */
export const DRIBBLE_MAX_XY = 150;
export const DRIBBLE_MIN_DZ = 80;
export const DRIBBLE_MAX_DZ = 200;
export const FLICK_SPEED_GAIN = 500;
export const FLICK_WINDOW_S = 0.3;

/** Flip reset: a refreshed dodge (DodgesRefreshedCounter) counts when a dodge follows within (spec). */
export const FLIP_RESET_USE_WINDOW_S = 2;

/** Shot / save counter increments are matched to the player's latest touch at most this long before. */
export const STAT_TOUCH_MAX_LAG_S = 2;
/** Assist counter increments are matched to a goal within this many seconds. */
export const ASSIST_MATCH_S = 2;
