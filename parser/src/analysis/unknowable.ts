import type { MatchModel, Phase, TeamColor } from './model.js';
import { teamColor } from './model.js';
import type { BoostStats, PlayerStats, TeamStats } from './stats/types.js';

/** A stat the replay cannot support, left out of the report with the reason. */
export interface UnknowableStats {
  /** The player whose figures are left out; null for a team's. */
  player: string | null;
  team: TeamColor;
  /** Dotted stat keys left out (absent from the stats block), e.g. `boost.bpm`. */
  fields: string[];
  reason: string;
}

/** Boost fields computed from the replicated tank level (stats/boost-levels.ts), not from pads. */
const TANK_LEVEL_FIELDS: ReadonlyArray<keyof BoostStats> = [
  'bpm',
  'avg_amount',
  'amount_used_while_supersonic',
  'time_zero_boost',
  'time_full_boost',
  'time_boost_0_25',
  'time_boost_25_50',
  'time_boost_50_75',
  'time_boost_75_100',
  'percent_zero_boost',
  'percent_full_boost',
  'percent_boost_0_25',
  'percent_boost_25_50',
  'percent_boost_50_75',
  'percent_boost_75_100',
];

const NO_TANK_REASON =
  "the replay never replicates this car's boost amount during play (27 players of the corpus, on engines " +
  '867.9–868.12 of 2015–2016 and one 2024 player), so usage, average amount and time at each level are unknown, not zero';

const IN_PLAY: ReadonlySet<Phase> = new Set<Phase>(['kickoff', 'live']);

/** The player's car is in play on some frame, and on none of them is its tank replicated. */
function tankNeverReplicated(model: MatchModel, player: number): boolean {
  let inPlay = false;
  for (const f of model.frames) {
    const c = f.cars[player];
    if (!c || !IN_PLAY.has(f.phase)) continue;
    if (c.boostReplicated !== null) return false;
    inPlay = true;
  }
  return inPlay;
}

function without<T extends { boost?: Partial<BoostStats> }>(s: T): T {
  if (!s.boost) return s;
  const boost = { ...s.boost };
  for (const k of TANK_LEVEL_FIELDS) delete boost[k];
  return { ...s, boost };
}

/**
 * The stats with every figure the replay cannot support left out, and the list of what was left
 * out and why. Today: tank-level boost figures of cars whose tank is never replicated (they would
 * read 0, a guess); a team loses them when any of its players does (its sums would be partial).
 */
export function withoutUnknowable(
  model: MatchModel,
  players: PlayerStats[],
  teams: [TeamStats, TeamStats],
): { players: PlayerStats[]; teams: [TeamStats, TeamStats]; unknowable: UnknowableStats[] } {
  if (!model.quality.networkDecoded) return { players, teams, unknowable: [] };
  const unknowable: UnknowableStats[] = [];
  const blind = new Set<number>();
  model.players.forEach((p, i) => {
    if (!players[i]?.boost || !tankNeverReplicated(model, i)) return;
    blind.add(i);
    const fields = TANK_LEVEL_FIELDS.filter((k) => players[i]?.boost?.[k] !== undefined);
    unknowable.push({
      player: p.name,
      team: teamColor(p.team),
      fields: fields.map((k) => `boost.${k}`),
      reason: NO_TANK_REASON,
    });
  });
  if (blind.size === 0) return { players, teams, unknowable };
  const blindTeam = (t: 0 | 1) => model.players.some((p, i) => p.team === t && blind.has(i));
  const outTeams = ([0, 1] as const).map((t) => {
    if (!blindTeam(t)) return teams[t];
    const fields = TANK_LEVEL_FIELDS.filter((k) => teams[t].boost?.[k] !== undefined);
    if (fields.length > 0)
      unknowable.push({
        player: null,
        team: teamColor(t),
        fields: fields.map((k) => `boost.${k}`),
        reason: `a player's tank is never replicated: ${NO_TANK_REASON}`,
      });
    return without(teams[t]);
  }) as [TeamStats, TeamStats];
  return { players: players.map((s, i) => (blind.has(i) ? without(s) : s)), teams: outTeams, unknowable };
}
