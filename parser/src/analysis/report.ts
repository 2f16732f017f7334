import type { ParsedReplay } from '../replay.js';
import { buildMatchModel } from './build-model.js';
import type { MatchModel, Platform, QualityScorecard, TeamColor } from './model.js';
import { teamColor } from './model.js';
import { detectEvents, type MatchEvents } from './events.js';
import {
  analyzeMechanics,
  countMechanics,
  emptySignals,
  readMechanicSignals,
  type MechanicSignals,
  type MechanicsAnalysis,
  type MechanicsCounts,
  type MechanicsSummary,
} from './mechanics.js';
import type { FlipDirection, MechanicKind } from './mechanics/detect.js';
import { insights, playerAnalytics, type Insight, type PlayerAnalytics } from './advanced.js';
import { computeStats, mvpOf, type MatchStats } from './stats/compute.js';
import { matchClockOf, regulationOver, type ClockSegment, type MatchClock } from './match-clock.js';
import type { PlayerStats, TeamStats } from './stats/types.js';
import { xgModelDescription } from './mechanics/xg.js';
import { matchXg, type XgFigure } from './xg-report.js';
import { withoutUnknowable, type UnknowableStats } from './unknowable.js';

/** Bumped on any breaking change to the report's shape (see report.schema.json). */
export const REPORT_VERSION = 1;
/**
 * Bumped on additive changes. 1: timestamped mechanics, shots, saves, per-goal assisters and xG
 * (a 1.0 report lacks these fields). 2: `match.clock`, the match clock (a 1.1 report lacks it).
 * 3: xG from the fitted model with 90 % intervals (`xg_low`/`xg_high`, players' `low`/`high`) and
 * `events.xg_unavailable`, the reason a match gets no xG numbers; `quality.unknowable`, figures left
 * out because the replay cannot support them (a 1.2 report lacks these).
 */
export const REPORT_MINOR_VERSION = 3;

/**
 * Version of the analysis rules (stats, events, mechanics, insights), independent of the report's
 * shape. Bump it whenever a change alters any computed value, even when the JSON shape stays the
 * same: every stored result carries the version it was analysed with, and the worker re-analyses
 * results stored with an older (or no) version from their original files.
 */
export const ANALYSIS_VERSION = 8;

export interface ReportPlayer {
  name: string;
  platform: Platform;
  /** null when the replay carries no platform id for this player. */
  platform_id: string | null;
  team: TeamColor;
  mvp: boolean;
  stats: PlayerStats;
  /** Component-actor mechanic counts plus detected mechanics (stats-reference §B.2); null without decoded frames. */
  mechanics: ReportMechanics | null;
  /**
   * Shots (from the game's shot counter) and their summed model xG with its 90 % interval
   * (total/low/high null when events.xg_unavailable says why); null without decoded frames.
   */
  xg: { shots: number; total: number | null; low: number | null; high: number | null } | null;
  /** Rotation roles, double commits, last-man time and a position heatmap; null without decoded frames. */
  analytics: PlayerAnalytics | null;
}

export interface ReportMechanics extends MechanicsCounts, MechanicsSummary {}

export interface ReportMechanicEvent {
  time: number;
  frame: number;
  player: string | null;
  team: TeamColor;
  kind: MechanicKind;
  direction?: FlipDirection;
  /** aerial: peak car height (uu). */
  height?: number;
  /** air dribble: number of touches. */
  touches?: number;
  success?: boolean;
}

/** Where and when a shot or save happened, and the touch that made it. */
interface ReportTouchEvent {
  time: number;
  frame: number;
  player: string | null;
  team: TeamColor;
  /** The player's latest touch before the game counted the event; null when not found. */
  touch_time: number | null;
  x: number | null;
  y: number | null;
  z: number | null;
}

export interface ReportShot extends ReportTouchEvent {
  ball_speed: number | null;
  /** Model xG (see events.xg_model) and its inputs; null without a shot touch or a model for the mode. */
  xg: number | null;
  /** 90 % interval of xg over the model's bootstrap refits; null with xg. */
  xg_low: number | null;
  xg_high: number | null;
  distance: number | null;
  angle: number | null;
  scored: boolean;
}

export type ReportSave = ReportTouchEvent;

export interface ReportTeam {
  color: TeamColor;
  /** Custom team name (named teams only), else null. */
  name: string | null;
  goals: number;
  stats: TeamStats;
  /** Summed model xG of the team's shots and its 90 % interval; null without decoded frames or a model for the mode. */
  xg: number | null;
  xg_low: number | null;
  xg_high: number | null;
}

export interface ReportGoal {
  time: number;
  frame: number;
  team: TeamColor;
  scorer: string | null;
  /** The scorer's teammate credited with the assist (their assist counter rose at the goal), else null. */
  assister: string | null;
}

export interface ReportDemo {
  time: number;
  frame: number;
  attacker: string | null;
  victim: string | null;
}

export interface ReportTouch {
  time: number;
  player: string | null;
  team: TeamColor;
  /** Ball position (uu) and speed after the touch (uu/s). */
  x: number;
  y: number;
  z: number;
  ball_speed: number;
}

export interface ReportKickoff {
  time: number;
  spawns: Array<{ player: string; x: number; y: number }>;
  first_touch: { time: number; player: string | null; team: TeamColor } | null;
  first_possession: TeamColor | null;
}

/** The quality scorecard in the report's snake_case. */
export interface ReportQuality {
  player_frame_coverage: number;
  players_with_identity: number;
  player_count: number;
  network_decoded: boolean;
  boost_pads: QualityScorecard['boostPads'];
  verdict: QualityScorecard['verdict'];
  notes: string[];
  /** Figures left out of the stats because the replay cannot support them, and why (1.3+). */
  unknowable: UnknowableStats[];
}

export interface AnalysisReport {
  report_version: typeof REPORT_VERSION;
  report_minor_version: typeof REPORT_MINOR_VERSION;
  match: {
    replay_id: string | null;
    match_guid: string | null;
    title: string | null;
    map_code: string | null;
    match_type: string | null;
    team_size: number | null;
    playlist_id: number | null;
    started_at: string | null;
    local_date: string | null;
    duration: number;
    live_seconds: number;
    /**
     * The match clock (match-clock.ts): `seconds`, the match length as the game's clock ran it
     * (regulation plus overtime); `segments`, the replay-time stretches it ran in, to read any
     * event's replay `time` on the clock. Possession is counted on it.
     */
    clock: { seconds: number; segments: ClockSegment[] };
    overtime: boolean;
    forfeit: boolean;
    game_type: string;
    version: string;
  };
  quality: ReportQuality;
  players: ReportPlayer[];
  teams: { blue: ReportTeam; orange: ReportTeam };
  insights: Insight[];
  events: {
    goals: ReportGoal[];
    demos: ReportDemo[];
    touches: ReportTouch[];
    kickoffs: ReportKickoff[];
    possession_changes: Array<{ time: number; team: TeamColor }>;
    passes: Array<{
      time: number;
      from: string | null;
      to: string | null;
      team: TeamColor;
      progress: number;
      completed: boolean;
    }>;
    challenges: Array<{
      time: number;
      first: string | null;
      second: string | null;
      winner: TeamColor | null;
    }>;
    shots: ReportShot[];
    saves: ReportSave[];
    mechanics: ReportMechanicEvent[];
    xg_model: string;
    /** Why this match has no xG numbers (mode not fitted, too few corpus shots of its size), else null. */
    xg_unavailable: string | null;
  };
}

/**
 * Shape a match model and its stats into the versioned report. `signals` (readMechanicSignals)
 * add car orientation and the scoreboard counters' timing; without them (hand-built models) flip
 * directions fall back to the dodge impulse and shots/saves/assisters stay empty. `clockStopped`
 * (regulationOver) holds the match clock after regulation.
 */
export function reportFromModel(
  model: MatchModel,
  signals: MechanicSignals = emptySignals(model),
  clockStopped: readonly boolean[] = [],
  timings?: AnalysisTimings,
): AnalysisReport {
  const framesOk = model.quality.networkDecoded;
  const ev = timed(timings, 'events', () =>
    model.quality.networkDecoded
      ? detectEvents(model)
      : { touches: [], kickoffs: [], possessionChanges: [], passes: [], challenges: [] },
  );
  const clock = timed(timings, 'clock', () =>
    matchClockOf(model.frames, {
      stopped: clockStopped,
      touches: ev.touches,
      goalFrames: model.goals.map((g) => g.frame),
    }),
  );
  // Figures the replay cannot support are left out, with the reason in quality.unknowable.
  const computed = timed(timings, 'stats', () => computeStats(model, clock));
  const known = withoutUnknowable(model, computed.players, computed.teams);
  const stats = { ...computed, players: known.players, teams: known.teams };
  const mechanics = timed(timings, 'mechanics', () => (framesOk ? countMechanics(model) : null));
  const analytics = timed(timings, 'analytics', () => (framesOk ? playerAnalytics(model) : null));
  const mech = timed(timings, 'mechanics', () =>
    framesOk ? analyzeMechanics(model, signals, ev.touches) : null,
  );
  const shapeStarted = timings ? performance.now() : 0;
  try {
    return shapeReport(model, stats, ev, clock, mechanics, analytics, mech, known.unknowable);
  } finally {
    if (timings) timings.report = (timings.report ?? 0) + performance.now() - shapeStarted;
  }
}

/** The report's JSON shape from the computed parts (reportFromModel). */
function shapeReport(
  model: MatchModel,
  stats: MatchStats,
  ev: MatchEvents,
  clock: MatchClock,
  mechanics: MechanicsCounts[] | null,
  analytics: PlayerAnalytics[] | null,
  mech: MechanicsAnalysis | null,
  unknowable: UnknowableStats[],
): AnalysisReport {
  const shots = mech?.shotsAndSaves.shots ?? [];
  const xg = matchXg(model);
  const teamOfPlayer = (i: number): TeamColor => teamColor(model.players[i]?.team ?? 0);
  const mvp = mvpOf(model);
  const nameOf = (i: number | null): string | null => (i === null ? null : (model.players[i]?.name ?? null));
  const team = (t: 0 | 1): ReportTeam => ({
    color: teamColor(t),
    name: model.info.teamNames[t],
    goals: model.info.teamScores[t],
    stats: stats.teams[t],
    ...teamXg(mech ? xg.total(shots, (p) => model.players[p]?.team === t) : null),
  });
  return {
    report_version: REPORT_VERSION,
    report_minor_version: REPORT_MINOR_VERSION,
    match: {
      replay_id: model.info.replayId,
      match_guid: model.info.matchGuid,
      title: model.info.title,
      map_code: model.info.mapCode,
      match_type: model.info.matchType,
      team_size: model.info.teamSize,
      playlist_id: model.info.playlistId,
      started_at: model.info.startedAt,
      local_date: model.info.localDate,
      duration: model.info.duration,
      live_seconds: stats.liveSeconds,
      clock: { seconds: clock.seconds, segments: clock.segments },
      overtime: model.info.overtime,
      forfeit: model.info.forfeit,
      game_type: model.info.gameType,
      version: model.info.version,
    },
    quality: {
      player_frame_coverage: model.quality.playerFrameCoverage,
      players_with_identity: model.quality.playersWithIdentity,
      player_count: model.quality.playerCount,
      network_decoded: model.quality.networkDecoded,
      boost_pads: model.quality.boostPads,
      verdict: model.quality.verdict,
      notes: model.quality.notes,
      unknowable,
    },
    players: model.players.map((p, i) => ({
      name: p.name,
      platform: p.platform,
      platform_id: p.platformId,
      team: teamColor(p.team),
      mvp: mvp === i,
      stats: stats.players[i] ?? { core: stats.teams[p.team].core },
      mechanics: mechanics?.[i] && mech?.summary[i] ? { ...mechanics[i], ...mech.summary[i] } : null,
      xg: mech
        ? playerXg(
            shots.filter((x) => x.player === i).length,
            xg.total(shots, (q) => q === i),
          )
        : null,
      analytics: analytics?.[i] ?? null,
    })),
    insights: analytics ? insights(model, stats.players, analytics) : [],
    teams: { blue: team(0), orange: team(1) },
    events: {
      goals: model.goals.map((g, n) => ({
        time: g.time,
        frame: g.frame,
        team: teamColor(g.team),
        scorer: nameOf(g.scorer),
        assister: nameOf(mech?.shotsAndSaves.assists[n]?.assister ?? null),
      })),
      demos: model.demos.map((d) => ({
        time: d.time,
        frame: d.frame,
        attacker: nameOf(d.attacker),
        victim: nameOf(d.victim),
      })),
      touches: ev.touches.map((t) => ({
        time: t.time,
        player: nameOf(t.player),
        team: teamColor(t.team),
        x: t.position.x,
        y: t.position.y,
        z: t.position.z,
        ball_speed: t.ballSpeed,
      })),
      kickoffs: ev.kickoffs.map((k) => ({
        time: k.time,
        spawns: k.spawns.flatMap((s, i) => (s ? [{ player: nameOf(i) ?? '', x: s.x, y: s.y }] : [])),
        first_touch: k.firstTouch
          ? {
              time: k.firstTouch.time,
              player: nameOf(k.firstTouch.player),
              team: teamColor(k.firstTouch.team),
            }
          : null,
        first_possession: k.firstPossession === null ? null : teamColor(k.firstPossession),
      })),
      possession_changes: ev.possessionChanges.map((p) => ({ time: p.time, team: teamColor(p.team) })),
      passes: ev.passes.map((p) => ({
        time: p.time,
        from: nameOf(p.from),
        to: nameOf(p.to),
        team: teamColor(p.team),
        progress: p.progress,
        completed: p.completed,
      })),
      challenges: ev.challenges.map((c) => ({
        time: c.time,
        first: nameOf(c.first),
        second: nameOf(c.second),
        winner: c.winner === null ? null : teamColor(c.winner),
      })),
      shots: shots.map((x) => ({
        time: x.time,
        frame: x.frame,
        player: nameOf(x.player),
        team: teamOfPlayer(x.player),
        touch_time: x.touch?.time ?? null,
        x: x.touch?.position.x ?? null,
        y: x.touch?.position.y ?? null,
        z: x.touch?.position.z ?? null,
        ball_speed: x.touch?.ballSpeed ?? null,
        ...shotXg(xg.shot(x)),
        distance: x.xg?.distance ?? null,
        angle: x.xg?.angle ?? null,
        scored: x.scored,
      })),
      saves: (mech?.shotsAndSaves.saves ?? []).map((x) => ({
        time: x.time,
        frame: x.frame,
        player: nameOf(x.player),
        team: teamOfPlayer(x.player),
        touch_time: x.touch?.time ?? null,
        x: x.touch?.position.x ?? null,
        y: x.touch?.position.y ?? null,
        z: x.touch?.position.z ?? null,
      })),
      mechanics: (mech?.events ?? []).map((e) => ({
        time: e.time,
        frame: e.frame,
        player: nameOf(e.player),
        team: teamOfPlayer(e.player),
        kind: e.kind,
        ...(e.direction !== undefined ? { direction: e.direction } : {}),
        ...(e.height !== undefined ? { height: e.height } : {}),
        ...(e.touches !== undefined ? { touches: e.touches } : {}),
        ...(e.success !== undefined ? { success: e.success } : {}),
      })),
      xg_model: xgModelDescription(),
      xg_unavailable: mech ? xg.unavailable : null,
    },
  };
}

/**
 * Milliseconds per analysis pass (model, signals, clockStops, events, clock, stats, mechanics,
 * analytics, report), added to when passed to analyzeReplay: the benches print where the time goes.
 */
export type AnalysisTimings = Record<string, number>;

function timed<T>(timings: AnalysisTimings | undefined, pass: string, run: () => T): T {
  if (!timings) return run();
  const started = performance.now();
  try {
    return run();
  } finally {
    timings[pass] = (timings[pass] ?? 0) + performance.now() - started;
  }
}

const teamXg = (f: XgFigure | null) => ({
  xg: f?.value ?? null,
  xg_low: f?.low ?? null,
  xg_high: f?.high ?? null,
});
const shotXg = teamXg;
const playerXg = (shots: number, f: XgFigure) => ({ shots, total: f.value, low: f.low, high: f.high });

/** Analyse a decoded replay: pure, no I/O. `timings` (optional) receives each pass's time. */
export function analyzeReplay(parsed: ParsedReplay, timings?: AnalysisTimings): AnalysisReport {
  const model = timed(timings, 'model', () => buildMatchModel(parsed));
  const signals = timed(timings, 'signals', () => readMechanicSignals(parsed, model));
  const stopped = timed(timings, 'clockStops', () => regulationOver(parsed));
  return reportFromModel(model, signals, stopped, timings);
}
