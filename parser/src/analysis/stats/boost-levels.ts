/**
 * The two boost-level series ballchasing integrates (found by fitting the with-stats replays; see
 * test/analysis/known-disagreements.md):
 *
 * - Band series (`time_boost_*`, their percentages, and the `bpm` time base): each frame carries
 *   the amount of the player's *next* replicated boost update, i.e. the level an interval ends at.
 *   Updates that only resend the previous value (keyframes re-announcing the component) do not
 *   count. A frame with no later update in the same car life and the same play segment (segments
 *   end when a goal's aftermath ends) has no band value and is left out of the band times. This
 *   reproduces the per-player band total exactly on all 16 players. Before a car's first
 *   replicated amount the level is unknown and no band is credited.
 * - Usage (`bpm`): every drop of the replicated amount between consecutive frames, except the
 *   kickoff reset after a goal (the tank is refilled to 33.3, which is not boost used).
 */

import type { FrameState, MatchModel, Phase } from '../model.js';

/** A play segment ends when a goal's aftermath ends (the kickoff reset follows). */
const segmentEnds = (prev: Phase, next: Phase): boolean => prev === 'postGoal' && next !== 'postGoal';

/**
 * Per frame, the player's band level (raw 0–255): the next genuine replicated amount within the
 * same car life and play segment, null when there is none.
 */
export function bandLevels(model: MatchModel, player: number): Array<number | null> {
  const frames = model.frames;
  const genuine = new Array<boolean>(frames.length).fill(false);
  let last: number | null = null;
  for (let i = 0; i < frames.length; i++) {
    const c = (frames[i] as FrameState).cars[player];
    if (!c) {
      last = null;
      continue;
    }
    if (c.boostFresh) {
      if (c.boostReplicated !== last) genuine[i] = true;
      last = c.boostReplicated;
    }
  }
  const out = new Array<number | null>(frames.length).fill(null);
  let next: number | null = null;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i] as FrameState;
    const c = f.cars[player];
    if (!c) {
      next = null;
      continue;
    }
    if (genuine[i]) next = c.boostReplicated;
    out[i] = next;
    const prev = frames[i - 1];
    if (prev && segmentEnds(prev.phase, f.phase)) next = null;
  }
  // Unknown stays unknown: before a car's first replicated amount there is no level at all.
  let known = false;
  for (let i = 0; i < frames.length; i++) {
    const c = (frames[i] as FrameState).cars[player];
    if (!c) known = false;
    else if (c.boostReplicated !== null) known = true;
    if (!known) out[i] = null;
  }
  return out;
}

/**
 * Raw boost used per frame by the player: the drop of the replicated amount since the previous
 * frame (0 when it did not drop, the car is new, before kickoff, or at the post-goal reset).
 */
export function usedPerFrame(model: MatchModel, player: number): number[] {
  const frames = model.frames;
  const out = new Array<number>(frames.length).fill(0);
  let prev: number | null = null;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i] as FrameState;
    const before = frames[i - 1];
    const reset = before !== undefined && segmentEnds(before.phase, f.phase);
    const c = f.cars[player];
    if (!c) {
      prev = null;
      continue;
    }
    const now = c.boostReplicated;
    if (now !== null && prev !== null && now < prev && f.phase !== 'pre' && !reset) out[i] = prev - now;
    prev = now;
  }
  return out;
}
