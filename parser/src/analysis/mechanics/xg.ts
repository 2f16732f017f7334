import type { TeamIndex, Vec3 } from '../model.js';
import { XG_FIT } from './xg-fit.generated.js';
import { hypot3 } from '../hypot.js';

/** Goal line |y| of standard soccar and the goal mouth's centre height. */
const GOAL_Y = 5120;
const GOAL_CENTRE_Z = 321;

/**
 * The fitted shot model, generated from the corpus by parser/bench/xg-fit.bench.mjs --write:
 * logistic regression of "the shot was scored" on [1, distance/1000, angle, speed/1000].
 */
export interface XgFitTable {
  features: string[];
  coefficients: number[];
  /** Coefficients refitted on replays drawn with replacement: the fit's own uncertainty. */
  bootstrap: number[][];
  /** A team size needs this many corpus shots and goals before a number is shown for it. */
  min_shots: number;
  min_goals: number;
  modes: Record<string, { shots: number; goals: number; held_out_log_loss: number | null }>;
  provenance: {
    fitted_on: string;
    replays: number;
    shots: number;
    goals: number;
    folds: number;
    held_out_log_loss: number;
    base_rate_log_loss: number;
    bootstraps: number;
  };
}

/** Where a shot was taken from: the measured inputs of the xG model. */
export interface XgFactors {
  /** Distance from the ball to the centre of the goal being attacked (uu). */
  distance: number;
  /** Angle between the goal's centre line and the ball (radians; 0 = straight in front). */
  angle: number;
  /** Ball speed just after the shot touch (uu/s). */
  speed: number;
  /** The fitted model's P(goal) for these inputs. */
  xg: number;
  /** 90 % interval of xg over the bootstrap refits. */
  low: number;
  high: number;
}

/** An xG figure with its 90 % interval over the fit's bootstrap refits. */
export interface XgInterval {
  value: number;
  low: number;
  high: number;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const featuresOf = (f: { distance: number; angle: number; speed: number }): number[] => [
  1,
  f.distance / 1000,
  f.angle,
  f.speed / 1000,
];
const predict = (w: readonly number[], x: readonly number[]): number =>
  sigmoid(x.reduce((s, xi, i) => s + xi * (w[i] ?? 0), 0));

/** The 5th and 95th percentiles of a sample. */
function interval(sample: number[]): { low: number; high: number } {
  const v = [...sample].sort((a, b) => a - b);
  return { low: v[Math.floor(0.05 * v.length)] ?? 0, high: v[Math.floor(0.95 * v.length)] ?? 0 };
}

/**
 * Summed xG of several shots with its interval: each bootstrap refit predicts all the shots and
 * is summed, so shots share the fit's error (a player's shots are not independent draws of it).
 * The interval is the model's uncertainty, not the luck of which shots went in.
 */
export function summedXg(shots: readonly { distance: number; angle: number; speed: number }[]): XgInterval {
  const rows = shots.map(featuresOf);
  const sum = (w: readonly number[]): number => rows.reduce((s, x) => s + predict(w, x), 0);
  return { value: sum(XG_FIT.coefficients), ...interval(XG_FIT.bootstrap.map(sum)) };
}

/** The fitted model's xG for a shot touch at `ball` with the ball leaving at `speed` (uu/s). */
export function expectedGoals(ball: Vec3, speed: number, attacking: TeamIndex): XgFactors {
  const goalY = attacking === 0 ? GOAL_Y : -GOAL_Y;
  const dx = ball.x;
  const dy = goalY - ball.y;
  const distance = hypot3(dx, dy, ball.z - GOAL_CENTRE_Z);
  const angle = Math.atan2(Math.abs(dx), Math.abs(dy));
  const one = summedXg([{ distance, angle, speed }]);
  return { distance, angle, speed, xg: one.value, low: one.low, high: one.high };
}

/**
 * Why this match gets no xG number, or null when it does: the model was fitted on shots of
 * standard soccar arenas only (the bench's filter: the arena has the standard boost-pad table), and a team size with fewer corpus shots or goals than the table's minimum
 * has no evidence that the pooled fit holds for it.
 */
export function xgUnavailableReason(standardArena: boolean, teamSize: number | null): string | null {
  if (!standardArena)
    return 'xG is fitted on standard soccar shots only; this arena or game mode (hoops, dropshot, a non-standard map) has no model.';
  if (teamSize === null) return 'The replay does not say its team size, so no xG model applies to it.';
  const mode = XG_FIT.modes[String(teamSize)] ?? { shots: 0, goals: 0 };
  if (mode.shots < XG_FIT.min_shots || mode.goals < XG_FIT.min_goals)
    return `Not enough ${teamSize}v${teamSize} shots to trust an xG model: the corpus has ${mode.shots} shots and ${mode.goals} goals in this mode (needs ${XG_FIT.min_shots} and ${XG_FIT.min_goals}).`;
  return null;
}

/** One line describing the model and where its numbers come from, carried in every report. */
export function xgModelDescription(): string {
  const p = XG_FIT.provenance;
  const [b0 = 0, bd = 0, ba = 0, bs = 0] = XG_FIT.coefficients;
  const term = (c: number, name: string): string => ` ${c < 0 ? '−' : '+'} ${Math.abs(c).toFixed(2)}·${name}`;
  return (
    `rlcoach xG model v2 (fitted ${p.fitted_on}): logistic P(goal) = σ(${b0.toFixed(2)}${term(bd, 'distance/1000 uu')}${term(ba, 'angle (rad)')}${term(bs, 'ball speed/1000 uu/s')}), ` +
    `fitted on ${p.shots} shots (${p.goals} goals) of ${p.replays} standard soccar replays; held-out log loss ${p.held_out_log_loss.toFixed(3)} ` +
    `(base rate ${p.base_rate_log_loss.toFixed(3)}, ${p.folds} folds by replay). Ranges are 90 % intervals over ${p.bootstraps} refits on resampled replays; defenders are not modelled.`
  );
}
