import { PARENT_CLASSES_TEXT } from '../data/parent-classes.js';
import { normalizeObjectName } from '../network/object-index.js';

/** What an actor is, decided by its class hierarchy (never by name substrings, Part C.3). */
export type ActorKind =
  | 'car'
  | 'ball'
  | 'pri'
  | 'team'
  | 'gameEvent'
  | 'gri'
  | 'boost'
  | 'jump'
  | 'doubleJump'
  | 'dodge'
  | 'pad'
  | 'other';

/** Nearest class wins: a subclass listed here before its parent would be matched first. */
const KIND_BY_CLASS: ReadonlyMap<string, ActorKind> = new Map([
  ['TAGame.Car_TA', 'car'],
  ['TAGame.Ball_TA', 'ball'],
  ['TAGame.PRI_TA', 'pri'],
  ['Engine.PlayerReplicationInfo', 'pri'],
  ['TAGame.Team_TA', 'team'],
  ['TAGame.GameEvent_Soccar_TA', 'gameEvent'],
  ['TAGame.GameEvent_TA', 'gameEvent'],
  ['TAGame.GRI_TA', 'gri'],
  ['ProjectX.GRI_X', 'gri'],
  ['TAGame.CarComponent_Boost_TA', 'boost'],
  ['TAGame.CarComponent_Jump_TA', 'jump'],
  ['TAGame.CarComponent_DoubleJump_TA', 'doubleJump'],
  ['TAGame.CarComponent_Dodge_TA', 'dodge'],
  ['TAGame.VehiclePickup_Boost_TA', 'pad'],
]);

let parents: Map<string, string> | undefined;
function parentOf(name: string): string | undefined {
  if (!parents) {
    parents = new Map();
    for (const line of PARENT_CLASSES_TEXT.split('\n')) {
      const [child, parent] = line.trim().split(/\s+/);
      if (child && parent) parents.set(child, parent);
    }
  }
  return parents.get(normalizeObjectName(name));
}

/** Classify an object (archetype or class name) by walking up its class hierarchy. */
export function classifyObject(name: string): ActorKind {
  let current: string | undefined = name;
  for (let guard = 0; current !== undefined && guard < 64; guard++) {
    const kind = KIND_BY_CLASS.get(current);
    if (kind) return kind;
    current = parentOf(current);
  }
  return 'other';
}

/** Memoised classification of a replay's object table. */
export class ActorClassifier {
  private readonly cache: Array<ActorKind | undefined> = [];
  constructor(private readonly objects: readonly string[]) {}
  kindOf(objectId: number): ActorKind {
    let k = this.cache[objectId];
    if (k === undefined) {
      const name = this.objects[objectId];
      k = name === undefined ? 'other' : classifyObject(name);
      this.cache[objectId] = k;
    }
    return k;
  }
}
