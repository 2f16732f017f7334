/** The ball: which team touched it last, and its state in each sampled frame. */
import type { BallState } from '../model.js';
import type { ActorUpdate, ModelBuild } from './state.js';

/** Ball_TA:HitTeamNum; false when the update is something else. */
export function updateBallTouch(b: ModelBuild, u: ActorUpdate): boolean {
  const v = u.value;
  if (u.attr !== 'TAGame.Ball_TA:HitTeamNum' || v.kind !== 'Byte') return false;
  b.game.lastTouchTeam = v.value === 0 ? 0 : v.value === 1 ? 1 : null;
  return true;
}

export function sampleBall(b: ModelBuild): BallState | null {
  const ball = b.actors.ball === null ? undefined : b.actors.byId.get(b.actors.ball);
  return ball?.body ? { position: ball.body.position, velocity: ball.body.velocity } : null;
}
