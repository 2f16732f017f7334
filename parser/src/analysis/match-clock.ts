/**
 * The match clock: the seconds the in-game clock has run, counted up from the first kickoff
 * (0:00) through regulation (5:00 of a standard match) and on into overtime. Like the game's
 * clock it stands still until the kickoff touch, between a goal and the next kickoff's touch
 * (celebration, goal replay, countdown) and after the match ends. Every time a player reads
 * (match length, event times, the viewer's clock, possession) is on this clock.
 */
import type { ParsedReplay } from '../replay.js';
import type { FrameState, Phase, TeamIndex } from './model.js';

const SECONDS_REMAINING = 'TAGame.GameEvent_Soccar_TA:SecondsRemaining';
const OVERTIME = 'TAGame.GameEvent_Soccar_TA:bOverTime';

/** The game clock runs while the ball is in play: from the kickoff touch until a goal. */
export function clockRuns(phase: Phase): boolean {
  return phase === 'live';
}

/** A detected touch (events.ts), enough to know who touched the ball last. */
export interface TouchMark {
  frame: number;
  team: TeamIndex;
}

/** A stretch of replay time during which the clock runs. */
export interface ClockSegment {
  /** Replay time (seconds since recording start) the stretch begins. */
  start: number;
  /** Replay time it ends: start + the seconds it stands for (Σ frame deltas). */
  end: number;
  /** Match seconds on the clock at `start`. */
  clock: number;
}

export interface MatchClock {
  /** Match seconds at the end: regulation plus overtime as played. */
  seconds: number;
  segments: ClockSegment[];
  /** Per model frame: the clock runs in it (its delta counts). */
  running: boolean[];
  /**
   * Per model frame: the team that touched the ball last (Ball_TA:HitTeamNum, else the latest
   * detected touch since the kickoff), null before the kickoff touch.
   */
  toucher: Array<TeamIndex | null>;
}

/**
 * Per decoded frame: regulation has run out (the game's SecondsRemaining reached 0) and overtime
 * has not begun. The ball is still in play until it lands, but the game's clock shows 0:00.
 */
export function regulationOver(parsed: ParsedReplay): boolean[] {
  const objects = parsed.body.objects;
  let remaining: number | null = null;
  let overtime = false;
  return parsed.frames.map((frame) => {
    for (const u of frame.updatedActors) {
      const attr = objects[u.objectId];
      if (attr === SECONDS_REMAINING && u.value.kind === 'Int') remaining = u.value.value;
      else if (attr === OVERTIME && u.value.kind === 'Boolean') overtime = overtime || u.value.value;
    }
    return remaining === 0 && !overtime;
  });
}

/** What tells the clock to stand still, besides the play phase. */
export interface ClockStops {
  /** Per frame (regulationOver): regulation has run out, overtime not begun. */
  stopped?: readonly boolean[];
  /** Detected touches (events.ts), in frame order: who touched last where the replay does not say. */
  touches?: readonly TouchMark[];
  /** Frames of the goals: a goal stops the clock until the next kickoff touch. */
  goalFrames?: readonly number[];
}

/**
 * The clock of a match from its frames: each frame's delta counts when the clock runs in it.
 * The kickoff touch starts it (the frame's last-touch team, else a detected touch; a replay that
 * tells no touch at all runs it on the play phase alone); a goal, the end of regulation
 * (`stopped`) and any other phase than live play stop it.
 */
export function matchClockOf(frames: readonly FrameState[], stops: ClockStops = {}): MatchClock {
  const { stopped = [], touches = [], goalFrames = [] } = stops;
  const goals = new Set(goalFrames);
  let afterGoal = false;
  const knowsTouches = touches.length > 0 || frames.some((f) => f.lastTouchTeam !== null);
  const segments: ClockSegment[] = [];
  const running: boolean[] = [];
  const toucher: Array<TeamIndex | null> = [];
  let seconds = 0;
  let open: ClockSegment | null = null;
  let touched: TeamIndex | null = null;
  let next = 0;
  for (const [i, f] of frames.entries()) {
    if (!clockRuns(f.phase)) {
      touched = null;
      afterGoal = false;
    }
    if (goals.has(i)) afterGoal = true;
    for (let t = touches[next]; t && t.frame <= i; t = touches[++next]) touched = t.team;
    const team = f.lastTouchTeam ?? touched;
    toucher.push(team);
    const runs = clockRuns(f.phase) && !afterGoal && stopped[i] !== true && (team !== null || !knowsTouches);
    running.push(runs);
    if (!runs) {
      open = null;
      continue;
    }
    if (!open) {
      open = { start: f.time, end: f.time, clock: seconds };
      segments.push(open);
    }
    seconds += f.dt;
    open.end = open.start + (seconds - open.clock);
  }
  return { seconds, segments, running, toucher };
}

/** Match seconds at replay time `t`: the clock's reading then (it holds between segments). */
export function matchSecondsAt(segments: readonly ClockSegment[], t: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid] as ClockSegment).start <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return 0;
  const s = segments[found] as ClockSegment;
  return s.clock + Math.min(t - s.start, s.end - s.start);
}
