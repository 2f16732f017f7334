import type { BoostPad, Vec3 } from './model.js';
import { hypot2 } from './hypot.js';

/**
 * Standard soccar boost pads (stats-reference §B.9): 6 big (z 73) and 28 small (z 70).
 * Ids are stable indexes into this table.
 */
const BIG: Array<[number, number]> = [
  [-3072, -4096],
  [3072, -4096],
  [-3584, 0],
  [3584, 0],
  [-3072, 4096],
  [3072, 4096],
];
const SMALL_MIRRORED_Y: Array<[number, number]> = [
  [0, 4240],
  [-1792, 4184],
  [1792, 4184],
  [-940, 3308],
  [940, 3308],
  [0, 2816],
  [-3584, 2484],
  [3584, 2484],
  [-1788, 2300],
  [1788, 2300],
  [-2048, 1036],
  [2048, 1036],
  [0, 1024],
];
const SMALL_CENTRE: Array<[number, number]> = [
  [-1024, 0],
  [1024, 0],
];

function buildTable(): BoostPad[] {
  const pads: BoostPad[] = [];
  for (const [x, y] of BIG) pads.push({ id: pads.length, size: 'big', position: { x, y, z: 73 } });
  for (const [x, y] of SMALL_MIRRORED_Y) {
    pads.push({ id: pads.length, size: 'small', position: { x, y: -y, z: 70 } });
    pads.push({ id: pads.length, size: 'small', position: { x, y, z: 70 } });
  }
  for (const [x, y] of SMALL_CENTRE) pads.push({ id: pads.length, size: 'small', position: { x, y, z: 70 } });
  return pads;
}

export const STANDARD_PADS: readonly BoostPad[] = buildTable();

/**
 * Arenas whose geometry or pad layout differs from standard soccar (hoops, dropshot, the Labs maps,
 * Throwback, the original Wasteland, Neo Tokyo and Starbase ARC, knockout). Boost-pad stats are
 * marked unsupported there instead of silently applying the soccar table (Part C).
 */
const NON_STANDARD_MAP = [
  /^hoops/,
  /^shattershot/,
  /^labs_/,
  /^throwback/,
  /^ko_/,
  /^wasteland(_night)?_p$/,
  /^neotokyo_p$/,
  /^arc_p$/,
];

export function arenaHasStandardPads(mapCode: string | null, gameType: string): boolean {
  if (!mapCode) return false;
  if (gameType !== 'TAGame.Replay_Soccar_TA') return false;
  const code = mapCode.toLowerCase();
  return !NON_STANDARD_MAP.some((re) => re.test(code));
}

/** The table pad nearest to `p` in the horizontal plane, with its distance. */
export function nearestPad(
  p: Vec3,
  pads: readonly BoostPad[] = STANDARD_PADS,
): { pad: BoostPad; distance: number } | null {
  let best: BoostPad | null = null;
  let bestD = Infinity;
  for (const pad of pads) {
    const d = hypot2(pad.position.x - p.x, pad.position.y - p.y);
    if (d < bestD) {
      bestD = d;
      best = pad;
    }
  }
  return best ? { pad: best, distance: bestD } : null;
}
