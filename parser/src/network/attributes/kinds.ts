import { ATTRIBUTE_KINDS_TEXT } from '../../data/attributes.js';

/** Wire layouts of replicated attributes (replay-format.md §9). */
export const ATTRIBUTE_KINDS = [
  'RigidBody',
  'Byte',
  'Boolean',
  'ActiveActor',
  'Int',
  'Int64',
  'Float',
  'Enum',
  'PlayerHistoryKey',
  'GameMode',
  'FlaggedByte',
  'Location',
  'RotationTag',
  'ReplicatedBoost',
  'String',
  'QWordString',
  'UniqueId',
  'PartyLeader',
  'Reservation',
  'TeamPaint',
  'ClubColors',
  'CamSettings',
  'Demolish',
  'DemolishFx',
  'DemolishExtended',
  'Explosion',
  'ExtendedExplosion',
  'MusicStinger',
  'StatEvent',
  'Pickup',
  'PickupNew',
  'PickupInfo',
  'Impulse',
  'Welded',
  'AppliedDamage',
  'DamageState',
  'Title',
  'RepStatTitle',
  'LogoData',
  'PrivateMatchSettings',
  'Loadout',
  'TeamLoadout',
  'LoadoutOnline',
  'LoadoutsOnline',
  'NotImplemented',
] as const;

export type AttributeKind = (typeof ATTRIBUTE_KINDS)[number];

/** Numeric code of each kind (its index in ATTRIBUTE_KINDS), used on the hot path. */
export const KIND_CODE: Readonly<Record<AttributeKind, number>> = Object.fromEntries(
  ATTRIBUTE_KINDS.map((k, i) => [k, i]),
) as Record<AttributeKind, number>;

export const NOT_IMPLEMENTED = KIND_CODE.NotImplemented;

let table: Map<string, AttributeKind> | undefined;

/** Attribute name -> kind, parsed once from the data table. */
export function attributeKindTable(): Map<string, AttributeKind> {
  if (table) return table;
  const known = new Set<string>(ATTRIBUTE_KINDS);
  const t = new Map<string, AttributeKind>();
  for (const line of ATTRIBUTE_KINDS_TEXT.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const [name, kind] = trimmed.split(/\s+/);
    if (!name || !kind || !known.has(kind)) throw new Error(`bad attribute table line: ${line}`);
    t.set(name, kind as AttributeKind);
  }
  table = t;
  return t;
}
