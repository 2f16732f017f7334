import {
  BIG_PAD_BOOST,
  MAX_CAR_SPEED,
  RAW_BOOST_MAX,
  SMALL_PAD_BOOST,
  SMALL_PAD_RAW,
  STOLEN_PAD_MIN_Y,
} from '../constants.js';
import type { MatchModel, TeamIndex } from '../model.js';
import { integrate, type MatchIntegrals, type PlayerIntegrals } from './accumulate.js';
import { matchClockOf, type MatchClock } from '../match-clock.js';
import { possessionOnClock } from './possession.js';
import type {
  BoostStats,
  CoreStats,
  DemoStats,
  MovementStats,
  PlayerStats,
  PositioningStats,
  TeamStats,
} from './types.js';

export interface MatchStats {
  players: PlayerStats[];
  teams: [TeamStats, TeamStats];
  /** Live-play time every per-minute and role percentage uses. */
  liveSeconds: number;
}

const pct = (part: number, whole: number): number => (whole > 0 ? (part / whole) * 100 : 0);
const avg = (sum: number, time: number): number => (time > 0 ? sum / time : 0);

function coreFor(model: MatchModel, p: number): CoreStats {
  const player = model.players[p];
  const sb = player?.scoreboard;
  const team = player?.team ?? 0;
  const teamTotals = teamScoreboard(model, team === 0 ? 1 : 0);
  const goals = sb?.goals ?? 0;
  const shots = sb?.shots ?? 0;
  return {
    shots,
    shots_against: teamTotals.shots,
    goals,
    goals_against: teamTotals.goals,
    saves: sb?.saves ?? 0,
    assists: sb?.assists ?? 0,
    score: sb?.score ?? 0,
    mvp: mvpOf(model) === p,
    shooting_percentage: pct(goals, shots),
  };
}

function teamScoreboard(model: MatchModel, team: TeamIndex) {
  const t = { goals: 0, shots: 0, saves: 0, assists: 0, score: 0 };
  for (const p of model.players) {
    if (p.team !== team || !p.scoreboard) continue;
    t.goals += p.scoreboard.goals;
    t.shots += p.scoreboard.shots;
    t.saves += p.scoreboard.saves;
    t.assists += p.scoreboard.assists;
    t.score += p.scoreboard.score;
  }
  // The header's team score is authoritative when the scoreboard misses a player (left early).
  t.goals = Math.max(t.goals, model.info.teamScores[team]);
  return t;
}

/** MVP: the network flag, else the highest score on the winning team (the game's rule). */
export function mvpOf(model: MatchModel): number | null {
  if (model.mvp !== null) return model.mvp;
  const [blue, orange] = model.info.teamScores;
  if (blue === orange) return null;
  const winner: TeamIndex = blue > orange ? 0 : 1;
  let best: number | null = null;
  let bestScore = -1;
  model.players.forEach((p, i) => {
    if (p.team === winner && p.scoreboard && p.scoreboard.score > bestScore) {
      bestScore = p.scoreboard.score;
      best = i;
    }
  });
  return best;
}

interface PickupTotals {
  amount_collected: number;
  amount_stolen: number;
  amount_collected_big: number;
  amount_stolen_big: number;
  amount_collected_small: number;
  amount_stolen_small: number;
  count_collected_big: number;
  count_stolen_big: number;
  count_collected_small: number;
  count_stolen_small: number;
  amount_overfill: number;
  amount_overfill_stolen: number;
}

/** The replicated amount that showed the pickup's rise is a full tank (unknown counts as full). */
function endsFull(e: MatchModel['pickups'][number]): boolean {
  return e.observedRaw === null || e.observedRaw === undefined || e.observedRaw === RAW_BOOST_MAX;
}

function pickupsFor(model: MatchModel, p: number): PickupTotals {
  const t: PickupTotals = {
    amount_collected: 0,
    amount_stolen: 0,
    amount_collected_big: 0,
    amount_stolen_big: 0,
    amount_collected_small: 0,
    amount_stolen_small: 0,
    count_collected_big: 0,
    count_stolen_big: 0,
    count_collected_small: 0,
    count_stolen_small: 0,
    amount_overfill: 0,
    amount_overfill_stolen: 0,
  };
  const team = model.players[p]?.team ?? 0;
  for (const e of model.pickups) {
    if (e.player !== p || !e.pad || !e.gainObserved) continue;
    const pad = e.bookedPad === undefined ? e.pad : e.bookedPad;
    if (!pad) continue;
    const nominal = pad.size === 'big' ? BIG_PAD_BOOST : SMALL_PAD_BOOST;
    const room = e.before === null ? nominal : Math.max(0, 100 - e.before);
    // Gain = what the replicated amount showed.
    const observed =
      e.before !== null && e.observedRaw !== null && e.observedRaw !== undefined
        ? (e.observedRaw * 100) / RAW_BOOST_MAX - e.before
        : Infinity;
    // ballchasing books the whole observed rise, even above the pad's value (two pickups or a
    // respawn refill within one replication): trk511 collects 1278 from 98 small pads.
    const gained = Number.isFinite(observed) ? Math.max(0, observed) : Math.min(nominal, room);
    // Overfill is what the pad's nominal value would have pushed past a full tank from the last
    // replicated level (nominal − observed gain: 1 of 16 players), booked only when the pickup
    // leaves the tank exactly full (raw 255): a rise that stops short of full (boost burnt
    // within the replication interval, e.g. hawkrn 160 → 251 while boosting) wastes nothing for
    // ballchasing. amount_overfill 6 → 10 of 16 players, amount_overfill_stolen 13 → 16 of 16.
    const overfillNominal = pad.size === 'big' ? BIG_PAD_BOOST : (SMALL_PAD_RAW * 100) / RAW_BOOST_MAX;
    const overfill =
      e.before === null
        ? Math.max(0, nominal - gained)
        : endsFull(e)
          ? Math.max(0, e.before + overfillNominal - 100)
          : 0;
    const padY = team === 0 ? pad.position.y : -pad.position.y;
    const stolen = padY > STOLEN_PAD_MIN_Y;
    t.amount_overfill += overfill;
    if (pad.size === 'big') {
      t.count_collected_big++;
      t.amount_collected_big += gained;
    } else {
      t.count_collected_small++;
      t.amount_collected_small += gained;
    }
    if (stolen) {
      t.amount_overfill_stolen += overfill;
      if (pad.size === 'big') {
        t.count_stolen_big++;
        t.amount_stolen_big += gained;
      } else {
        t.count_stolen_small++;
        t.amount_stolen_small += gained;
      }
    }
  }
  // ballchasing reports whole amounts, each truncated, and the totals as sums of the truncated
  // big and small parts: ours minus theirs was 0–0.95 on every player's big, small and overfill
  // amounts, and the collected / stolen totals were off by exactly their parts' two fractions.
  // (The ε absorbs float error: the sums are of raw/255 fractions, e.g. Daniel's 359.99999999999994.)
  const whole = (x: number): number => Math.floor(x + 1e-9);
  t.amount_collected_big = whole(t.amount_collected_big);
  t.amount_collected_small = whole(t.amount_collected_small);
  t.amount_stolen_big = whole(t.amount_stolen_big);
  t.amount_stolen_small = whole(t.amount_stolen_small);
  t.amount_collected = t.amount_collected_big + t.amount_collected_small;
  t.amount_stolen = t.amount_stolen_big + t.amount_stolen_small;
  t.amount_overfill = whole(t.amount_overfill);
  t.amount_overfill_stolen = whole(t.amount_overfill_stolen);
  return t;
}

function boostFor(model: MatchModel, p: number, a: PlayerIntegrals, tLive: number): Partial<BoostStats> {
  const bandTotal = a.band0 + a.band25 + a.band50 + a.band75;
  const levels = {
    // Boost used per minute of the band time, a whole number as ballchasing reports it (truncated:
    // ours minus theirs is 0–0.8 on all 16 players before truncation), so team sums agree too.
    bpm: bandTotal > 0 ? Math.floor(((a.usedRaw * 100) / RAW_BOOST_MAX) * (60 / bandTotal)) : 0,
    avg_amount: a.meanBoostRaw === null ? 0 : (a.meanBoostRaw * 100) / RAW_BOOST_MAX,
    // A whole number, truncated as ballchasing reports it (ours − theirs 0.06–0.94 before), so the
    // team sums (sums of the players' integers) agree too.
    amount_used_while_supersonic: Math.floor((a.usedSupersonicRaw * 100) / RAW_BOOST_MAX),
    time_zero_boost: a.zero,
    percent_zero_boost: pct(a.zero, tLive),
    time_full_boost: a.full,
    percent_full_boost: pct(a.full, tLive),
    time_boost_0_25: a.band0,
    time_boost_25_50: a.band25,
    time_boost_50_75: a.band50,
    time_boost_75_100: a.band75,
    percent_boost_0_25: pct(a.band0, bandTotal),
    percent_boost_25_50: pct(a.band25, bandTotal),
    percent_boost_50_75: pct(a.band50, bandTotal),
    percent_boost_75_100: pct(a.band75, bandTotal),
  };
  if (model.boostPads !== 'supported') return levels;
  // Pickup amounts are the replicated rises: a player whose amount is never replicated (engine
  // 867.9, some 2016 offline matches) has none to measure, and booking each pad at its nominal
  // value would be a guess (issue #17): the pickup fields are left out, as on arenas without pads.
  if (a.meanBoostRaw === null) return levels;
  const pk = pickupsFor(model, p);
  return { ...levels, bcpm: tLive > 0 ? (pk.amount_collected * 60) / tLive : 0, ...pk };
}

function movementFor(a: PlayerIntegrals): MovementStats {
  const t = a.tPlayer;
  // ballchasing's avg_speed is the mean over rigid-body updates, not a time average (16/16 within 3 uu/s).
  const avgSpeed = a.freshCount > 0 ? a.freshSpeedSum / a.freshCount : 0;
  return {
    avg_speed: avgSpeed,
    total_distance: a.distance,
    time_supersonic_speed: a.supersonic,
    time_boost_speed: a.boostSpeed,
    time_slow_speed: a.slow,
    time_ground: a.ground,
    time_low_air: a.lowAir,
    time_high_air: a.highAir,
    time_powerslide: a.powerslideTime,
    count_powerslide: a.powerslideCount,
    avg_powerslide_duration: a.powerslideCount > 0 ? a.powerslideTime / a.powerslideCount : 0,
    avg_speed_percentage: (avgSpeed / MAX_CAR_SPEED) * 100,
    percent_slow_speed: pct(a.slow, t),
    percent_boost_speed: pct(a.boostSpeed, t),
    percent_supersonic_speed: pct(a.supersonic, t),
    percent_ground: pct(a.ground, t),
    percent_low_air: pct(a.lowAir, t),
    percent_high_air: pct(a.highAir, t),
  };
}

function positioningFor(a: PlayerIntegrals, tLive: number): PositioningStats {
  const t = a.tPlayer;
  return {
    avg_distance_to_ball: avg(a.ballDistSum, a.ballDistTime),
    avg_distance_to_ball_possession: avg(a.possDistSum, a.possDistTime),
    avg_distance_to_ball_no_possession: avg(a.noPossDistSum, a.noPossDistTime),
    avg_distance_to_mates: avg(a.matesDistSum, a.matesDistTime),
    time_defensive_third: a.defThird,
    time_neutral_third: a.neutralThird,
    time_offensive_third: a.offThird,
    time_defensive_half: a.defHalf,
    time_offensive_half: a.offHalf,
    time_behind_ball: a.behind,
    time_infront_ball: a.infront,
    // A role is held for at most the live time: the stopped-car credit (STOPPED_CAR_SPEED) comes on
    // top of the car's own ranking, so a car parked at the back of a short match (2015–2016
    // corpus replays 2114, 540d: 16.0 s of 14.5 s) would otherwise hold it more than 100 % of it.
    // Booking the credit once per frame instead costs 2 with-stats role fields (1,449 → 1,447).
    time_most_back: Math.min(a.mostBack, tLive),
    time_most_forward: Math.min(a.mostForward, tLive),
    time_closest_to_ball: Math.min(a.closest, tLive),
    time_farthest_from_ball: Math.min(a.farthest, tLive),
    percent_defensive_third: pct(a.defThird, t),
    percent_offensive_third: pct(a.offThird, t),
    percent_neutral_third: pct(a.neutralThird, t),
    percent_defensive_half: pct(a.defHalf, t),
    percent_offensive_half: pct(a.offHalf, t),
    percent_behind_ball: pct(a.behind, t),
    percent_infront_ball: pct(a.infront, t),
    percent_most_back: pct(Math.min(a.mostBack, tLive), tLive),
    percent_most_forward: pct(Math.min(a.mostForward, tLive), tLive),
    percent_closest_to_ball: pct(Math.min(a.closest, tLive), tLive),
    percent_farthest_from_ball: pct(Math.min(a.farthest, tLive), tLive),
  };
}

function demoFor(model: MatchModel, p: number): DemoStats {
  return {
    inflicted: model.demos.filter((d) => d.attacker === p).length,
    taken: model.demos.filter((d) => d.victim === p).length,
  };
}

const TEAM_BOOST_KEYS = [
  'bpm',
  'bcpm',
  'avg_amount',
  'amount_collected',
  'amount_stolen',
  'amount_collected_big',
  'amount_stolen_big',
  'amount_collected_small',
  'amount_stolen_small',
  'count_collected_big',
  'count_stolen_big',
  'count_collected_small',
  'count_stolen_small',
  'amount_overfill',
  'amount_overfill_stolen',
  'amount_used_while_supersonic',
  'time_zero_boost',
  'time_full_boost',
  'time_boost_0_25',
  'time_boost_25_50',
  'time_boost_50_75',
  'time_boost_75_100',
] as const;
const TEAM_MOVEMENT_KEYS = [
  'total_distance',
  'time_supersonic_speed',
  'time_boost_speed',
  'time_slow_speed',
  'time_ground',
  'time_low_air',
  'time_high_air',
  'time_powerslide',
  'count_powerslide',
] as const;
const TEAM_POSITIONING_KEYS = [
  'time_defensive_third',
  'time_neutral_third',
  'time_offensive_third',
  'time_defensive_half',
  'time_offensive_half',
  'time_behind_ball',
  'time_infront_ball',
] as const;

function sumKeys<K extends string>(
  items: Array<Partial<Record<K, unknown>> | undefined>,
  keys: readonly K[],
): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  // A key no player has (pickup fields on an arena without a pad table) stays absent; a team
  // without tracked players sums to 0.
  const present = (k: K): boolean => items.length === 0 || items.some((it) => typeof it?.[k] === 'number');
  for (const k of keys) {
    if (!present(k)) continue;
    let s = 0;
    for (const it of items) {
      const v = it?.[k];
      if (typeof v === 'number') s += v;
    }
    out[k] = s;
  }
  return out;
}

function teamStats(
  model: MatchModel,
  team: TeamIndex,
  players: PlayerStats[],
  integrals: MatchIntegrals | null,
  possession: [number, number],
): TeamStats {
  const mine = players.filter((_, i) => model.players[i]?.team === team);
  const own = teamScoreboard(model, team);
  const opp = teamScoreboard(model, team === 0 ? 1 : 0);
  const core: CoreStats = {
    shots: own.shots,
    shots_against: opp.shots,
    goals: own.goals,
    goals_against: opp.goals,
    saves: own.saves,
    assists: own.assists,
    score: own.score,
    shooting_percentage: pct(own.goals, own.shots),
  };
  const out: TeamStats = { core };
  if (integrals) {
    out.ball = { possession_time: possession[team], time_in_side: integrals.ballInSide[team] };
    out.boost = sumKeys(
      mine.map((p) => p.boost),
      TEAM_BOOST_KEYS,
    );
    out.movement = sumKeys(
      mine.map((p) => p.movement),
      TEAM_MOVEMENT_KEYS,
    ) as MovementStats;
    out.positioning = sumKeys(
      mine.map((p) => p.positioning),
      TEAM_POSITIONING_KEYS,
    ) as PositioningStats;
    out.demo = {
      inflicted: mine.reduce((s, p) => s + (p.demo?.inflicted ?? 0), 0),
      taken: mine.reduce((s, p) => s + (p.demo?.taken ?? 0), 0),
    };
  }
  return out;
}

/** Per-player and per-team stats in ballchasing's shape. Frame-based blocks need decoded frames. */
/** `clock`: the match clock (match-clock.ts); possession is counted on it. */
export function computeStats(model: MatchModel, clock: MatchClock = matchClockOf(model.frames)): MatchStats {
  const framesOk = model.quality.networkDecoded && model.quality.verdict !== 'unusable';
  const integrals = framesOk ? integrate(model) : null;
  const possession = possessionOnClock(model, clock);
  const tLive = integrals?.tLive ?? 0;
  const players: PlayerStats[] = model.players.map((_, p) => {
    const s: PlayerStats = { core: coreFor(model, p) };
    const a = integrals?.players[p];
    if (a) {
      s.boost = boostFor(model, p, a, tLive);
      s.movement = movementFor(a);
      s.positioning = positioningFor(a, tLive);
      s.demo = demoFor(model, p);
    }
    return s;
  });
  return {
    players,
    teams: [
      teamStats(model, 0, players, integrals, possession),
      teamStats(model, 1, players, integrals, possession),
    ],
    liveSeconds: tLive,
  };
}
