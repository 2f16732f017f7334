import type { Quaternion } from '../io/bits.js';
import type { ActorLookup, Frame, FrameVisitor } from '../network/visitor.js';
import type { RigidBody } from '../network/attributes/types.js';
import { rigidBodyScale } from '../units.js';
import { ActorClassifier, type ActorKind } from '../analysis/classify.js';
import { BOOST_DRAIN_RAW_PER_S, RAW_BOOST_MAX } from '../analysis/constants.js';
import { identityFromRemoteId, playerKey } from '../analysis/identity.js';
import {
  CHANNELS,
  POSITION_QUANTUM_UU,
  TRACK_VERSION,
  YAW_STEPS,
  type Channel,
  type EntityColumns,
  type TeamIndex,
  type TrackData,
  type TrackEntity,
} from './format.js';

export const DEFAULT_TRACK_HZ = 15;

interface Pose {
  x: number;
  y: number;
  z: number;
  yaw: number;
}

interface LiveActor {
  kind: ActorKind;
  objectId: number;
  /** Spawn location (yaw 0), until the first rigid body. */
  pose: Pose | null;
  /** The last replicated rigid body (wire units): quantised only when a sample reads it. */
  rb: RigidBody | null;
  /** car: its PRI; component: its car. */
  link: number | null;
  /** boost component state. */
  active: boolean;
  boostRaw: number | null;
}

interface Pri {
  name: string | null;
  remoteKey: string | null;
  teamActor: number | null;
}

/** Growable Int16 column. */
class Column {
  data = new Int16Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int16Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** The channels an absent entity repeats from its previous sample. */
const REPEATED_CHANNELS = ['x', 'y', 'z', 'yaw', 'boost'] as const;

const clamp16 = (v: number): number => Math.max(-32768, Math.min(32767, Math.round(v)));

/** Yaw (radians) of a rigid-body rotation: quaternion from net 7, compressed rotator before. */
export function yawOf(q: Quaternion): number {
  // Each component read once: a wire quaternion expands its components on every read.
  const { x, y, z, w } = q;
  if (w === 0 && Math.abs(x) <= 1 && Math.abs(y) <= 1 && Math.abs(z) <= 1 && x * x + y * y + z * z < 0.999) {
    // Pre-quaternion: y holds yaw as a fraction of half a turn.
    return y * Math.PI;
  }
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/**
 * Streaming visitor that samples the ball and every player's car on a fixed clock. Memory is the
 * quantised output only (a few bytes per entity per sample); frames are not retained.
 */
export class TrackSampler implements FrameVisitor {
  private classifier: ActorClassifier | null = null;
  private readonly actors = new Map<number, LiveActor>();
  private readonly pris = new Map<number, Pri>();
  private readonly teamOfActor = new Map<number, TeamIndex>();
  /** car actor → boost component actor. */
  private readonly boostOfCar = new Map<number, number>();
  private readonly scale: number;
  private readonly entities: TrackEntity[] = [{ kind: 'ball', key: null, name: null, team: null }];
  private readonly columns: Array<Record<Channel, Column>> = [];
  private readonly entityByKey = new Map<string, number>();
  private ballActor: number | null = null;
  private startTime: number | null = null;
  private sampleCount = 0;
  private prevTime: number | null = null;

  constructor(
    netVersion: number | null,
    private readonly hz = DEFAULT_TRACK_HZ,
  ) {
    this.scale = rigidBodyScale(netVersion).location;
    this.columns.push(this.newColumns());
  }

  private newColumns(): Record<Channel, Column> {
    const c = {} as Record<Channel, Column>;
    for (const ch of CHANNELS) {
      c[ch] = new Column();
      for (let i = 0; i < this.sampleCount; i++) c[ch].push(0);
    }
    return c;
  }

  onFrame(frame: Frame, lookup: ActorLookup): void {
    this.classifier ??= new ActorClassifier(lookup.objects);
    const dt = this.prevTime === null ? 0 : Math.max(0, frame.time - this.prevTime);
    this.prevTime = frame.time;
    // Boost is replicated when it starts/stops or jumps: drain active tanks in between.
    for (const id of this.boostOfCar.values()) {
      const a = this.actors.get(id);
      if (a?.active && a.boostRaw !== null) a.boostRaw = Math.max(0, a.boostRaw - BOOST_DRAIN_RAW_PER_S * dt);
    }
    this.apply(frame, lookup.objects);
    this.startTime ??= frame.time;
    while (this.startTime + this.sampleCount / this.hz <= frame.time) this.sample();
  }

  private apply(frame: Frame, objects: readonly string[]): void {
    for (const id of frame.deletedActors) {
      this.actors.delete(id);
      this.pris.delete(id);
      this.boostOfCar.delete(id);
      if (id === this.ballActor) this.ballActor = null;
    }
    for (const n of frame.newActors) {
      const kind = this.classifier!.kindOf(n.objectId);
      const prev = this.actors.get(n.actorId);
      if (prev && prev.objectId === n.objectId) continue; // keyframe re-announcement
      const pose = n.location ? { x: n.location.x, y: n.location.y, z: n.location.z, yaw: 0 } : null;
      this.actors.set(n.actorId, {
        kind,
        objectId: n.objectId,
        pose,
        rb: null,
        link: null,
        active: false,
        boostRaw: null,
      });
      if (kind === 'pri') this.pris.set(n.actorId, { name: null, remoteKey: null, teamActor: null });
      if (kind === 'ball') this.ballActor = n.actorId;
      if (kind === 'team') {
        const m = /Team([01])$/.exec(objects[n.objectId] ?? '');
        if (m) this.teamOfActor.set(n.actorId, m[1] === '1' ? 1 : 0);
      }
    }
    for (const u of frame.updatedActors) {
      const a = this.actors.get(u.actorId);
      if (!a) continue;
      const v = u.value;
      const attr = objects[u.objectId] ?? '';
      if (a.kind === 'car' || a.kind === 'ball') {
        if (v.kind === 'RigidBody') a.rb = v;
        else if (attr === 'Engine.Pawn:PlayerReplicationInfo' && v.kind === 'ActiveActor' && v.actor >= 0)
          a.link = v.actor;
      } else if (a.kind === 'boost') {
        if (attr === 'TAGame.CarComponent_TA:Vehicle' && v.kind === 'ActiveActor') {
          a.link = v.actor >= 0 ? v.actor : null;
          if (a.link !== null) this.boostOfCar.set(a.link, u.actorId);
        } else if (attr === 'TAGame.CarComponent_TA:ReplicatedActive' && v.kind === 'Byte')
          a.active = v.value % 2 === 1;
        else if (v.kind === 'ReplicatedBoost') a.boostRaw = v.boostAmount;
        else if (attr === 'TAGame.CarComponent_Boost_TA:ReplicatedBoostAmount' && v.kind === 'Byte')
          a.boostRaw = v.value;
      } else if (a.kind === 'pri') {
        const pri = this.pris.get(u.actorId);
        if (!pri) continue;
        if (attr === 'Engine.PlayerReplicationInfo:PlayerName' && v.kind === 'String') pri.name = v.value;
        else if (v.kind === 'UniqueId') {
          const id = identityFromRemoteId(v.remoteId);
          pri.remoteKey = id.id === null ? null : playerKey(id, '');
        } else if (attr === 'Engine.PlayerReplicationInfo:Team' && v.kind === 'ActiveActor')
          pri.teamActor = v.actor >= 0 ? v.actor : null;
      }
    }
  }

  /** Entity index for a car's player, created on first sight (null until its PRI has a name). */
  private entityOfCar(car: LiveActor): number | null {
    if (car.link === null) return null;
    const pri = this.pris.get(car.link);
    if (!pri || pri.name === null) return null;
    const key = pri.remoteKey ?? `name:${pri.name}`;
    const team = pri.teamActor === null ? null : (this.teamOfActor.get(pri.teamActor) ?? null);
    let idx = this.entityByKey.get(key);
    if (idx === undefined) {
      idx = this.entities.length;
      this.entities.push({ kind: 'car', key, name: pri.name, team });
      this.columns.push(this.newColumns());
      this.entityByKey.set(key, idx);
    } else if (team !== null) this.entities[idx]!.team = team;
    return idx;
  }

  /** Per entity, the actor sampled in this row (null: absent). */
  private readonly rowPoses: Array<LiveActor | null> = [];

  /** The actor's pose in uu: its last rigid body, else its spawn location. */
  private poseOf(a: LiveActor): Pose {
    const rb = a.rb;
    if (!rb) return a.pose!;
    const s = this.scale;
    return { x: rb.location.x / s, y: rb.location.y / s, z: rb.location.z / s, yaw: yawOf(rb.rotation) };
  }
  private readonly rowBoosts: number[] = [];
  private readonly sampleCar = (a: LiveActor, id: number): void => {
    if (a.kind !== 'car' || !(a.rb || a.pose)) return;
    const idx = this.entityOfCar(a);
    if (idx === null) return;
    const comp = this.boostOfCar.get(id);
    const raw = comp === undefined ? null : (this.actors.get(comp)?.boostRaw ?? null);
    this.rowPoses[idx] = a;
    this.rowBoosts[idx] = raw === null ? 0 : Math.round((raw * 100) / RAW_BOOST_MAX);
  };

  private sample(): void {
    // Reused between samples (one sample per entity at 15 Hz over the whole match adds up).
    const poses = this.rowPoses;
    const boosts = this.rowBoosts;
    poses.length = 0;
    for (let e = 0; e < this.entities.length; e++) poses.push(null);
    const ball = this.ballActor === null ? undefined : this.actors.get(this.ballActor);
    if (ball && (ball.rb || ball.pose)) {
      poses[0] = ball;
      boosts[0] = 0;
    }
    // forEach, not for…of entries: no [id, actor] pair per actor (pads and crowd are many).
    this.actors.forEach(this.sampleCar);
    for (let e = 0; e < this.columns.length; e++) {
      const c = this.columns[e]!;
      const actor = poses[e];
      if (!actor) {
        // Absent (demolished, not spawned): repeat the last values so deltas stay zero.
        c.present.push(0);
        for (const ch of REPEATED_CHANNELS) c[ch].push(c[ch].length ? c[ch].data[c[ch].length - 1]! : 0);
        continue;
      }
      const pose = this.poseOf(actor);
      c.present.push(1);
      c.x.push(clamp16(pose.x / POSITION_QUANTUM_UU));
      c.y.push(clamp16(pose.y / POSITION_QUANTUM_UU));
      c.z.push(clamp16(pose.z / POSITION_QUANTUM_UU));
      const turn = (((pose.yaw / (2 * Math.PI)) % 1) + 1) % 1;
      c.yaw.push(Math.round(turn * YAW_STEPS) % YAW_STEPS);
      c.boost.push(boosts[e]!);
    }
    this.sampleCount++;
  }

  /** Samples taken so far. */
  get samplesTaken(): number {
    return this.sampleCount;
  }

  /** The quantised track so far (call after parsing). */
  result(): TrackData {
    const columns: EntityColumns[] = this.columns.map((c) => {
      const out = {} as EntityColumns;
      for (const ch of CHANNELS) out[ch] = c[ch].data.slice(0, c[ch].length);
      return out;
    });
    return {
      meta: {
        version: TRACK_VERSION,
        hz: this.hz,
        startTime: this.startTime ?? 0,
        sampleCount: this.sampleCount,
        entities: this.entities.map((e) => ({ ...e })),
      },
      columns,
    };
  }
}
