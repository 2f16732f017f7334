import { ReplayError } from '../../errors.js';
import type { BitReader } from '../../io/bits.js';
import { thresholds, type Version } from '../version.js';
import { KIND_CODE } from './kinds.js';
import type {
  ActiveActor,
  AttributeValue,
  Demolish,
  Loadout,
  Product,
  ProductValue,
  RigidBody,
  UniqueId,
} from './types.js';

/** Object ids of the product attribute classes whose values carry extra bits (0 when absent, like boxcars). */
export interface ProductIds {
  userColor: number;
  painted: number;
  titleId: number;
  specialEdition: number;
  teamEdition: number;
}

const K = KIND_CODE;

/**
 * Decodes one attribute value per call (replay-format.md §9). Version-dependent layouts are
 * resolved once in the constructor.
 */
export class AttributeDecoder {
  private readonly net: number;
  private readonly quaternions: boolean;
  private readonly gameMode8: boolean;
  private readonly camTransition: boolean;
  private readonly newColor: boolean;
  private readonly newPaint: boolean;

  constructor(
    version: Version,
    private readonly rl223: boolean,
    private readonly products: ProductIds,
  ) {
    this.net = version.net;
    this.quaternions = thresholds.quaternions(version);
    this.gameMode8 = thresholds.gameMode8Bits(version);
    this.camTransition = thresholds.camTransition(version);
    this.newColor = thresholds.newColor(version);
    this.newPaint = thresholds.newPaint(version);
  }

  /** Decode a value of kind `code` (a KIND_CODE); the four dominant kinds come first. */
  decode(code: number, r: BitReader): AttributeValue {
    if (code === K.RigidBody) return this.rigidBody(r);
    if (code === K.Byte) return { kind: 'Byte', value: r.bits(8) };
    if (code === K.Boolean) return { kind: 'Boolean', value: r.bit() === 1 };
    if (code === K.ActiveActor) {
      const active = r.bit() === 1;
      return { kind: 'ActiveActor', active, actor: r.i32() };
    }
    return this.uncommon(code, r);
  }

  rigidBody(r: BitReader): RigidBody {
    const sleeping = r.bit() === 1;
    const location = r.vector(this.net);
    const rotation = this.quaternions ? r.quaternion() : r.compressedRotation();
    let linearVelocity = null;
    let angularVelocity = null;
    if (!sleeping) {
      linearVelocity = r.vector(this.net);
      angularVelocity = r.vector(this.net);
    }
    return { kind: 'RigidBody', sleeping, location, rotation, linearVelocity, angularVelocity };
  }

  private activeActor(r: BitReader): ActiveActor {
    const active = r.bit() === 1;
    return { active, actor: r.i32() };
  }

  private demolish(r: BitReader): Demolish {
    const attackerFlag = r.bit() === 1;
    const attacker = r.i32();
    const victimFlag = r.bit() === 1;
    const victim = r.i32();
    const attackerVelocity = r.vector(this.net);
    const victimVelocity = r.vector(this.net);
    return { attackerFlag, attacker, victimFlag, victim, attackerVelocity, victimVelocity };
  }

  private uniqueId(r: BitReader, systemId: number): UniqueId {
    let remoteId: UniqueId['remoteId'];
    switch (systemId) {
      case 0:
        remoteId = { platform: 'splitscreen', id: r.bits(24) };
        break;
      case 1:
        remoteId = { platform: 'steam', id: r.u64() };
        break;
      case 2: {
        const nameBytes = r.bytes(16);
        let n = 0;
        while (n < 16 && nameBytes[n] !== 0) n++;
        let name = '';
        for (let i = 0; i < n; i++) name += String.fromCharCode(nameBytes[i]!);
        const unknown = Array.from(r.bytes(this.net >= 1 ? 16 : 8));
        remoteId = { platform: 'psn', name, unknown, id: r.u64() };
        break;
      }
      case 4:
        remoteId = { platform: 'xbox', id: r.u64() };
        break;
      case 5:
        remoteId = { platform: 'qq', id: r.u64() };
        break;
      case 6: {
        const id = r.u64();
        remoteId = { platform: 'switch', id, unknown: Array.from(r.bytes(24)) };
        break;
      }
      case 7: {
        const id = r.u64();
        remoteId = { platform: 'psynet', id, unknown: this.net < 10 ? Array.from(r.bytes(24)) : null };
        break;
      }
      case 11:
        remoteId = { platform: 'epic', id: r.text() };
        break;
      default:
        throw new ReplayError('FRAME_DECODE', `unrecognized remote id system ${systemId} at bit ${r.pos}`, {
          offset: r.pos,
          offsetUnit: 'bit',
          section: 'network',
        });
    }
    return { systemId, remoteId, localId: r.bits(8) };
  }

  private productValue(r: BitReader, objectId: number): ProductValue {
    const p = this.products;
    if (objectId === p.userColor) {
      if (this.newColor) return { type: 'newColor', value: r.u32() };
      return r.bit() === 1 ? { type: 'oldColor', value: r.bits(31) } : { type: 'noColor' };
    }
    if (objectId === p.painted) {
      return this.newPaint
        ? { type: 'newPaint', value: r.bits(31) }
        : { type: 'oldPaint', value: r.serializeInt(3, 14) };
    }
    if (objectId === p.titleId) return { type: 'title', value: r.text() };
    if (objectId === p.specialEdition) return { type: 'specialEdition', value: r.bits(31) };
    if (objectId === p.teamEdition) {
      return this.newPaint
        ? { type: 'newTeamEdition', value: r.bits(31) }
        : { type: 'oldTeamEdition', value: r.serializeInt(3, 14) };
    }
    return { type: 'absent' };
  }

  private onlineLoadout(r: BitReader): Product[][] {
    const n = r.bits(8);
    const out: Product[][] = [];
    for (let i = 0; i < n; i++) {
      const m = r.bits(8);
      const products: Product[] = [];
      for (let j = 0; j < m; j++) {
        const unknown = r.bit() === 1;
        const objectId = r.i32();
        products.push({ unknown, objectId, value: this.productValue(r, objectId) });
      }
      out.push(products);
    }
    return out;
  }

  private loadout(r: BitReader): Loadout {
    const version = r.bits(8);
    const body = r.u32();
    const decal = r.u32();
    const wheels = r.u32();
    const rocketTrail = r.u32();
    const antenna = r.u32();
    const topper = r.u32();
    const unknown1 = r.u32();
    const unknown2 = version > 10 ? r.u32() : null;
    let engineAudio = null;
    let trail = null;
    let goalExplosion = null;
    if (version >= 16) {
      engineAudio = r.u32();
      trail = r.u32();
      goalExplosion = r.u32();
    }
    const banner = version >= 17 ? r.u32() : null;
    const productId = version >= 19 ? r.u32() : null;
    if (version >= 22) {
      r.u32();
      r.u32();
      r.u32();
    }
    return {
      version,
      body,
      decal,
      wheels,
      rocketTrail,
      antenna,
      topper,
      unknown1,
      unknown2,
      engineAudio,
      trail,
      goalExplosion,
      banner,
      productId,
    };
  }

  private uncommon(code: number, r: BitReader): AttributeValue {
    switch (code) {
      case K.Int:
        return { kind: 'Int', value: r.i32() };
      case K.Int64:
        return { kind: 'Int64', value: r.i64() };
      case K.Float:
        return { kind: 'Float', value: r.f32() };
      case K.Enum:
        return { kind: 'Enum', value: r.bits(11) };
      case K.PlayerHistoryKey:
        return { kind: 'PlayerHistoryKey', value: r.bits(14) };
      case K.GameMode: {
        const bits = this.gameMode8 ? 8 : 2;
        return { kind: 'GameMode', bits, value: r.bits(bits) };
      }
      case K.FlaggedByte: {
        const flag = r.bit() === 1;
        return { kind: 'FlaggedByte', flag, value: r.bits(8) };
      }
      case K.Location:
        return { kind: 'Location', value: r.vector(this.net) };
      case K.RotationTag:
        return { kind: 'Rotation', value: r.rotation() };
      case K.ReplicatedBoost: {
        const grantCount = r.bits(8);
        const boostAmount = r.bits(8);
        const unused1 = r.bits(8);
        return { kind: 'ReplicatedBoost', grantCount, boostAmount, unused1, unused2: r.bits(8) };
      }
      case K.String:
        return { kind: 'String', value: r.text() };
      case K.QWordString:
        return this.rl223 ? { kind: 'String', value: r.text() } : { kind: 'QWord', value: r.u64() };
      case K.UniqueId:
        return { kind: 'UniqueId', ...this.uniqueId(r, r.bits(8)) };
      case K.PartyLeader: {
        const systemId = r.bits(8);
        return { kind: 'PartyLeader', value: systemId === 0 ? null : this.uniqueId(r, systemId) };
      }
      case K.Reservation: {
        const number = r.bits(3);
        const uniqueId = this.uniqueId(r, r.bits(8));
        let name: string | null = null;
        if (uniqueId.systemId !== 0) {
          name = r.text();
        } else if (uniqueId.remoteId.platform === 'splitscreen' && uniqueId.remoteId.id !== 0) {
          // "Rocket Host" LAN replays: a NUL-terminated name of up to 255 bytes.
          name = '';
          while (name.length < 255) {
            const c = r.bits(8);
            if (c === 0) break;
            name += String.fromCharCode(c);
          }
        }
        const unknown1 = r.bit() === 1;
        const unknown2 = r.bit() === 1;
        const unknown3 = this.gameMode8 ? r.bits(6) : null;
        return { kind: 'Reservation', number, uniqueId, name, unknown1, unknown2, unknown3 };
      }
      case K.TeamPaint: {
        const team = r.bits(8);
        const primaryColor = r.bits(8);
        const accentColor = r.bits(8);
        const primaryFinish = r.u32();
        return { kind: 'TeamPaint', team, primaryColor, accentColor, primaryFinish, accentFinish: r.u32() };
      }
      case K.ClubColors: {
        const blueFlag = r.bit() === 1;
        const blueColor = r.bits(8);
        const orangeFlag = r.bit() === 1;
        return { kind: 'ClubColors', blueFlag, blueColor, orangeFlag, orangeColor: r.bits(8) };
      }
      case K.CamSettings: {
        const fov = r.f32();
        const height = r.f32();
        const angle = r.f32();
        const distance = r.f32();
        const stiffness = r.f32();
        const swivel = r.f32();
        const transition = this.camTransition ? r.f32() : null;
        return { kind: 'CamSettings', fov, height, angle, distance, stiffness, swivel, transition };
      }
      case K.Demolish:
        return { kind: 'Demolish', ...this.demolish(r) };
      case K.DemolishFx: {
        const customDemoFlag = r.bit() === 1;
        const customDemoId = r.i32();
        return { kind: 'DemolishFx', customDemoFlag, customDemoId, ...this.demolish(r) };
      }
      case K.DemolishExtended: {
        const attackerPri = this.activeActor(r);
        const selfDemo = this.activeActor(r);
        const selfDemolish = r.bit() === 1;
        const goalExplosionOwner = this.activeActor(r);
        const attacker = this.activeActor(r);
        const victim = this.activeActor(r);
        const attackerVelocity = r.vector(this.net);
        const victimVelocity = r.vector(this.net);
        return {
          kind: 'DemolishExtended',
          attackerPri,
          selfDemo,
          selfDemolish,
          goalExplosionOwner,
          attacker,
          victim,
          attackerVelocity,
          victimVelocity,
        };
      }
      case K.Explosion: {
        const flag = r.bit() === 1;
        const actor = r.i32();
        return { kind: 'Explosion', flag, actor, location: r.vector(this.net) };
      }
      case K.ExtendedExplosion: {
        const flag = r.bit() === 1;
        const actor = r.i32();
        const location = r.vector(this.net);
        const unknown1 = r.bit() === 1;
        return { kind: 'ExtendedExplosion', flag, actor, location, unknown1, secondaryActor: r.i32() };
      }
      case K.MusicStinger: {
        const flag = r.bit() === 1;
        const cue = r.u32();
        return { kind: 'MusicStinger', flag, cue, trigger: r.bits(8) };
      }
      case K.StatEvent: {
        const unknown1 = r.bit() === 1;
        return { kind: 'StatEvent', unknown1, objectId: r.i32() };
      }
      case K.Pickup: {
        const instigator = r.bit() === 1 ? r.i32() : null;
        return { kind: 'Pickup', instigator, pickedUp: r.bit() === 1 };
      }
      case K.PickupNew: {
        const instigator = r.bit() === 1 ? r.i32() : null;
        return { kind: 'PickupNew', instigator, pickedUp: r.bits(8) };
      }
      case K.PickupInfo: {
        const a = this.activeActor(r);
        const b = this.activeActor(r);
        const c = this.activeActor(r);
        return { kind: 'PickupInfo', availablePickups: [a, b, c], itemsArePreview: r.bit() === 1 };
      }
      case K.Impulse: {
        const compressedRotation = r.i32();
        return { kind: 'Impulse', compressedRotation, speed: r.f32() };
      }
      case K.Welded: {
        const active = r.bit() === 1;
        const actor = r.i32();
        const offset = r.vector(this.net);
        const mass = r.f32();
        return { kind: 'Welded', active, actor, offset, mass, rotation: r.rotation() };
      }
      case K.AppliedDamage: {
        const id = r.bits(8);
        const position = r.vector(this.net);
        const damageIndex = r.i32();
        return { kind: 'AppliedDamage', id, position, damageIndex, totalDamage: r.i32() };
      }
      case K.DamageState: {
        const tileState = r.bits(8);
        const damaged = r.bit() === 1;
        const offender = r.i32();
        const ballPosition = r.vector(this.net);
        const directHit = r.bit() === 1;
        return {
          kind: 'DamageState',
          tileState,
          damaged,
          offender,
          ballPosition,
          directHit,
          unknown1: r.bit() === 1,
        };
      }
      case K.Title: {
        const unknown1 = r.bit() === 1;
        const unknown2 = r.bit() === 1;
        const values: [number, number, number, number, number] = [
          r.u32(),
          r.u32(),
          r.u32(),
          r.u32(),
          r.u32(),
        ];
        return { kind: 'Title', unknown1, unknown2, values, unknown8: r.bit() === 1 };
      }
      case K.RepStatTitle: {
        const unknown = r.bit() === 1;
        const name = r.text();
        const unknown2 = r.bit() === 1;
        const index = r.u32();
        return { kind: 'RepStatTitle', unknown, name, unknown2, index, value: r.u32() };
      }
      case K.LogoData: {
        const logoId = r.u32();
        return { kind: 'LogoData', logoId, swapColors: r.bit() === 1 };
      }
      case K.PrivateMatchSettings: {
        const mutators = r.text();
        const joinableBy = r.u32();
        const maxPlayers = r.u32();
        const gameName = r.text();
        const password = r.text();
        return {
          kind: 'PrivateMatch',
          mutators,
          joinableBy,
          maxPlayers,
          gameName,
          password,
          flag: r.bit() === 1,
        };
      }
      case K.Loadout:
        return { kind: 'Loadout', ...this.loadout(r) };
      case K.TeamLoadout: {
        const blue = this.loadout(r);
        return { kind: 'TeamLoadout', blue, orange: this.loadout(r) };
      }
      case K.LoadoutOnline:
        return { kind: 'LoadoutOnline', value: this.onlineLoadout(r) };
      case K.LoadoutsOnline: {
        const blue = this.onlineLoadout(r);
        const orange = this.onlineLoadout(r);
        const unknown1 = r.bit() === 1;
        return { kind: 'LoadoutsOnline', blue, orange, unknown1, unknown2: r.bit() === 1 };
      }
      default:
        throw new ReplayError('UNKNOWN_ATTRIBUTE', `attribute kind ${code} is not implemented`, {
          offset: r.pos,
          offsetUnit: 'bit',
          section: 'network',
        });
    }
  }
}
