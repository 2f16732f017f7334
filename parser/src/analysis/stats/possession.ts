import type { MatchClock } from '../match-clock.js';
import type { MatchModel } from '../model.js';

/**
 * Team possession on the match clock: each frame the clock runs in is booked to the team that
 * touched the ball last (MatchClock.toucher), so the two teams add up to the match length.
 */
export function possessionOnClock(model: MatchModel, clock: MatchClock): [number, number] {
  const out: [number, number] = [0, 0];
  model.frames.forEach((f, i) => {
    const team = clock.toucher[i] ?? null;
    if (clock.running[i] && team !== null) out[team] += f.dt;
  });
  return out;
}
