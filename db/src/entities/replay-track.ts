import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { Replay } from './replay.js';

/**
 * Positions track of one replay (parser/src/track): ball and cars sampled on a fixed clock,
 * delta-encoded and deflated (~100 KB per 6 minutes). Served to the 2D viewer as is.
 */
export class ReplayTrack {
  replay!: Ref<Replay>;
  /** Deflated track bytes, decoded in the browser by `decodeTrack`. */
  data!: Buffer;
  hz!: number;
  sampleCount!: number;
  createdAt: Date & Opt = new Date();
}

export const ReplayTrackSchema = new EntitySchema<ReplayTrack>({
  class: ReplayTrack,
  tableName: 'replay_tracks',
  properties: {
    replay: { kind: '1:1', entity: 'Replay', primary: true, ref: true, owner: true, deleteRule: 'cascade' },
    data: { type: 'blob' },
    hz: { type: 'integer' },
    sampleCount: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
