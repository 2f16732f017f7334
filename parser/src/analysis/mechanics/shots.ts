import type { GoalEvent, MatchModel, Vec3 } from '../model.js';
import type { TouchEvent } from '../events.js';
import type { MechanicSignals } from './signals.js';
import { expectedGoals, type XgFactors } from './xg.js';
import * as T from './thresholds.js';

export interface ShotEvent {
  frame: number;
  time: number;
  player: number;
  /** The shot touch (the player's latest touch before the game counted the shot), when found. */
  touch: { time: number; position: Vec3; ballSpeed: number } | null;
  /** The model's xG for the shot; null when no touch was found to measure it from. */
  xg: XgFactors | null;
  /** A goal by this player followed within the touch window. */
  scored: boolean;
}

export interface SaveEvent {
  frame: number;
  time: number;
  player: number;
  touch: { time: number; position: Vec3; ballSpeed: number } | null;
}

export interface GoalAssist {
  /** Index into MatchModel.goals. */
  goal: number;
  assister: number | null;
}

export interface ShotsAndSaves {
  shots: ShotEvent[];
  saves: SaveEvent[];
  assists: GoalAssist[];
}

function latestTouch(touches: TouchEvent[], player: number, time: number): TouchEvent | null {
  let best: TouchEvent | null = null;
  for (const t of touches) {
    if (t.time > time + 1e-6) break;
    if (t.player === player && time - t.time <= T.STAT_TOUCH_MAX_LAG_S) best = t;
  }
  return best;
}

/**
 * Shots, saves and assists, timed by the game's own scoreboard counters (PRI_TA:MatchShots,
 * MatchSaves, MatchAssists rising), which is what the header's PlayerStats totals count. Each is
 * tied to the player's latest touch, where the xG factors are measured.
 */
export function detectShotsAndSaves(
  model: MatchModel,
  sig: MechanicSignals,
  touches: TouchEvent[],
): ShotsAndSaves {
  const touchInfo = (t: TouchEvent | null) =>
    t ? { time: t.time, position: t.position, ballSpeed: t.ballSpeed } : null;
  const shots: ShotEvent[] = [];
  const saves: SaveEvent[] = [];
  for (const inc of sig.statIncrements) {
    const team = model.players[inc.player]?.team;
    if (team === undefined) continue;
    if (inc.stat === 'shots') {
      const touch = latestTouch(touches, inc.player, inc.time);
      shots.push({
        frame: inc.frame,
        time: inc.time,
        player: inc.player,
        touch: touchInfo(touch),
        xg: touch ? expectedGoals(touch.position, touch.ballSpeed, team) : null,
        scored: model.goals.some(
          (g) =>
            g.scorer === inc.player &&
            g.time >= inc.time - T.STAT_TOUCH_MAX_LAG_S &&
            g.time - inc.time <= T.STAT_TOUCH_MAX_LAG_S * 3,
        ),
      });
    } else if (inc.stat === 'saves') {
      saves.push({
        frame: inc.frame,
        time: inc.time,
        player: inc.player,
        touch: touchInfo(latestTouch(touches, inc.player, inc.time)),
      });
    }
  }
  return { shots, saves, assists: assistsOf(model, sig) };
}

/** The assister of each goal: the scorer's teammate whose assist counter rose at that goal. */
function assistsOf(model: MatchModel, sig: MechanicSignals): GoalAssist[] {
  const used = new Set<number>();
  return model.goals.map((g: GoalEvent, n) => {
    let best: number | null = null;
    let bestGap = T.ASSIST_MATCH_S;
    sig.statIncrements.forEach((inc, k) => {
      if (inc.stat !== 'assists' || used.has(k)) return;
      if (model.players[inc.player]?.team !== g.team || inc.player === g.scorer) return;
      const gap = Math.abs(inc.time - g.time);
      if (gap <= bestGap) {
        bestGap = gap;
        best = k;
      }
    });
    if (best === null) return { goal: n, assister: null };
    used.add(best);
    return { goal: n, assister: sig.statIncrements[best]?.player ?? null };
  });
}
