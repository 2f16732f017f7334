import type { Quaternion, Vector3i } from './io/bits.js';
import type { RigidBody } from './network/attributes/types.js';

/**
 * Semantic layer: raw wire integers -> game units (replay-format.md §12).
 *
 * | quantity          | net < 5 (incl. none) | net >= 5      |
 * | location          | raw = uu             | raw = uu×100  |
 * | linear velocity   | raw = uu/s × 10      | raw = uu/s×100|
 * | angular velocity  | raw = rad/s × 1000   | rad/s × 10000 |
 * Spawn locations are uu in every version.
 */
export interface RigidBodyUnits {
  sleeping: boolean;
  /** Unreal units (uu). */
  location: Vector3i;
  /** Unit quaternion (x, y, z, w); for net < 7 compressed pitch/yaw/roll in x, y, z with w = 0. */
  rotation: Quaternion;
  /** uu/s, null while sleeping. */
  linearVelocity: Vector3i | null;
  /** rad/s, null while sleeping. */
  angularVelocity: Vector3i | null;
}

export interface Scale {
  location: number;
  linearVelocity: number;
  angularVelocity: number;
}

export function rigidBodyScale(netVersion: number | null): Scale {
  return (netVersion ?? 0) >= 5
    ? { location: 100, linearVelocity: 100, angularVelocity: 10000 }
    : { location: 1, linearVelocity: 10, angularVelocity: 1000 };
}

const div = (v: Vector3i, d: number): Vector3i => ({ x: v.x / d, y: v.y / d, z: v.z / d });

export function rigidBodyInUnits(rb: RigidBody, netVersion: number | null): RigidBodyUnits {
  const s = rigidBodyScale(netVersion);
  return {
    sleeping: rb.sleeping,
    location: div(rb.location, s.location),
    rotation: rb.rotation,
    linearVelocity: rb.linearVelocity && div(rb.linearVelocity, s.linearVelocity),
    angularVelocity: rb.angularVelocity && div(rb.angularVelocity, s.angularVelocity),
  };
}

/** Compressed rotator byte -> degrees. */
export function rotatorDegrees(byte: number): number {
  return (byte * 360) / 256;
}
