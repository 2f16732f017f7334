/**
 * Positions track: ball and cars sampled on a fixed clock, for the 2D replay viewer.
 *
 * Wire layout (before deflate): 'RLT1' | u32 LE meta length | meta JSON (UTF-8) | columns.
 * Columns: for each entity, for each channel in CHANNELS order, `sampleCount` zigzag varints holding
 * the delta from the previous sample. Columnar deltas make long runs of small numbers, which
 * deflate packs tightly.
 */
export const TRACK_MAGIC = 'RLT1';
export const TRACK_VERSION = 1;

/** Location quantum in uu: well under a car's width at any zoom the viewer offers. */
export const POSITION_QUANTUM_UU = 4;
/** Yaw stored as 1/256ths of a turn. */
export const YAW_STEPS = 256;

export const CHANNELS = ['present', 'x', 'y', 'z', 'yaw', 'boost'] as const;
export type Channel = (typeof CHANNELS)[number];

export type TeamIndex = 0 | 1;

export interface TrackEntity {
  kind: 'ball' | 'car';
  /** Player key as the analysis report spells it (`steam:…`, `name:…`); null for the ball. */
  key: string | null;
  name: string | null;
  team: TeamIndex | null;
}

export interface TrackMeta {
  version: typeof TRACK_VERSION;
  /** Samples per second. */
  hz: number;
  /** Replay time (s since recording start, the report's event time base) of sample 0. */
  startTime: number;
  sampleCount: number;
  entities: TrackEntity[];
}

/**
 * Quantised samples, one Int16Array per channel and entity, `sampleCount` long:
 * present 0/1, x/y/z in POSITION_QUANTUM_UU steps, yaw in 1/YAW_STEPS turns, boost 0–100.
 */
export type EntityColumns = Record<Channel, Int16Array>;

export interface TrackData {
  meta: TrackMeta;
  columns: EntityColumns[];
}

export class TrackFormatError extends Error {
  override readonly name = 'TrackFormatError';
}
