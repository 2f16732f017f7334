/** (engine, licensee, net) compared lexicographically, as boxcars does (replay-format.md §11). */
export interface Version {
  engine: number;
  licensee: number;
  /** 0 when the header has no net version. */
  net: number;
}

export function atLeast(v: Version, engine: number, licensee: number, net: number): boolean {
  if (v.engine !== engine) return v.engine > engine;
  if (v.licensee !== licensee) return v.licensee > licensee;
  return v.net >= net;
}

/** One named predicate per wire change. */
export const thresholds = {
  /** New actors carry a name id (not on 868.14–868.19 LAN replays). */
  hasNameId: (v: Version, isLan: boolean) => atLeast(v, 868, 20, 0) || (atLeast(v, 868, 14, 0) && !isLan),
  /** GameMode is 8 bits (else 2); Reservation has 6 trailing bits. */
  gameMode8Bits: (v: Version) => atLeast(v, 868, 12, 0),
  /** CamSettings carries `transition`. */
  camTransition: (v: Version) => atLeast(v, 868, 20, 0),
  /** Painted/TeamEdition products are 31 bits (else SerializeInt(14)). */
  newPaint: (v: Version) => atLeast(v, 868, 18, 0),
  /** UserColor product is a u32. */
  newColor: (v: Version) => atLeast(v, 868, 23, 8),
  /** An optional 32-bit trailer may follow the last frame. */
  frameTrailer: (v: Version) => atLeast(v, 868, 24, 10),
  /** RigidBody integers are fixed point (location ×100, velocity ×100, angular ×10000). */
  fixedPointRigidBody: (v: Version) => v.net >= 5,
  /** Vector size max 22 and quaternion rotations. */
  quaternions: (v: Version) => v.net >= 7,
  /** PsyNet ids shrank to 8 bytes. */
  shortPsyNet: (v: Version) => v.net >= 10,
  /** PS4 ids carry 16 (else 8) unknown bytes. */
  longPs4: (v: Version) => v.net >= 1,
};

/** GameServerID became a string in v2.23 (build 221120.42953.406184). */
export function isRl223(buildVersion: string | null): boolean {
  return buildVersion !== null && buildVersion >= '221120.42953.406184';
}
