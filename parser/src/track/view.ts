import { POSITION_QUANTUM_UU, YAW_STEPS, type TrackData } from './format.js';

export interface EntityPose {
  entity: number;
  x: number;
  y: number;
  z: number;
  /** Radians. */
  yaw: number;
  /** 0–100 (cars only). */
  boost: number;
}

/** Replay time span covered by the track (s). */
export function trackSpan(track: TrackData): { start: number; end: number } {
  const { startTime, sampleCount, hz } = track.meta;
  return { start: startTime, end: startTime + Math.max(0, sampleCount - 1) / hz };
}

/** Shortest signed difference between two angles. */
function angleLerp(a: number, b: number, f: number): number {
  let d = b - a;
  while (d > Math.PI) d -= 2 * Math.PI;
  while (d < -Math.PI) d += 2 * Math.PI;
  return a + d * f;
}

/**
 * Poses of every entity present at replay time `t`, linearly interpolated between the two nearest
 * samples (no interpolation across a gap in presence, e.g. a demolition or respawn).
 */
export function posesAt(track: TrackData, t: number): EntityPose[] {
  const { startTime, sampleCount, hz } = track.meta;
  if (sampleCount === 0) return [];
  const pos = Math.max(0, Math.min(sampleCount - 1, (t - startTime) * hz));
  const i = Math.floor(pos);
  const j = Math.min(sampleCount - 1, i + 1);
  const f = pos - i;
  const out: EntityPose[] = [];
  track.columns.forEach((c, entity) => {
    if (!c.present[i]) return;
    const k = c.present[j] ? j : i;
    const lerp = (a: number, b: number): number => a + (b - a) * f;
    const yawI = (c.yaw[i]! / YAW_STEPS) * 2 * Math.PI;
    const yawK = (c.yaw[k]! / YAW_STEPS) * 2 * Math.PI;
    out.push({
      entity,
      x: lerp(c.x[i]!, c.x[k]!) * POSITION_QUANTUM_UU,
      y: lerp(c.y[i]!, c.y[k]!) * POSITION_QUANTUM_UU,
      z: lerp(c.z[i]!, c.z[k]!) * POSITION_QUANTUM_UU,
      yaw: angleLerp(yawI, yawK, f),
      boost: Math.round(lerp(c.boost[i]!, c.boost[k]!)),
    });
  });
  return out;
}
