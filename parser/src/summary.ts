import { ReplayError } from './errors.js';
import type { FrameVisitor } from './network/visitor.js';
import { getInt } from './header.js';
import { parseHeaderOnly, parseReplayBytes, type ParsedReplay } from './replay.js';
import { rigidBodyScale } from './units.js';

/** Per-replay figures in the shape of the corpus ORACLE.jsonl (boxcars), used by the CLI and tests. */
export interface ReplaySummary {
  file: string;
  version?: string;
  frames?: number;
  first_time?: number;
  last_time?: number;
  new_actors?: number;
  deleted_actors?: number;
  updated_attributes?: number;
  attribute_kinds?: Record<string, number>;
  spawned_objects?: Record<string, number>;
  rigid_body_updates?: number;
  rigid_body_abs_location_sum_uu?: number;
  ball_location_uu_at?: Array<{ frame: number; ball: [number, number, number] | null }>;
  error?: string;
  /** Present (true) when the network stream decoded only partly. */
  partial?: boolean;
}

const SPAWN_PATTERNS = ['Archetypes.Ball', 'Archetypes.Car', 'PRI_TA', 'GameEvent'];
const round2 = (v: number) => Math.round(v * 100) / 100;

function sortedRecord(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Decode `bytes` fully (streaming) and compute the oracle figures. Failures become `error`. */
export function summarizeReplay(file: string, bytes: Uint8Array): ReplaySummary {
  let frames = 0;
  let firstTime: number | undefined;
  let lastTime: number | undefined;
  let newActors = 0;
  let deletedActors = 0;
  let updated = 0;
  let rbUpdates = 0;
  let locSum = 0;
  let scale = 1;
  let targets: number[] = [];
  let ball: [number, number, number] | null = null;
  let isBall: boolean[] = [];
  const kinds = new Map<string, number>();
  const spawned = new Map<string, number>();
  const samples: Array<{ frame: number; ball: [number, number, number] | null }> = [];

  const visitor: FrameVisitor = {
    onFrame(frame, actors) {
      const objects = actors.objects;
      if (frames === 0) isBall = objects.map((o) => o.includes('Ball'));
      frames++;
      if (firstTime === undefined) firstTime = frame.time;
      lastTime = frame.time;
      newActors += frame.newActors.length;
      deletedActors += frame.deletedActors.length;
      updated += frame.updatedActors.length;
      for (const a of frame.newActors) {
        const name = objects[a.objectId] ?? '';
        if (SPAWN_PATTERNS.some((p) => name.includes(p))) spawned.set(name, (spawned.get(name) ?? 0) + 1);
      }
      for (const u of frame.updatedActors) {
        const v = u.value;
        kinds.set(v.kind, (kinds.get(v.kind) ?? 0) + 1);
        if (v.kind === 'RigidBody') {
          rbUpdates++;
          const l = v.location;
          locSum += (Math.abs(l.x) + Math.abs(l.y) + Math.abs(l.z)) / scale;
          const obj = actors.objectIdOf(u.actorId);
          if (obj !== undefined && isBall[obj]) ball = [l.x / scale, l.y / scale, l.z / scale];
        }
      }
      // Samples are taken after the target frame's updates; frames skipped by a re-sync are not sampled.
      while (targets.length > 0 && targets[0]! <= frame.index) {
        const t = targets.shift()!;
        const b: [number, number, number] | null = ball;
        samples.push({ frame: t, ball: b && [round2(b[0]), round2(b[1]), round2(b[2])] });
      }
    },
  };

  try {
    const header = parseHeaderOnly(bytes);
    scale = rigidBodyScale(header.netVersion).location;
    const n = getInt(header.properties, 'NumFrames') ?? 0;
    targets = n > 0 ? [Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4)] : [];
  } catch {
    // The full parse below reports the error with CRC context.
  }

  let parsed: ParsedReplay;
  try {
    parsed = parseReplayBytes(bytes, { visitor, network: 'ignoreOnError' });
  } catch (e) {
    return {
      file,
      error: e instanceof ReplayError ? `${e.code}: ${e.message}` : `internal error: ${String(e)}`,
    };
  }
  const h = parsed.header;
  const version = `${h.engineVersion}.${h.licenseeVersion}.${h.netVersion ?? -1}`;
  if (parsed.network.status !== 'complete') {
    const first = parsed.network.diagnostics.find((d) => d.severity === 'error');
    return {
      file,
      version,
      error: first ? `${first.code}: ${first.message}` : 'network stream not decoded',
      partial: true,
    };
  }
  const out: ReplaySummary = { file, version, frames };
  if (firstTime !== undefined) out.first_time = firstTime;
  if (lastTime !== undefined) out.last_time = lastTime;
  return {
    ...out,
    new_actors: newActors,
    deleted_actors: deletedActors,
    updated_attributes: updated,
    attribute_kinds: sortedRecord(kinds),
    spawned_objects: sortedRecord(spawned),
    rigid_body_updates: rbUpdates,
    rigid_body_abs_location_sum_uu: Math.round(locSum),
    ball_location_uu_at: samples,
  };
}
