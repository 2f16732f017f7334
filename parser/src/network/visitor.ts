import type { ReplayErrorCode } from '../errors.js';
import type { Rotation, Vector3i } from '../io/bits.js';
import type { AttributeValue } from './attributes/types.js';

export interface NewActor {
  actorId: number;
  /** Index into `body.names`; null before 868.14 and on 868.14–868.19 LAN replays. */
  nameId: number | null;
  /** Index into `body.objects`. */
  objectId: number;
  /** Spawn location: integer uu, unscaled in every version. */
  location: Vector3i | null;
  rotation: Rotation | null;
}

export interface UpdatedAttribute {
  actorId: number;
  streamId: number;
  /** Object id of the attribute name (e.g. 'TAGame.RBActor_TA:ReplicatedRBState'). */
  objectId: number;
  value: AttributeValue;
}

export interface Frame {
  /** Frame index in the stream (frames skipped by a re-sync leave gaps). */
  index: number;
  /** Seconds since recording start (f32). */
  time: number;
  /** Seconds since the previous frame (f32). */
  delta: number;
  newActors: NewActor[];
  deletedActors: number[];
  updatedActors: UpdatedAttribute[];
}

/** Read access to the live actor map while streaming. */
export interface ActorLookup {
  readonly objects: readonly string[];
  /** Object id the actor was spawned as, or undefined when unknown. */
  objectIdOf(actorId: number): number | undefined;
}

/** Streaming consumer: called once per decoded frame, in order. The frame is not retained. */
export interface FrameVisitor {
  onFrame(frame: Frame, actors: ActorLookup): void;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: ReplayErrorCode;
  message: string;
  frame: number | null;
  /** Bit offset in the network stream. */
  bitOffset: number | null;
  actorId: number | null;
  objectName: string | null;
  streamId: number | null;
  attributeName: string | null;
  /** Frame index where decoding resumed after this error (keyframe re-sync), or null. */
  resumedAtFrame: number | null;
}

export interface NetworkSummary {
  /** complete: every frame decoded; partial: an error cut frames out; skipped: not decoded. */
  status: 'complete' | 'partial' | 'skipped';
  framesDecoded: number;
  /** Header NumFrames (0 when absent). */
  framesTotal: number;
  /** framesDecoded / framesTotal (1 when there are no frames). */
  recoveredFraction: number;
  diagnostics: Diagnostic[];
  /**
   * Net-cache attribute names with no known wire type (replay-format.md §15.3.2). Most are RPCs
   * that never appear in the stream; one that is replicated stops decoding (UNKNOWN_ATTRIBUTE).
   */
  unknownAttributeNames: string[];
}
