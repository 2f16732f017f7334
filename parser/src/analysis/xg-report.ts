import type { MatchModel } from './model.js';
import type { ShotEvent } from './mechanics/shots.js';
import { summedXg, xgUnavailableReason } from './mechanics/xg.js';

/** A shot's, player's or team's xG with its 90 % interval; all null when the match has no model. */
export interface XgFigure {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface MatchXg {
  /** Why this match shows no xG numbers (mode not fitted, too few shots of its size); else null. */
  unavailable: string | null;
  shot: (shot: ShotEvent) => XgFigure;
  /** Summed xG of the shots whose shooter satisfies `pred`. */
  total: (shots: readonly ShotEvent[], pred: (player: number) => boolean) => XgFigure;
}

const NONE: XgFigure = { value: null, low: null, high: null };

/**
 * The xG figures of one match: the fitted model's numbers with their intervals, or nulls and one
 * reason when the match's mode is outside what the model was fitted and checked on.
 */
export function matchXg(model: MatchModel): MatchXg {
  // Same filter as the fit (bench/xg-fit.bench.mjs): standard soccar arenas, known by their pads.
  const unavailable = xgUnavailableReason(model.quality.boostPads === 'supported', model.info.teamSize);
  return {
    unavailable,
    shot: (s) => (unavailable || !s.xg ? NONE : { value: s.xg.xg, low: s.xg.low, high: s.xg.high }),
    total: (shots, pred) => {
      if (unavailable) return NONE;
      const sum = summedXg(shots.flatMap((s) => (s.xg && pred(s.player) ? [s.xg] : [])));
      return { value: sum.value, low: sum.low, high: sum.high };
    },
  };
}
