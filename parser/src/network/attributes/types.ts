import type { Quaternion, Rotation, Vector3i } from '../../io/bits.js';

/**
 * Decoded attribute values, raw as on the wire. `kind` is boxcars' value-type name, which equals
 * the wire kind except RotationTag -> 'Rotation', QWordString -> 'QWord' | 'String' and
 * PrivateMatchSettings -> 'PrivateMatch'. Vectors are integers; see units.ts for game units.
 */
export interface ActiveActor {
  active: boolean;
  /** -1 = none. */
  actor: number;
}

export interface RigidBody {
  kind: 'RigidBody';
  sleeping: boolean;
  /** Raw integers: uu for net version < 5, uu × 100 from 5 on. */
  location: Vector3i;
  rotation: Quaternion;
  /** Raw: uu/s × 10 (net < 5) or × 100; null while sleeping. */
  linearVelocity: Vector3i | null;
  /** Raw: rad/s × 1000 (net < 5) or × 10000; null while sleeping. */
  angularVelocity: Vector3i | null;
}

export type RemoteId =
  | { platform: 'splitscreen'; id: number }
  | { platform: 'steam'; id: string }
  | { platform: 'psn'; name: string; unknown: number[]; id: string }
  | { platform: 'xbox'; id: string }
  | { platform: 'qq'; id: string }
  | { platform: 'switch'; id: string; unknown: number[] }
  | { platform: 'psynet'; id: string; unknown: number[] | null }
  | { platform: 'epic'; id: string };

export interface UniqueId {
  systemId: number;
  remoteId: RemoteId;
  localId: number;
}

export type ProductValue =
  | { type: 'absent' }
  | { type: 'noColor' }
  | {
      type:
        | 'oldColor'
        | 'newColor'
        | 'oldPaint'
        | 'newPaint'
        | 'specialEdition'
        | 'oldTeamEdition'
        | 'newTeamEdition';
      value: number;
    }
  | { type: 'title'; value: string };

export interface Product {
  unknown: boolean;
  objectId: number;
  value: ProductValue;
}

export interface Loadout {
  version: number;
  body: number;
  decal: number;
  wheels: number;
  rocketTrail: number;
  antenna: number;
  topper: number;
  unknown1: number;
  unknown2: number | null;
  engineAudio: number | null;
  trail: number | null;
  goalExplosion: number | null;
  banner: number | null;
  productId: number | null;
}

export interface Demolish {
  attackerFlag: boolean;
  attacker: number;
  victimFlag: boolean;
  victim: number;
  attackerVelocity: Vector3i;
  victimVelocity: Vector3i;
}

export interface Explosion {
  flag: boolean;
  actor: number;
  location: Vector3i;
}

export type AttributeValue =
  | RigidBody
  | { kind: 'Byte'; value: number }
  | { kind: 'Boolean'; value: boolean }
  | ({ kind: 'ActiveActor' } & ActiveActor)
  | { kind: 'Int'; value: number }
  /** Decimal string (epochs, club ids). */
  | { kind: 'Int64'; value: string }
  | { kind: 'Float'; value: number }
  | { kind: 'Enum'; value: number }
  | { kind: 'PlayerHistoryKey'; value: number }
  | { kind: 'GameMode'; bits: number; value: number }
  | { kind: 'FlaggedByte'; flag: boolean; value: number }
  | { kind: 'Location'; value: Vector3i }
  | { kind: 'Rotation'; value: Rotation }
  | { kind: 'ReplicatedBoost'; grantCount: number; boostAmount: number; unused1: number; unused2: number }
  | { kind: 'String'; value: string }
  /** u64 decimal string. */
  | { kind: 'QWord'; value: string }
  | ({ kind: 'UniqueId' } & UniqueId)
  | { kind: 'PartyLeader'; value: UniqueId | null }
  | {
      kind: 'Reservation';
      number: number;
      uniqueId: UniqueId;
      name: string | null;
      unknown1: boolean;
      unknown2: boolean;
      unknown3: number | null;
    }
  | {
      kind: 'TeamPaint';
      team: number;
      primaryColor: number;
      accentColor: number;
      primaryFinish: number;
      accentFinish: number;
    }
  | { kind: 'ClubColors'; blueFlag: boolean; blueColor: number; orangeFlag: boolean; orangeColor: number }
  | {
      kind: 'CamSettings';
      fov: number;
      height: number;
      angle: number;
      distance: number;
      stiffness: number;
      swivel: number;
      transition: number | null;
    }
  | ({ kind: 'Demolish' } & Demolish)
  | ({ kind: 'DemolishFx'; customDemoFlag: boolean; customDemoId: number } & Demolish)
  | {
      kind: 'DemolishExtended';
      attackerPri: ActiveActor;
      selfDemo: ActiveActor;
      selfDemolish: boolean;
      goalExplosionOwner: ActiveActor;
      attacker: ActiveActor;
      victim: ActiveActor;
      attackerVelocity: Vector3i;
      victimVelocity: Vector3i;
    }
  | ({ kind: 'Explosion' } & Explosion)
  | ({ kind: 'ExtendedExplosion' } & Explosion & { unknown1: boolean; secondaryActor: number })
  | { kind: 'MusicStinger'; flag: boolean; cue: number; trigger: number }
  | { kind: 'StatEvent'; unknown1: boolean; objectId: number }
  | { kind: 'Pickup'; instigator: number | null; pickedUp: boolean }
  | { kind: 'PickupNew'; instigator: number | null; pickedUp: number }
  | {
      kind: 'PickupInfo';
      availablePickups: [ActiveActor, ActiveActor, ActiveActor];
      itemsArePreview: boolean;
    }
  | { kind: 'Impulse'; compressedRotation: number; speed: number }
  | { kind: 'Welded'; active: boolean; actor: number; offset: Vector3i; mass: number; rotation: Rotation }
  | { kind: 'AppliedDamage'; id: number; position: Vector3i; damageIndex: number; totalDamage: number }
  | {
      kind: 'DamageState';
      tileState: number;
      damaged: boolean;
      offender: number;
      ballPosition: Vector3i;
      directHit: boolean;
      unknown1: boolean;
    }
  | {
      kind: 'Title';
      unknown1: boolean;
      unknown2: boolean;
      values: [number, number, number, number, number];
      unknown8: boolean;
    }
  | { kind: 'RepStatTitle'; unknown: boolean; name: string; unknown2: boolean; index: number; value: number }
  | { kind: 'LogoData'; logoId: number; swapColors: boolean }
  | {
      kind: 'PrivateMatch';
      mutators: string;
      joinableBy: number;
      maxPlayers: number;
      gameName: string;
      password: string;
      flag: boolean;
    }
  | ({ kind: 'Loadout' } & Loadout)
  | { kind: 'TeamLoadout'; blue: Loadout; orange: Loadout }
  | { kind: 'LoadoutOnline'; value: Product[][] }
  | { kind: 'LoadoutsOnline'; blue: Product[][]; orange: Product[][]; unknown1: boolean; unknown2: boolean };

export type AttributeValueKind = AttributeValue['kind'];
