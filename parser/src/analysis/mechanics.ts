import type { MatchModel } from './model.js';
import type { TouchEvent } from './events.js';
import { detectMechanics, type MechanicEvent } from './mechanics/detect.js';
import { detectShotsAndSaves, type ShotsAndSaves } from './mechanics/shots.js';
import { readMechanicSignals, type MechanicSignals } from './mechanics/signals.js';
import { summarizeMechanics, type MechanicsSummary } from './mechanics/summary.js';

export type { MechanicEvent, MechanicKind, FlipDirection } from './mechanics/detect.js';
export type { MechanicSignals } from './mechanics/signals.js';
export type { MechanicsSummary } from './mechanics/summary.js';
export type { ShotEvent, SaveEvent, GoalAssist, ShotsAndSaves } from './mechanics/shots.js';
export { expectedGoals, type XgFactors } from './mechanics/xg.js';
export { readMechanicSignals };

/** Per-player mechanic counts from the car component actors (authoritative, stats-reference §B.2). */
export interface MechanicsCounts {
  /** Jump component activations (a dodge starts with a jump, so flips count here too). */
  jumps: number;
  double_jumps: number;
  /** Dodge (flip) component activations. */
  dodges: number;
}

/**
 * Count rising edges of the Jump / DoubleJump / Dodge components' ReplicatedActive flag while the
 * car is in play. A component re-spawned at a keyframe keeps its state, so it is not recounted.
 */
export function countMechanics(model: MatchModel): MechanicsCounts[] {
  const out = model.players.map(() => ({ jumps: 0, double_jumps: 0, dodges: 0 }));
  const prev = model.players.map(() => ({ jumping: false, doubleJumping: false, dodging: false }));
  for (const f of model.frames) {
    const inPlay = f.phase === 'kickoff' || f.phase === 'live';
    for (let p = 0; p < out.length; p++) {
      const before = prev[p] as (typeof prev)[number];
      const counts = out[p] as MechanicsCounts;
      const c = f.cars[p];
      if (!c) {
        before.jumping = before.doubleJumping = before.dodging = false;
        continue;
      }
      if (inPlay) {
        if (c.jumping && !before.jumping) counts.jumps++;
        if (c.doubleJumping && !before.doubleJumping) counts.double_jumps++;
        if (c.dodging && !before.dodging) counts.dodges++;
      }
      before.jumping = c.jumping;
      before.doubleJumping = c.doubleJumping;
      before.dodging = c.dodging;
    }
  }
  return out;
}

/** Signals for a model with no decoded frames behind it (hand-built models): nothing extra known. */
export function emptySignals(model: MatchModel): MechanicSignals {
  return {
    orientation: model.frames.map(() => model.players.map(() => null)),
    flipResets: [],
    statIncrements: [],
  };
}

export interface MechanicsAnalysis {
  /** Every mechanic, sorted by time. */
  events: MechanicEvent[];
  /** Indexed like MatchModel.players. */
  summary: MechanicsSummary[];
  shotsAndSaves: ShotsAndSaves;
}

/** Timestamped mechanics, shots, saves and assists for a model (signals: readMechanicSignals). */
export function analyzeMechanics(
  model: MatchModel,
  signals: MechanicSignals,
  touches: TouchEvent[],
): MechanicsAnalysis {
  const events = detectMechanics(model, signals, touches);
  return {
    events,
    summary: summarizeMechanics(events, model.players.length),
    shotsAndSaves: detectShotsAndSaves(model, signals, touches),
  };
}
