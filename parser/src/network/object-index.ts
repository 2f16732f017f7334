import { PARENT_CLASSES_TEXT } from '../data/parent-classes.js';

let parents: Map<string, string> | undefined;

function parentTable(): Map<string, string> {
  if (parents) return parents;
  const t = new Map<string, string>();
  for (const line of PARENT_CLASSES_TEXT.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const [child, parent] = trimmed.split(/\s+/);
    if (!child || !parent) throw new Error(`bad parent-class line: ${line}`);
    t.set(child, parent);
  }
  parents = t;
  return t;
}

const LEVEL_PREFIX = 'TheWorld:PersistentLevel.';
const MAP_OBJECT_CLASSES = [
  'CrowdActor_TA',
  'CrowdManager_TA',
  'VehiclePickup_Boost_TA',
  'InMapScoreboard_TA',
  'BreakOutActor_Platform_TA',
  'PlayerStart_Platform_TA',
];

/**
 * Map objects such as `stadium_p.TheWorld:PersistentLevel.VehiclePickup_Boost_TA_12` share one
 * parent-table entry: drop the map prefix and the instance suffix.
 */
export function normalizeObjectName(name: string): string {
  if (name.length <= (LEVEL_PREFIX + 'CrowdActor_TA').length) return name;
  let rest: string | undefined;
  if (name.startsWith(LEVEL_PREFIX)) rest = name.slice(LEVEL_PREFIX.length);
  else {
    const dot = name.indexOf('.');
    if (dot >= 0 && name.startsWith(LEVEL_PREFIX, dot + 1)) rest = name.slice(dot + 1 + LEVEL_PREFIX.length);
  }
  if (rest === undefined) return name;
  for (const cls of MAP_OBJECT_CLASSES) if (rest.startsWith(cls)) return LEVEL_PREFIX + cls;
  return name;
}

/** Object name -> id (first occurrence), and the walk up an object's class hierarchy. */
export class ObjectIndex {
  private readonly ids = new Map<string, number>();

  constructor(readonly objects: readonly string[]) {
    objects.forEach((name, i) => {
      if (!this.ids.has(name)) this.ids.set(name, i);
    });
  }

  byName(name: string): number | undefined {
    return this.ids.get(name);
  }

  /**
   * Ids of `name` and its ancestors that are present in the object table, nearest first. A name is
   * part of the hierarchy only if the parent table knows it (so an unknown object yields nothing).
   */
  hierarchy(name: string): number[] {
    const table = parentTable();
    const out: number[] = [];
    let current = name;
    for (let guard = 0; guard < 64; guard++) {
      const parent = table.get(normalizeObjectName(current));
      if (parent === undefined) break;
      const id = this.ids.get(current);
      if (id !== undefined) out.push(id);
      current = parent;
    }
    return out;
  }
}
