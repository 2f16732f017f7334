/** The sampled frames: one FrameState per decoded frame, and the time each one stands for. */
import type { Frame } from '../../network/visitor.js';
import type { FrameState } from '../model.js';
import { sampleBall } from './ball.js';
import { sampleCars } from './cars.js';
import { phaseNow } from './game-state.js';
import type { ModelBuild } from './state.js';

/** After a frame's updates: the state of the match in it (dt is set after the walk). */
export function sampleFrame(b: ModelBuild, frame: Frame): FrameState {
  const cars = sampleCars(b, frame);
  return {
    time: frame.time,
    dt: 0,
    phase: phaseNow(b),
    lastTouchTeam: b.game.lastTouchTeam,
    ball: sampleBall(b),
    cars,
  };
}

/**
 * After the walk: each sample stands for the next frame's replicated delta, which skips the cut
 * where a goal replay was removed (as ballchasing counts time).
 */
export function assignFrameDurations(frames: FrameState[], decoded: readonly Frame[]): void {
  for (let i = 0; i + 1 < frames.length; i++) {
    const next = decoded[i + 1];
    const f = frames[i];
    if (f && next) f.dt = Math.max(0, next.delta);
  }
}
