import { ReplayError } from '../errors.js';
import { bitWidth } from '../io/bits.js';
import type { ReplayBody } from '../body.js';
import { SPAWN_RULES_TEXT } from '../data/spawn-rules.js';
import { attributeKindTable, KIND_CODE, NOT_IMPLEMENTED } from './attributes/kinds.js';
import type { ObjectIndex } from './object-index.js';

/** What a new actor of a given object carries on the wire after its object id. */
export const SPAWN_NONE = 0;
export const SPAWN_LOCATION = 1;
export const SPAWN_LOCATION_ROTATION = 2;
export type SpawnKind = typeof SPAWN_NONE | typeof SPAWN_LOCATION | typeof SPAWN_LOCATION_ROTATION;

/** Per spawnable object: stream id -> attribute (kind code and attribute object id). */
export interface AttributeTable {
  /** Stream ids are read with SerializeInt(maxStreamId): `bits` = bitWidth(max) - 1. */
  max: number;
  bits: number;
  /** Indexed by stream id; undefined = no such attribute. */
  kinds: Array<number | undefined>;
  attributeObjects: Array<number | undefined>;
}

export interface ObjectTables {
  /** By object id: null when the object has no class hierarchy (spawning it is an error). */
  attributes: Array<AttributeTable | null>;
  spawn: Uint8Array;
  /** Net-cache attribute names missing from the kind table (warn about upcoming breakage). */
  unknownAttributeNames: string[];
}

let spawnRules: Map<string, SpawnKind> | undefined;
function spawnRuleTable(): Map<string, SpawnKind> {
  if (spawnRules) return spawnRules;
  const codes: Record<string, SpawnKind> = {
    None: SPAWN_NONE,
    Location: SPAWN_LOCATION,
    LocationAndRotation: SPAWN_LOCATION_ROTATION,
  };
  const t = new Map<string, SpawnKind>();
  for (const line of SPAWN_RULES_TEXT.split('\n')) {
    const [cls, kind] = line.trim().split(/\s+/);
    if (!cls) continue;
    const code = kind === undefined ? undefined : codes[kind];
    if (code === undefined) throw new Error(`bad spawn rule line: ${line}`);
    t.set(cls, code);
  }
  spawnRules = t;
  return t;
}

/**
 * Build every object's attribute table and spawn kind (replay-format.md §6 strategy A): walk up
 * the curated parent chain and union the net-cache properties of each ancestor present in the
 * object table; a descendant's stream id overrides an ancestor's.
 */
export function buildObjectTables(body: ReplayBody, index: ObjectIndex): ObjectTables {
  const objects = body.objects;
  const n = objects.length;
  const kindByName = attributeKindTable();

  // Each object's class chain, computed once (most objects, e.g. attribute names, have none).
  const chains: Array<number[] | undefined> = new Array(n);
  for (let i = 0; i < n; i++) {
    const chain = index.hierarchy(objects[i]!);
    if (chain.length > 0) chains[i] = chain;
  }

  // Spawn kinds: seeded from the rules, then inherited down each hierarchy.
  const spawnSet: Array<SpawnKind | undefined> = new Array(n);
  for (const [cls, kind] of spawnRuleTable()) {
    const id = index.byName(cls);
    if (id !== undefined) spawnSet[id] = kind;
  }
  for (const chain of chains) {
    if (!chain) continue;
    let result: SpawnKind = SPAWN_NONE;
    const pending: number[] = [];
    for (const id of chain) {
      const s = spawnSet[id];
      if (s !== undefined) {
        result = s;
        break;
      }
      pending.push(id);
    }
    for (const id of pending) spawnSet[id] = result;
  }
  const spawn = new Uint8Array(n);
  for (let i = 0; i < n; i++) spawn[i] = spawnSet[i] ?? SPAWN_NONE;

  // Net-cache properties per class object (duplicate class entries are merged in order).
  const unknown = new Set<string>();
  const ownProps = new Map<number, Array<[number, number, number]>>(); // [streamId, kindCode, attributeObjectId]
  for (const entry of body.netCache) {
    let list = ownProps.get(entry.classObjectIndex);
    if (!list) ownProps.set(entry.classObjectIndex, (list = []));
    for (const p of entry.properties) {
      const attrName = objects[p.objectIndex];
      if (attrName === undefined) {
        throw new ReplayError(
          'CORRUPT_BODY',
          `net cache property refers to object ${p.objectIndex} (stream ${p.streamId}) but there are ${n} objects`,
          {
            section: 'net cache',
            objectId: p.objectIndex,
            streamId: p.streamId,
          },
        );
      }
      const kind = kindByName.get(attrName);
      if (kind === undefined) unknown.add(attrName);
      list.push([p.streamId, kind === undefined ? NOT_IMPLEMENTED : KIND_CODE[kind], p.objectIndex]);
    }
  }

  // Accumulated attributes per object in a hierarchy, memoised so shared ancestors are built once.
  const built = new Map<number, Map<number, [number, number]>>();
  for (const chain of chains) {
    if (!chain) continue;
    // Nearest ancestor (or self) already built; everything below it is built now, root first.
    let k = 0;
    while (k < chain.length && !built.has(chain[k]!)) k++;
    if (k === 0) continue;
    const acc = k < chain.length ? new Map(built.get(chain[k]!)!) : new Map<number, [number, number]>();
    for (let i = k - 1; i >= 0; i--) {
      const id = chain[i]!;
      for (const [streamId, kind, attrObject] of ownProps.get(id) ?? [])
        acc.set(streamId, [kind, attrObject]);
      built.set(id, i === 0 ? acc : new Map(acc));
    }
  }

  const attributes: Array<AttributeTable | null> = new Array<AttributeTable | null>(n).fill(null);
  for (const [id, attrs] of built) {
    let maxStream = -1;
    for (const s of attrs.keys()) if (s > maxStream) maxStream = s;
    const max = (maxStream < 0 ? 2 : maxStream) + 1;
    const kinds: Array<number | undefined> = [];
    const attributeObjects: Array<number | undefined> = [];
    for (const [s, [kind, attrObject]] of attrs) {
      kinds[s] = kind;
      attributeObjects[s] = attrObject;
    }
    attributes[id] = { max, bits: Math.max(bitWidth(max), 1) - 1, kinds, attributeObjects };
  }
  return { attributes, spawn, unknownAttributeNames: [...unknown].sort() };
}
