import type { ParsedReplay } from '../../replay.js';
import type { Quaternion, Vector3i } from '../../io/bits.js';
import { rigidBodyScale } from '../../units.js';
import { ActorClassifier, type ActorKind } from '../classify.js';
import type { MatchModel, Vec3 } from '../model.js';
import { hypot3 } from '../hypot.js';

/** Car orientation as unit vectors in world space. */
export interface Orientation {
  forward: Vec3;
  up: Vec3;
  /**
   * Angular velocity (rad/s) about the car's own axes: roll about the nose, pitch about the
   * right axis, yaw about the roof. null while the body sleeps.
   */
  spin: { roll: number; pitch: number; yaw: number } | null;
}

/** A scoreboard counter (PRI_TA:MatchShots / MatchSaves / MatchAssists / MatchGoals) going up. */
export interface StatIncrement {
  frame: number;
  time: number;
  player: number;
  stat: 'shots' | 'saves' | 'assists' | 'goals';
}

/**
 * Per-frame signals the match model does not carry, read from the decoded frames: car orientation,
 * the game's own flip-reset counter and the scoreboard counters' timing.
 */
export interface MechanicSignals {
  /** [frame][player]: the orientation last replicated for the player's car (null = unknown). */
  orientation: Array<Array<Orientation | null>>;
  /** Frames where Car_TA:DodgesRefreshedCounter rose (the game granted a flip reset). */
  flipResets: Array<{ frame: number; time: number; player: number }>;
  statIncrements: StatIncrement[];
}

const STAT_ATTRS: ReadonlyMap<string, StatIncrement['stat']> = new Map([
  ['TAGame.PRI_TA:MatchShots', 'shots'],
  ['TAGame.PRI_TA:MatchSaves', 'saves'],
  ['TAGame.PRI_TA:MatchAssists', 'assists'],
  ['TAGame.PRI_TA:MatchGoals', 'goals'],
]);

/** Rotate v by the unit quaternion q. */
function rotate(q: { x: number; y: number; z: number; w: number }, v: Vec3): Vec3 {
  // t = 2 q×v ; v' = v + w t + q×t
  const tx = 2 * (q.y * v.z - q.z * v.y);
  const ty = 2 * (q.z * v.x - q.x * v.z);
  const tz = 2 * (q.x * v.y - q.y * v.x);
  return {
    x: v.x + q.w * tx + (q.y * tz - q.z * ty),
    y: v.y + q.w * ty + (q.z * tx - q.x * tz),
    z: v.z + q.w * tz + (q.x * ty - q.y * tx),
  };
}

const dot = (a: Vec3, b: Vec3): number => a.x * b.x + a.y * b.y + a.z * b.z;

export function orientationOf(
  q: { x: number; y: number; z: number; w: number },
  omega: Vec3 | null = null,
): Orientation {
  const forward = rotate(q, { x: 1, y: 0, z: 0 });
  const up = rotate(q, { x: 0, y: 0, z: 1 });
  const right = rotate(q, { x: 0, y: 1, z: 0 });
  const spin = omega ? { roll: dot(omega, forward), pitch: dot(omega, right), yaw: dot(omega, up) } : null;
  return { forward, up, spin };
}

/**
 * A replicated car rotation (and spin) whose Orientation is computed on first read, the same way
 * orientationOf does: most frames' orientations are never read, and five small objects per car per
 * frame were a large share of the analysis' garbage.
 */
class LazyOrientation implements Orientation {
  private value: Orientation | null = null;

  constructor(
    private readonly rotation: Quaternion,
    private readonly angularVelocity: Vector3i | null,
    private readonly angularScale: number,
  ) {}

  private get resolved(): Orientation {
    if (this.value === null) {
      const w = this.angularVelocity;
      const s = this.angularScale;
      this.value = orientationOf(this.rotation, w ? { x: w.x / s, y: w.y / s, z: w.z / s } : null);
    }
    return this.value;
  }
  get forward(): Vec3 {
    return this.resolved.forward;
  }
  get up(): Vec3 {
    return this.resolved.up;
  }
  get spin(): Orientation['spin'] {
    return this.resolved.spin;
  }
}

const SAME_POSITION_UU = 0.5;

/**
 * The model links cars to players (build-model.ts); rather than re-resolve PRIs, a car actor is
 * linked to the player whose model position equals its rigid body's in the same frame. PRIs are
 * linked by player name, then by the car's PRI link.
 */
export function readMechanicSignals(parsed: ParsedReplay, model: MatchModel): MechanicSignals {
  const objects = parsed.body.objects;
  const classifier = new ActorClassifier(objects);
  const scale = rigidBodyScale(parsed.header.netVersion);
  const kinds = new Map<number, ActorKind>();
  const carPlayer = new Map<number, number>();
  const carPri = new Map<number, number>();
  const priPlayer = new Map<number, number>();
  const counters = new Map<string, number>();
  /** Actor id → frame it spawned in: a PRI's counters replicated with its spawn are a baseline. */
  const spawnFrame = new Map<number, number>();
  const refreshCount = new Map<number, number>();
  const byName = new Map(model.players.map((p, i) => [p.name, i]));
  const current: Array<Orientation | null> = model.players.map(() => null);
  const out: MechanicSignals = { orientation: [], flipResets: [], statIncrements: [] };

  parsed.frames.forEach((frame, fi) => {
    const state = model.frames[fi];
    for (const id of frame.deletedActors) {
      kinds.delete(id);
      spawnFrame.delete(id);
      const p = carPlayer.get(id);
      if (p !== undefined) current[p] = null;
      carPlayer.delete(id);
      carPri.delete(id);
      refreshCount.delete(id);
    }
    for (const n of frame.newActors) {
      if (!kinds.has(n.actorId)) spawnFrame.set(n.actorId, fi);
      kinds.set(n.actorId, classifier.kindOf(n.objectId));
    }
    for (const u of frame.updatedActors) {
      const kind = kinds.get(u.actorId);
      const attr = objects[u.objectId] ?? '';
      const v = u.value;
      if (kind === 'car') {
        if (v.kind === 'RigidBody') {
          let player = carPlayer.get(u.actorId);
          if (player === undefined && state) {
            const pos = {
              x: v.location.x / scale.location,
              y: v.location.y / scale.location,
              z: v.location.z / scale.location,
            };
            const idx = state.cars.findIndex(
              (c) =>
                c !== null &&
                c.fresh &&
                hypot3(c.position.x - pos.x, c.position.y - pos.y, c.position.z - pos.z) < SAME_POSITION_UU,
            );
            if (idx >= 0) {
              player = idx;
              carPlayer.set(u.actorId, idx);
            }
          }
          // Worked out only where a detector asks (a few frames around each dodge and aerial).
          if (player !== undefined)
            current[player] = new LazyOrientation(v.rotation, v.angularVelocity, scale.angularVelocity);
        } else if (attr === 'Engine.Pawn:PlayerReplicationInfo' && v.kind === 'ActiveActor' && v.actor >= 0) {
          carPri.set(u.actorId, v.actor);
        } else if (attr === 'TAGame.Car_TA:DodgesRefreshedCounter' && v.kind === 'Int') {
          const before = refreshCount.get(u.actorId);
          refreshCount.set(u.actorId, v.value);
          const player = carPlayer.get(u.actorId);
          if (before !== undefined && v.value > before && player !== undefined && state?.phase === 'live')
            out.flipResets.push({ frame: fi, time: frame.time, player });
        }
      } else if (kind === 'pri') {
        if (attr === 'Engine.PlayerReplicationInfo:PlayerName' && v.kind === 'String') {
          const p = byName.get(v.value);
          if (p !== undefined) priPlayer.set(u.actorId, p);
        }
        const stat = STAT_ATTRS.get(attr);
        if (stat && v.kind === 'Int') {
          const key = `${u.actorId}:${stat}`;
          // A PRI spawning with a non-zero total (a rejoin, a recording started mid-match) brings
          // earlier shots/saves with it: a baseline, not events at this time.
          const before = counters.get(key) ?? (spawnFrame.get(u.actorId) === fi ? v.value : 0);
          counters.set(key, v.value);
          let player = priPlayer.get(u.actorId);
          if (player === undefined)
            for (const [car, pri] of carPri) if (pri === u.actorId) player = carPlayer.get(car) ?? player;
          if (player !== undefined)
            for (let k = before; k < v.value; k++)
              out.statIncrements.push({ frame: fi, time: frame.time, player, stat });
        }
      }
    }
    out.orientation.push(current.slice());
  });
  return out;
}
