/** Rigid bodies of cars and the ball, scaled to game units (uu, uu/s). */
import type { RigidBody } from '../../network/attributes/types.js';
import type { Scale } from '../../units.js';
import type { ActorUpdate, Body, ModelBuild } from './state.js';

/** A replicated rigid body; false when the update is something else. */
export function updateBody(b: ModelBuild, u: ActorUpdate): boolean {
  if (u.value.kind !== 'RigidBody') return false;
  u.actor.body = toBody(u.value, b.scale);
  u.actor.bodyFrame = u.frame.index;
  return true;
}

function toBody(rb: RigidBody, scale: Scale): Body {
  return {
    position: {
      x: rb.location.x / scale.location,
      y: rb.location.y / scale.location,
      z: rb.location.z / scale.location,
    },
    velocity: rb.linearVelocity
      ? {
          x: rb.linearVelocity.x / scale.linearVelocity,
          y: rb.linearVelocity.y / scale.linearVelocity,
          z: rb.linearVelocity.z / scale.linearVelocity,
        }
      : null,
  };
}
