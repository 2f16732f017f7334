/**
 * Invariants every analysis must satisfy on any replay, of any era and mode: the ground truth we
 * have everywhere (issue #17). Each check returns human-readable violations; an empty list passes.
 */
import { arenaHasStandardPads } from '../../src/analysis/arena.js';
import { MAX_CAR_SPEED, RAW_BOOST_MAX } from '../../src/analysis/constants.js';
import type { AnalysisReport } from '../../src/analysis/index.js';
import type { FrameState, MatchModel, PlayerStats } from '../../src/analysis/index.js';
import { PLAY_PHASES } from '../../src/analysis/stats/accumulate.js';
import { usedPerFrame } from '../../src/analysis/stats/boost-levels.js';

/** Seconds: float sums over thousands of frames, and the 0.01 s of a single frame's rounding. */
const TIME_EPS = 0.05;
/**
 * Speed limit with replication noise. The game clamps a car's speed at 2300 uu/s, but the
 * replicated velocity is quantised (to 0.1 uu/s from net version 5, to whole uu/s before, per
 * component, so |v| can read up to √3 × quantum high), and a car launched by a demolition or a
 * bump is replicated once before the clamp applies. 1 % (23 uu/s) covers both without hiding a
 * scale error (a wrong velocity scale is off by 10× or 100×).
 */
const SPEED_LIMIT = MAX_CAR_SPEED * 1.01;
/**
 * The floor is z = 0 and a car's centre rests at z ≈ 17 on it; a car in a goal or on a ramp seam is
 * replicated a few uu low (compressed suspension, quantised positions). Anything below −5 uu
 * would be a car under the pitch.
 */
const MIN_Z = -5;
/**
 * Boost conservation tolerance (0–100 units) besides the overfill: `amount_collected` is the sum
 * of two truncated parts (big and small, up to 1 each).
 */
const BOOST_EPS = 2;

export interface Era {
  version: string;
  date: string | null;
  mode: string;
}

export function eraOf(report: AnalysisReport): Era {
  const m = report.match;
  const mode = [m.game_type, m.match_type, m.team_size ? `${m.team_size}v${m.team_size}` : null, m.map_code]
    .filter(Boolean)
    .join(' ');
  return { version: m.version, date: m.local_date ?? m.started_at, mode };
}

export const describeEra = (e: Era): string => `engine ${e.version}, ${e.date ?? 'no date'}, ${e.mode}`;

const sum = (...xs: Array<number | undefined>): number => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

/** Live time T_live from the model's phases (the role clock). */
export function liveSeconds(model: MatchModel): number {
  let t = 0;
  for (const f of model.frames) if (PLAY_PHASES.has(f.phase)) t += f.dt;
  return t;
}

function timePartitions(s: PlayerStats): Array<{ name: string; times: number[] }> {
  const m = s.movement;
  const p = s.positioning;
  if (!m || !p) return [];
  return [
    { name: 'speed bands', times: [m.time_slow_speed, m.time_boost_speed, m.time_supersonic_speed] },
    { name: 'height bands', times: [m.time_ground, m.time_low_air, m.time_high_air] },
    { name: 'thirds', times: [p.time_defensive_third, p.time_neutral_third, p.time_offensive_third] },
    { name: 'halves', times: [p.time_defensive_half, p.time_offensive_half] },
    { name: 'ball side', times: [p.time_behind_ball, p.time_infront_ball] },
  ];
}

/** Every number in a stats block that is a time (time_*) must be ≥ 0. */
function negativeTimes(label: string, block: object | undefined): string[] {
  if (!block) return [];
  return Object.entries(block)
    .filter(([k, v]) => (k.startsWith('time_') || k.startsWith('amount_') || k.startsWith('count_')) && v < 0)
    .map(([k, v]) => `${label} ${k} = ${String(v)} < 0`);
}

/**
 * Boost conservation per player: within each stretch of one boost component's life (a car life, cut
 * at each kickoff reset), end level − start level = Σ rises − Σ drops. The drops are the usage
 * (`usedPerFrame`, which also skips the kickoff reset); every rise must be a booked pickup. So
 * `amount_collected` ≈ Σ replicated rises: a rise nobody booked is boost from nowhere (a wrong scale
 * or a missed pad), a booked pickup without a rise is boost counted twice.
 */
function boostConservation(model: MatchModel, p: number, collected: number, overfill: number): string | null {
  const used = usedPerFrame(model, p);
  let drops = 0;
  let delta = 0;
  let first: number | null = null;
  let prev: number | null = null;
  const close = (): void => {
    if (first !== null && prev !== null) delta += prev - first;
    first = null;
    prev = null;
  };
  model.frames.forEach((f: FrameState, i) => {
    const c = f.cars[p];
    const raw = c?.boostReplicated ?? null;
    if (!c || raw === null || f.phase === 'pre') return close();
    // The kickoff after a goal resets the tank (up or down to 33.3): a new stretch.
    if (model.frames[i - 1]?.phase === 'postGoal' && f.phase !== 'postGoal') close();
    // A drop usedPerFrame does not count as usage is a reset (kickoff after a goal), and an amount
    // that comes with the component's announcement and differs from the last is a new component
    // (a respawned car starts at 33.3): both start a new stretch. Keyframe resends repeat the value.
    if (prev !== null && raw < prev && (used[i] ?? 0) === 0) close();
    if (prev !== null && raw !== prev && c.boostFresh && c.boostWithAnnouncement) close();
    if (first === null) first = raw;
    else if (prev !== null && raw < prev) drops += prev - raw;
    prev = raw;
  });
  close();
  const scale = 100 / RAW_BOOST_MAX;
  // Σ rises − Σ drops = Σ (end − start) holds by construction; the content is collected ≈ rises.
  const bookedMinusUsed = collected - drops * scale;
  const levelChange = delta * scale;
  const gap = bookedMinusUsed - levelChange;
  // Within overfill (issue #17): boost a pad offered beyond a full tank may show up in either term.
  if (Math.abs(gap) <= BOOST_EPS + overfill) return null;
  return (
    `boost not conserved: collected ${collected.toFixed(1)} − used ${(drops * scale).toFixed(1)} = ` +
    `${bookedMinusUsed.toFixed(1)} but the level changed by ${levelChange.toFixed(1)} (gap ${gap.toFixed(1)})`
  );
}

/** All invariant violations of one analysed replay. */
export function invariantViolations(model: MatchModel, report: AnalysisReport): string[] {
  const out: string[] = [];
  const tLive = liveSeconds(model);
  const duration = report.match.duration;

  report.players.forEach((player, p) => {
    const who = `${player.team} ${player.name}`;
    const s = player.stats;
    for (const [label, block] of Object.entries(s))
      out.push(...negativeTimes(`${who} ${label}`, block as object));

    // Band times partition the tracked time.
    const groups = timePartitions(s);
    const tracked = sum(...(groups[0]?.times ?? []));
    if (tracked > duration + TIME_EPS)
      out.push(`${who} tracked ${tracked.toFixed(2)} s > duration ${duration}`);
    for (const g of groups) {
      const t = sum(...g.times);
      if (Math.abs(t - tracked) > TIME_EPS)
        out.push(`${who} ${g.name} sum ${t.toFixed(2)} s ≠ tracked ${tracked.toFixed(2)} s`);
    }

    // Roles run on the live clock: no role longer than T_live.
    const pos = s.positioning;
    for (const k of [
      'time_most_back',
      'time_most_forward',
      'time_closest_to_ball',
      'time_farthest_from_ball',
    ] as const) {
      const v = pos?.[k];
      if (v !== undefined && v > tLive + TIME_EPS)
        out.push(`${who} ${k} ${v.toFixed(2)} s > T_live ${tLive.toFixed(2)} s`);
    }

    const b = s.boost;
    if (b) {
      if (b.avg_amount !== undefined && (b.avg_amount < 0 || b.avg_amount > 100))
        out.push(`${who} avg_amount ${b.avg_amount} outside 0–100`);
      const bands = sum(b.time_boost_0_25, b.time_boost_25_50, b.time_boost_50_75, b.time_boost_75_100);
      if (bands > duration + TIME_EPS) out.push(`${who} boost band time ${bands.toFixed(2)} s > duration`);
      if (b.amount_collected !== undefined && model.boostPads === 'supported') {
        const v = boostConservation(model, p, b.amount_collected, b.amount_overfill ?? 0);
        if (v) out.push(`${who} ${v}`);
      }
    }
  });

  // Per team: one most-forward car per frame (level cars share it), so the team's forward times
  // add up to at most T_live.
  for (const team of ['blue', 'orange'] as const) {
    const forward = sum(
      ...report.players.filter((x) => x.team === team).map((x) => x.stats.positioning?.time_most_forward),
    );
    if (forward > tLive + TIME_EPS)
      out.push(`${team} team most-forward sum ${forward.toFixed(2)} s > T_live ${tLive.toFixed(2)} s`);
  }

  // Physical limits on every car of every frame, on standard soccar arenas: knockout's arena has
  // its own floor and launches cars past 2300 uu/s by design, and the Labs maps have holes.
  const standardArena = arenaHasStandardPads(report.match.map_code, report.match.game_type);
  let fastest: { v: number; t: number; p: number } | null = null;
  let lowest: { z: number; t: number; p: number } | null = null;
  for (const f of model.frames) {
    f.cars.forEach((c, p) => {
      if (!c) return;
      if (standardArena && c.velocity && c.fresh) {
        const v = Math.hypot(c.velocity.x, c.velocity.y, c.velocity.z);
        if (v > SPEED_LIMIT && (!fastest || v > fastest.v)) fastest = { v, t: f.time, p };
      }
      if (standardArena && c.position.z < MIN_Z && (!lowest || c.position.z < lowest.z))
        lowest = { z: c.position.z, t: f.time, p };
      if (c.boost !== null && (c.boost < 0 || c.boost > 100))
        out.push(`${model.players[p]?.name} boost ${c.boost} outside 0–100 at ${f.time.toFixed(2)} s`);
    });
  }
  const f = fastest as { v: number; t: number; p: number } | null;
  if (f)
    out.push(
      `${model.players[f.p]?.name} speed ${f.v.toFixed(0)} uu/s > ${SPEED_LIMIT} at ${f.t.toFixed(2)} s`,
    );
  const l = lowest as { z: number; t: number; p: number } | null;
  if (l) out.push(`${model.players[l.p]?.name} z ${l.z.toFixed(1)} uu < ${MIN_Z} at ${l.t.toFixed(2)} s`);
  return out;
}
