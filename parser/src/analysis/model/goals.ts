/**
 * Goals: the header's Goals[] gives each goal's frame and scorer (authoritative, Part C.7); the
 * network's ScoredOnTeam at that frame gives the scoring team (the header's PlayerTeam is stale
 * after a team switch). Without header goals, the network's value changes are the goals.
 */
import type { FrameState, GoalEvent } from '../model.js';
import type { ActorUpdate, ModelBuild } from './state.js';

/** Max frame distance between a network goal and the header's entry for it. */
const GOAL_FRAME_MATCH = 10;

/** GameEvent_Soccar_TA:ReplicatedScoredOnTeam; false when the update is something else. */
export function updateGoalSignal(b: ModelBuild, u: ActorUpdate): boolean {
  const v = u.value;
  if (u.attr !== 'TAGame.GameEvent_Soccar_TA:ReplicatedScoredOnTeam' || v.kind !== 'Byte') return false;
  // Keyframes resend the value, and older replays never reset it to 255 between goals: keep
  // every 0/1 update, the header's goal frames decide which ones are goals.
  if (v.value === 0 || v.value === 1) {
    const isNew = b.goals.scoredOn !== v.value;
    b.goals.network.push({ frame: u.frame.index, time: u.frame.time, team: v.value === 0 ? 1 : 0, isNew });
  }
  b.goals.scoredOn = v.value;
  return true;
}

/** After the walk: the goals, timed by the sampled frames. */
export function mergeGoals(b: ModelBuild): GoalEvent[] {
  const network = b.goals.network;
  const header = b.facts.goals;
  const byName = b.roster.byName;
  const timeOf = (f: number): number => b.frameTimeByIndex.get(f) ?? nearestTime(b.frames, f);
  const scorerOf = (name: string | null): number | null =>
    name === null ? null : (byName.get(name) ?? null);
  if (header.length === 0) {
    return network
      .filter((g) => g.isNew)
      .map((g) => ({ time: g.time, frame: g.frame, team: g.team, scorer: null }));
  }
  return header.map((g) => {
    const signal = network.find((x) => Math.abs(x.frame - g.frame) <= GOAL_FRAME_MATCH);
    return {
      time: timeOf(g.frame),
      frame: g.frame,
      team: signal?.team ?? g.team,
      scorer: scorerOf(g.playerName),
    };
  });
}

function nearestTime(frames: FrameState[], frameIndex: number): number {
  const f = frames[Math.min(Math.max(0, frameIndex), frames.length - 1)];
  return f?.time ?? 0;
}
