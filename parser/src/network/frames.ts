import type { ReplayBody } from '../body.js';
import { asReplayError, CallbackError, ReplayError } from '../errors.js';
import { BitReader, bitWidth } from '../io/bits.js';
import { AttributeDecoder, type ProductIds } from './attributes/decode.js';
import { NOT_IMPLEMENTED } from './attributes/kinds.js';
import {
  SPAWN_LOCATION,
  SPAWN_LOCATION_ROTATION,
  type AttributeTable,
  type ObjectTables,
} from './attribute-table.js';
import type { ObjectIndex } from './object-index.js';
import { thresholds, type Version } from './version.js';
import type { ActorLookup, Diagnostic, Frame, FrameVisitor, NewActor, UpdatedAttribute } from './visitor.js';

export interface FrameDecoderConfig {
  version: Version;
  numFrames: number;
  maxChannels: number;
  isLan: boolean;
  isRl223: boolean;
  keyframes: ReplayBody['keyframes'];
  objects: readonly string[];
  tables: ObjectTables;
  index: ObjectIndex;
  /** Resume at the next valid keyframe after an error (else stop). */
  resync: boolean;
  onProgress: ((fraction: number) => void) | undefined;
  visitor: FrameVisitor | undefined;
}

export interface FrameDecodeResult {
  frames: Frame[];
  framesDecoded: number;
  diagnostics: Diagnostic[];
}

const END_OF_STREAM = Symbol('end of stream');

function report(onProgress: (fraction: number) => void, fraction: number): void {
  try {
    onProgress(fraction);
  } catch (e) {
    throw new CallbackError(e);
  }
}

/**
 * The frame loop (replay-format.md §7): a dense actor array, one attribute table per actor,
 * structured diagnostics, and keyframe re-sync after a mid-stream error (§15.3).
 */
export class FrameDecoder implements ActorLookup {
  readonly objects: readonly string[];
  private readonly r: BitReader;
  private readonly attrs: AttributeDecoder;
  private readonly channelBits: number;
  private readonly hasNameId: boolean;
  private readonly actorObject: Array<number | undefined> = [];
  private readonly actorTable: Array<AttributeTable | undefined> = [];
  // Context of the element being decoded, for error reports.
  private curActor = -1;
  private curStream = -1;
  private curTable: AttributeTable | undefined;

  constructor(
    network: Uint8Array,
    private readonly cfg: FrameDecoderConfig,
  ) {
    this.objects = cfg.objects;
    this.r = new BitReader(network);
    this.channelBits = Math.max(bitWidth(cfg.maxChannels), 1) - 1;
    this.hasNameId = thresholds.hasNameId(cfg.version, cfg.isLan);
    const id = (name: string) => cfg.index.byName(name) ?? 0;
    const products: ProductIds = {
      userColor: id('TAGame.ProductAttribute_UserColor_TA'),
      painted: id('TAGame.ProductAttribute_Painted_TA'),
      titleId: id('TAGame.ProductAttribute_TitleID_TA'),
      specialEdition: id('TAGame.ProductAttribute_SpecialEdition_TA'),
      teamEdition: id('TAGame.ProductAttribute_TeamEdition_TA'),
    };
    this.attrs = new AttributeDecoder(cfg.version, cfg.isRl223, products);
  }

  objectIdOf(actorId: number): number | undefined {
    return this.actorObject[actorId];
  }

  decodeAll(): FrameDecodeResult {
    const { numFrames, visitor, onProgress } = this.cfg;
    const r = this.r;
    const frames: Frame[] = [];
    const diagnostics: Diagnostic[] = [];
    let index = 0;
    let decoded = 0;
    let lastPercent = -1;
    while (r.pos < r.end && index < numFrames) {
      const frameStart = r.pos;
      let frame: Frame | typeof END_OF_STREAM;
      try {
        frame = this.decodeFrame(index);
      } catch (e) {
        const err = this.contextualise(e, index);
        const resumeAt = this.cfg.resync ? this.nextKeyframe(index) : null;
        diagnostics.push({
          severity: 'error',
          code: err.code,
          message: err.message,
          frame: index,
          bitOffset: err.offsetUnit === 'bit' && err.offset !== undefined ? err.offset : frameStart,
          actorId: err.actorId ?? null,
          objectName: err.objectName ?? null,
          streamId: err.streamId ?? null,
          attributeName: err.attributeName ?? null,
          resumedAtFrame: resumeAt ? resumeAt.frame : null,
        });
        if (!resumeAt) break;
        r.pos = resumeAt.position;
        index = resumeAt.frame;
        continue;
      }
      if (frame === END_OF_STREAM) break;
      index++;
      decoded++;
      if (visitor) {
        try {
          visitor.onFrame(frame, this);
        } catch (e) {
          throw new CallbackError(e);
        }
      } else frames.push(frame);
      if (onProgress) {
        const percent = Math.floor((r.pos / r.end) * 100);
        if (percent > lastPercent) {
          lastPercent = percent;
          report(onProgress, Math.min(1, r.pos / r.end));
        }
      }
    }
    if (onProgress && lastPercent < 100) report(onProgress, 1);
    // Since 868.24.10 a 32-bit trailer may follow; nothing after the last frame is decoded.
    return { frames, framesDecoded: decoded, diagnostics };
  }

  /** The first keyframe after `frame` whose stored position really holds its time. */
  private nextKeyframe(frame: number): { frame: number; position: number } | null {
    for (const kf of this.cfg.keyframes) {
      if (kf.frame <= frame || kf.frame >= this.cfg.numFrames) continue;
      if (kf.position <= 0 || kf.position + 64 > this.r.end) continue;
      const saved = this.r.pos;
      this.r.pos = kf.position;
      const time = this.r.f32();
      this.r.pos = saved;
      if (time === kf.time) return { frame: kf.frame, position: kf.position };
    }
    return null;
  }

  private contextualise(e: unknown, frame: number): ReplayError {
    const tbl = this.curTable;
    const objectId = this.curActor >= 0 ? this.actorObject[this.curActor] : undefined;
    const attrObject = tbl && this.curStream >= 0 ? tbl.attributeObjects[this.curStream] : undefined;
    const err = asReplayError(e, 'FRAME_DECODE', {
      section: 'network',
      frame,
      offset: this.r.pos,
      offsetUnit: 'bit',
      ...(this.curActor >= 0 ? { actorId: this.curActor } : {}),
      ...(objectId !== undefined ? { objectId, objectName: this.objects[objectId] } : {}),
      ...(this.curStream >= 0 ? { streamId: this.curStream } : {}),
      ...(attrObject !== undefined ? { attributeName: this.objects[attrObject] } : {}),
    });
    const where = [
      `frame ${frame}`,
      err.actorId !== undefined ? `actor ${err.actorId}` : null,
      err.objectName !== undefined ? `object ${err.objectName}` : null,
      err.streamId !== undefined ? `stream ${err.streamId}` : null,
      err.attributeName !== undefined ? `attribute ${err.attributeName}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    return err.withContext({}, `${err.message} (${where})`);
  }

  private decodeFrame(index: number): Frame | typeof END_OF_STREAM {
    const r = this.r;
    this.curActor = -1;
    this.curStream = -1;
    this.curTable = undefined;
    const time = r.f32();
    if (time < 0 || (time > 0 && time < 1e-10)) {
      throw new ReplayError('FRAME_DECODE', `frame time ${time} out of range`, {
        offset: r.pos - 32,
        offsetUnit: 'bit',
        section: 'network',
      });
    }
    const delta = r.f32();
    if (delta < 0 || (delta > 0 && delta < 1e-10)) {
      throw new ReplayError('FRAME_DECODE', `frame delta ${delta} out of range`, {
        offset: r.pos - 32,
        offsetUnit: 'bit',
        section: 'network',
      });
    }
    if (time === 0 && delta === 0) return END_OF_STREAM;

    const newActors: NewActor[] = [];
    const deletedActors: number[] = [];
    const updatedActors: UpdatedAttribute[] = [];
    const maxChannels = this.cfg.maxChannels;
    const channelBits = this.channelBits;
    const attrs = this.attrs;
    while (r.bit() === 1) {
      const actorId = r.serializeInt(channelBits, maxChannels);
      this.curActor = actorId;
      this.curStream = -1;
      this.curTable = undefined;
      if (r.bit() === 1) {
        if (r.bit() === 1) {
          newActors.push(this.newActor(actorId));
        } else {
          const table = this.actorTable[actorId];
          if (table === undefined) {
            throw new ReplayError('FRAME_DECODE', `update for actor ${actorId}, which has not been spawned`, {
              offset: r.pos,
              offsetUnit: 'bit',
              section: 'network',
              actorId,
            });
          }
          this.curTable = table;
          const kinds = table.kinds;
          while (r.bit() === 1) {
            const streamId = r.serializeInt(table.bits, table.max);
            this.curStream = streamId;
            const kind = kinds[streamId];
            if (kind === undefined || kind === NOT_IMPLEMENTED) {
              const attrObject = table.attributeObjects[streamId];
              const name = attrObject === undefined ? undefined : this.objects[attrObject];
              throw new ReplayError(
                'UNKNOWN_ATTRIBUTE',
                kind === undefined
                  ? `stream id ${streamId} is not an attribute of this actor's class`
                  : `attribute ${name} is unknown or not implemented`,
                {
                  offset: r.pos,
                  offsetUnit: 'bit',
                  section: 'network',
                  streamId,
                  ...(name !== undefined ? { attributeName: name } : {}),
                },
              );
            }
            const value = attrs.decode(kind, r);
            updatedActors.push({ actorId, streamId, objectId: table.attributeObjects[streamId]!, value });
          }
        }
      } else {
        deletedActors.push(actorId);
        this.actorObject[actorId] = undefined;
        this.actorTable[actorId] = undefined;
      }
    }
    return { index, time, delta, newActors, deletedActors, updatedActors };
  }

  private newActor(actorId: number): NewActor {
    const r = this.r;
    const nameId = this.hasNameId ? r.i32() : null;
    r.bit(); // unknown flag
    const objectId = r.i32();
    if (objectId < 0 || objectId >= this.objects.length) {
      throw new ReplayError(
        'FRAME_DECODE',
        `new actor ${actorId} has object id ${objectId}, outside the ${this.objects.length} objects`,
        {
          offset: r.pos,
          offsetUnit: 'bit',
          section: 'network',
          actorId,
          objectId,
        },
      );
    }
    const spawn = this.cfg.tables.spawn[objectId];
    const location =
      spawn === SPAWN_LOCATION || spawn === SPAWN_LOCATION_ROTATION ? r.vector(this.cfg.version.net) : null;
    const rotation = spawn === SPAWN_LOCATION_ROTATION ? r.rotation() : null;
    const table = this.cfg.tables.attributes[objectId];
    if (!table) {
      throw new ReplayError(
        'FRAME_DECODE',
        `new actor ${actorId} is a ${this.objects[objectId]}, whose class hierarchy is unknown (no attribute table)`,
        {
          offset: r.pos,
          offsetUnit: 'bit',
          section: 'network',
          actorId,
          objectId,
          objectName: this.objects[objectId]!,
        },
      );
    }
    this.actorObject[actorId] = objectId;
    this.actorTable[actorId] = table;
    return { actorId, nameId, objectId, location, rotation };
  }
}
