/**
 * The two boost-level series ballchasing integrates (found by fitting the with-stats replays; see
 * test/analysis/known-disagreements.md):
 *
 * - Band series (`time_boost_*`, their percentages, and the `bpm` time base): each frame carries
 *   the amount of the player's *next* replicated boost update, i.e. the level an interval ends at.
 *   A keyframe's resend of an unchanged value is not an update (`genuineUpdates`). A frame with
 *   no later update in the same car life and the same play segment (segments end when a goal's
 *   aftermath ends) has no band value and is left out of the band times. This reproduces the
 *   per-player band total exactly on all 16 players. Before a car's first replicated amount the
 *   level is unknown and no band is credited.
 * - Empty / full tank: the same intervals, at the level they start at, booked only when the
 *   closing update changes the level (`closingLevels`, stats/accumulate.ts).
 * - Average tank (`avg_amount`): the mean of the genuine updates themselves (not time-weighted).
 * - Usage (`bpm`): every drop of the replicated amount between consecutive frames, except the
 *   kickoff reset after a goal (the tank is refilled to 33.3, which is not boost used).
 */

import type { CarState, FrameState, MatchModel, Phase } from '../model.js';

/** A play segment ends when a goal's aftermath ends (the kickoff reset follows). */
const segmentEnds = (prev: Phase, next: Phase): boolean => prev === 'postGoal' && next !== 'postGoal';

/**
 * Per frame, the value of the player's next marked frame (this frame itself when it is marked)
 * within the same car life and play segment, null when there is none: the "looking forward"
 * picture ballchasing uses, where an interval between two replications is booked at the one that
 * ends it. `mark` returns the value a frame carries, or undefined when the frame is not marked.
 */
export function fromNextMarked<T>(
  model: MatchModel,
  player: number,
  mark: (index: number, car: CarState) => T | null | undefined,
): Array<T | null> {
  const frames = model.frames;
  const out = new Array<T | null>(frames.length).fill(null);
  let next: T | null = null;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i] as FrameState;
    const c = f.cars[player];
    if (!c) {
      next = null;
      continue;
    }
    const marked = mark(i, c);
    if (marked !== undefined) next = marked;
    out[i] = next;
    const prev = frames[i - 1];
    if (prev && segmentEnds(prev.phase, f.phase)) next = null;
  }
  return out;
}

/**
 * Per frame: the player's boost amount was genuinely replicated here. Every replication counts,
 * even one that repeats the previous value (the server resends 255 when a pad is touched with a
 * full tank), except the resend that comes with a keyframe's re-announcement of the component,
 * unless it changes the value. With same-value resends ignored altogether, 6 band-time fields of
 * the with-stats replays were off by 1.8–4.4 s (Rw9 booked 2.8 s at 56 % that ballchasing books at
 * 100 %: a resend of 255 at 111.61 s splits that interval); with this rule all 64 band times and
 * 6/6 team sums match, and avg_amount and time_zero_boost stay 16/16.
 */
export function genuineUpdates(model: MatchModel, player: number): boolean[] {
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
      if (c.boostReplicated !== last || !c.boostWithAnnouncement) genuine[i] = true;
      last = c.boostReplicated;
    }
  }
  return genuine;
}

/**
 * `avg_amount`: the plain mean of the genuinely replicated amounts (raw 0–255), over every phase,
 * null when the player has none. ballchasing averages its boost samples, not time (as it does for
 * avg_speed): 16/16 with-stats players within 0.8 and 6/6 team sums, where every time-weighted
 * level (last replicated, forward band level, drain-simulated; any phase set) matched at most 9/22.
 */
export function meanReplicatedLevel(
  model: MatchModel,
  player: number,
  genuine: readonly boolean[],
): number | null {
  let sum = 0;
  let count = 0;
  model.frames.forEach((f, i) => {
    const raw = f.cars[player]?.boostReplicated;
    if (!genuine[i] || raw === null || raw === undefined) return;
    sum += raw;
    count++;
  });
  return count > 0 ? sum / count : null;
}

/**
 * Per frame, the player's band level (raw 0–255): the next genuine replicated amount within the
 * same car life and play segment, null when there is none.
 */
export function bandLevels(
  model: MatchModel,
  player: number,
  genuine: readonly boolean[],
): Array<number | null> {
  const frames = model.frames;
  const out = fromNextMarked(model, player, (i, c) => (genuine[i] ? c.boostReplicated : undefined));
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
 * Per frame, the level (raw) of the first genuine update strictly after it in the same car life
 * and play segment: the update that closes the frame's interval. null when none does. `bands` is
 * the player's `bandLevels` (null where the car is absent, so a new car life closes nothing).
 */
export function closingLevels(model: MatchModel, bands: ReadonlyArray<number | null>): Array<number | null> {
  const frames = model.frames;
  return frames.map((f, i) => {
    const next = frames[i + 1];
    return next && !segmentEnds(f.phase, next.phase) ? (bands[i + 1] ?? null) : null;
  });
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
