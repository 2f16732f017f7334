import {
  DOUBLE_COMMIT_UU,
  FIELD_HALF_LENGTH_Y,
  FIELD_HALF_WIDTH_X,
  HEATMAP_CELLS_X,
  HEATMAP_CELLS_Y,
  INSIGHT_BALLCHASE_FIRST_MAN_PCT,
  INSIGHT_LOW_SHOOTING_MIN_SHOTS,
  INSIGHT_LOW_SHOOTING_PCT,
  INSIGHT_PASSIVE_THIRD_MAN_PCT,
  INSIGHT_STARVATION_ZERO_BOOST_S,
  INSIGHT_STOLEN_BIG_PADS,
} from './constants.js';
import type { CarState, FrameState, MatchModel, Vec3 } from './model.js';
import { PLAY_PHASES } from './stats/accumulate.js';
import type { PlayerStats } from './stats/types.js';
import { hypot3 } from './hypot.js';

/** Rotation and heatmap analytics per player (stats-reference §B.5, §B.6, §B.8). */
export interface PlayerAnalytics {
  /** Share of live time as the teammate closest to the ball (1st), 2nd, 3rd; null when the team is too small. */
  percent_first_man: number | null;
  percent_second_man: number | null;
  percent_third_man: number | null;
  /** Live seconds this player and a teammate were both within DOUBLE_COMMIT_UU of the ball. */
  time_double_commit: number;
  /** Live seconds as the teammate nearest to the own goal (last defender). */
  time_last_man: number;
  /** Occupancy grid, HEATMAP_CELLS_Y rows of HEATMAP_CELLS_X cells (x from −4096, y from −5120), fractions summing to 1. */
  heatmap: number[][];
}

export interface Insight {
  player: string;
  severity: 'praise' | 'info' | 'warning';
  code: string;
  message: string;
  evidence: Record<string, number>;
}

const dist = (a: Vec3, b: Vec3): number => hypot3(a.x - b.x, a.y - b.y, a.z - b.z);
const cell = (v: number, half: number, cells: number): number =>
  Math.min(cells - 1, Math.max(0, Math.floor(((v + half) / (2 * half)) * cells)));

export function playerAnalytics(model: MatchModel): PlayerAnalytics[] {
  const n = model.players.length;
  const rank = model.players.map(() => [0, 0, 0]);
  const presentTime = new Array<number>(n).fill(0);
  const doubleCommit = new Array<number>(n).fill(0);
  const lastMan = new Array<number>(n).fill(0);
  const grids = model.players.map(() =>
    Array.from({ length: HEATMAP_CELLS_Y }, () => new Array<number>(HEATMAP_CELLS_X).fill(0)),
  );
  const gridTime = new Array<number>(n).fill(0);

  const teams: [number[], number[]] = [[], []];
  model.players.forEach((p, i) => teams[p.team].push(i));
  const ballDist = new Array<number>(n).fill(0);
  const present: number[] = [];
  // Index loops: this walk runs frames × teams × players², and iterators cost garbage here.
  const frames = model.frames;
  for (let fi = 0; fi < frames.length; fi++) {
    const f = frames[fi] as FrameState;
    if (!PLAY_PHASES.has(f.phase)) continue;
    const ball = f.ball?.position ?? null;
    const dt = f.dt;
    for (let team: 0 | 1 = 0; team <= 1; team = (team + 1) as 0 | 1) {
      present.length = 0;
      const members = teams[team];
      for (let k = 0; k < members.length; k++) {
        const i = members[k] as number;
        if (f.cars[i]) present.push(i);
      }
      if (present.length === 0) continue;
      // Last man: nearest to the own goal line.
      const goalY = team === 0 ? -FIELD_HALF_LENGTH_Y : FIELD_HALF_LENGTH_Y;
      let last = -1;
      let lastD = Infinity;
      for (let k = 0; k < present.length; k++) {
        const i = present[k] as number;
        const c = f.cars[i] as CarState;
        const d = Math.abs(c.position.y - goalY);
        if (d < lastD) {
          lastD = d;
          last = i;
        }
        const row = grids[i]?.[cell(c.position.y, FIELD_HALF_LENGTH_Y, HEATMAP_CELLS_Y)];
        const col = cell(c.position.x, FIELD_HALF_WIDTH_X, HEATMAP_CELLS_X);
        if (row) row[col] = (row[col] ?? 0) + dt;
        gridTime[i] = (gridTime[i] ?? 0) + dt;
        if (ball) ballDist[i] = dist(c.position, ball);
      }
      lastMan[last] = (lastMan[last] ?? 0) + dt;
      if (!ball) continue;
      let near = 0;
      for (let k = 0; k < present.length; k++)
        if ((ballDist[present[k] as number] ?? Infinity) <= DOUBLE_COMMIT_UU) near++;
      for (let k = 0; k < present.length; k++) {
        const i = present[k] as number;
        const d = ballDist[i] ?? 0;
        // Rank = teammates strictly closer to the ball.
        let r = 0;
        for (let m = 0; m < present.length; m++) {
          const j = present[m] as number;
          if (j !== i && (ballDist[j] ?? 0) < d) r++;
        }
        presentTime[i] = (presentTime[i] ?? 0) + dt;
        const row = rank[i];
        if (row && r < 3) row[r] = (row[r] ?? 0) + dt;
        if (near >= 2 && d <= DOUBLE_COMMIT_UU) doubleCommit[i] = (doubleCommit[i] ?? 0) + dt;
      }
    }
  }
  const teamSize = (t: 0 | 1) => model.players.filter((p) => p.team === t).length;
  return model.players.map((player, p) => {
    const t = presentTime[p] ?? 0;
    const size = teamSize(player.team);
    const pct = (r: number): number | null => (r >= size || t === 0 ? null : ((rank[p]?.[r] ?? 0) / t) * 100);
    const total = gridTime[p] ?? 0;
    return {
      percent_first_man: pct(0),
      percent_second_man: pct(1),
      percent_third_man: pct(2),
      time_double_commit: doubleCommit[p] ?? 0,
      time_last_man: lastMan[p] ?? 0,
      heatmap: (grids[p] ?? []).map((row) => row.map((v) => (total > 0 ? v / total : 0))),
    };
  });
}

/** Plain-language, rule-based insights (stats-reference §B.10) with the numbers behind each. */
export function insights(model: MatchModel, stats: PlayerStats[], analytics: PlayerAnalytics[]): Insight[] {
  const out: Insight[] = [];
  model.players.forEach((player, p) => {
    const s = stats[p];
    const a = analytics[p];
    if (!s || !a) return;
    const name = player.name;
    if (
      a.percent_first_man !== null &&
      a.percent_second_man !== null &&
      a.percent_first_man > INSIGHT_BALLCHASE_FIRST_MAN_PCT
    ) {
      out.push({
        player: name,
        severity: 'warning',
        code: 'ball_chasing',
        message: `Closest teammate to the ball ${a.percent_first_man.toFixed(0)} % of the time: leave some balls to your teammates.`,
        evidence: { percent_first_man: a.percent_first_man },
      });
    }
    if (a.percent_third_man !== null && a.percent_third_man < INSIGHT_PASSIVE_THIRD_MAN_PCT) {
      out.push({
        player: name,
        severity: 'info',
        code: 'rarely_third_man',
        message: `Third man only ${a.percent_third_man.toFixed(0)} % of the time: rotate back more often.`,
        evidence: { percent_third_man: a.percent_third_man },
      });
    }
    const zero = s.boost?.time_zero_boost;
    if (zero !== undefined && zero > INSIGHT_STARVATION_ZERO_BOOST_S) {
      out.push({
        player: name,
        severity: 'warning',
        code: 'boost_starvation',
        message: `${zero.toFixed(0)} s with an empty tank: grab small pads on your rotation.`,
        evidence: { time_zero_boost: zero },
      });
    }
    const stolen = s.boost?.count_stolen_big;
    if (stolen !== undefined && stolen >= INSIGHT_STOLEN_BIG_PADS) {
      out.push({
        player: name,
        severity: 'praise',
        code: 'boost_stealing',
        message: `Took ${stolen} big pads in the opponents' half.`,
        evidence: { count_stolen_big: stolen },
      });
    }
    const { shots, shooting_percentage } = s.core;
    if (shots >= INSIGHT_LOW_SHOOTING_MIN_SHOTS && shooting_percentage < INSIGHT_LOW_SHOOTING_PCT) {
      out.push({
        player: name,
        severity: 'info',
        code: 'low_conversion',
        message: `${shots} shots for a ${shooting_percentage.toFixed(0)} % conversion: look for better shooting positions.`,
        evidence: { shots, shooting_percentage },
      });
    }
  });
  return out;
}
