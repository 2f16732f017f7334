/**
 * Field-by-field comparison of our stats with ballchasing's JSON, with stats-reference Part D
 * tolerances (and the lead's brief: distance within 1% — the stricter of the two applies).
 */

export interface FieldResult {
  path: string;
  ours: number | boolean | undefined;
  theirs: number | boolean;
  tolerance: number;
  ok: boolean;
}

const EXACT = new Set([
  'score',
  'goals',
  'assists',
  'saves',
  'shots',
  'count_collected_big',
  'count_collected_small',
  'count_stolen_big',
  'count_stolen_small',
  'count_powerslide',
  'inflicted',
  'taken',
]);
const BOOST_AMOUNTS = new Set([
  'amount_collected',
  'amount_stolen',
  'amount_collected_big',
  'amount_stolen_big',
  'amount_collected_small',
  'amount_stolen_small',
  'amount_overfill',
  'amount_overfill_stolen',
  'amount_used_while_supersonic',
]);
const POSITION_DISTANCES = new Set([
  'avg_distance_to_ball',
  'avg_distance_to_ball_possession',
  'avg_distance_to_ball_no_possession',
  'avg_distance_to_mates',
]);
/** Part D "not compared". */
const SKIPPED = new Set([
  'bcpm',
  'mvp',
  'shots_against',
  'goals_against',
  'goals_against_while_last_defender',
]);

export function toleranceFor(field: string, theirs: number): number | null {
  if (SKIPPED.has(field)) return null;
  if (EXACT.has(field)) return 0;
  if (field === 'shooting_percentage') return 0.01;
  if (BOOST_AMOUNTS.has(field)) return 2;
  if (field === 'avg_speed') return 5;
  if (field === 'avg_speed_percentage') return 0.5;
  if (field === 'total_distance') return Math.min(2500, Math.abs(theirs) * 0.01);
  if (field === 'avg_powerslide_duration') return 0.1;
  if (POSITION_DISTANCES.has(field)) return 50;
  return 1; // bpm, avg_amount, every time and percentage
}

type Block = Record<string, unknown>;
const BLOCKS_PLAYER = ['core', 'boost', 'movement', 'positioning', 'demo'] as const;
const BLOCKS_TEAM = ['core', 'boost', 'movement', 'demo'] as const;

function compareBlock(
  prefix: string,
  ours: Block | undefined,
  theirs: Block | undefined,
  out: FieldResult[],
): void {
  if (!theirs) return;
  for (const [field, tv] of Object.entries(theirs)) {
    if (typeof tv !== 'number') continue;
    const tol = toleranceFor(field, tv);
    if (tol === null) continue;
    const ov = ours?.[field];
    const ok = typeof ov === 'number' && Math.abs(ov - tv) <= tol + 1e-9;
    out.push({
      path: `${prefix}.${field}`,
      ours: typeof ov === 'number' ? ov : undefined,
      theirs: tv,
      tolerance: tol,
      ok,
    });
  }
}

export interface OurSide {
  players: Array<{
    name: string;
    platform: string;
    platform_id: string | null;
    stats: Record<string, Block | undefined>;
  }>;
  teams: {
    blue: { stats: Record<string, Block | undefined> };
    orange: { stats: Record<string, Block | undefined> };
  };
}

interface BallchasingPlayer {
  name: string;
  id: { platform: string; id: string };
  stats: Record<string, Block>;
}
interface BallchasingTeam {
  stats: Record<string, Block>;
  players: BallchasingPlayer[];
}
export interface BallchasingReplay {
  blue: BallchasingTeam;
  orange: BallchasingTeam;
}

/** Compare every numeric field ballchasing reports; players matched by platform id, then name. */
export function compareWithBallchasing(ours: OurSide, theirs: BallchasingReplay): FieldResult[] {
  const out: FieldResult[] = [];
  for (const color of ['blue', 'orange'] as const) {
    for (const bp of theirs[color].players) {
      const mine =
        ours.players.find((p) => p.platform === bp.id.platform && p.platform_id === bp.id.id) ??
        ours.players.find((p) => p.name === bp.name);
      for (const block of BLOCKS_PLAYER) {
        compareBlock(`${color}.${bp.name}.${block}`, mine?.stats[block], bp.stats[block], out);
      }
    }
    for (const block of BLOCKS_TEAM) {
      compareBlock(`${color}.team.${block}`, ours.teams[color].stats[block], theirs[color].stats[block], out);
    }
  }
  return out;
}
