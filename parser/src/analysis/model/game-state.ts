/**
 * The game event's replicated state (state name, countdown, ball hit, overtime), the play phase it
 * gives each frame, and the game replication info (playlist, match GUID).
 */
import type { FrameState, Phase } from '../model.js';
import type { ActorUpdate, ModelBuild } from './state.js';

/** Game-state names (GameEvent_TA:ReplicatedStateName indexes `body.names`). */
const STATE_ACTIVE = 'Active';
const STATE_COUNTDOWN = 'Countdown';
const STATE_POST_GOAL = 'PostGoalScored';

/** A game event's state update; false when the update is something else. */
export function updateGameState(b: ModelBuild, u: ActorUpdate): boolean {
  const { attr, value: v } = u;
  const g = b.game;
  if (attr === 'TAGame.GameEvent_TA:ReplicatedStateName' && v.kind === 'Int') {
    g.stateName = b.parsed.body.names[v.value] ?? null;
    g.sawStateName = true;
  } else if (attr === 'TAGame.GameEvent_TA:ReplicatedRoundCountDownNumber' && v.kind === 'Int') {
    g.countdownNumber = v.value;
  } else if (attr === 'TAGame.GameEvent_Soccar_TA:bBallHasBeenHit' && v.kind === 'Boolean') {
    g.ballHasBeenHit = v.value;
    g.sawBallHit = true;
  } else if (attr === 'TAGame.GameEvent_Soccar_TA:bOverTime' && v.kind === 'Boolean') {
    if (v.value) g.overtime = true;
  } else return false;
  return true;
}

/** GameReplicationInfo: the playlist and the match GUID. */
export function updateGameInfo(b: ModelBuild, u: ActorUpdate): void {
  const { attr, value: v } = u;
  if (attr === 'ProjectX.GRI_X:ReplicatedGamePlaylist' && v.kind === 'Int') b.game.playlistId = v.value;
  else if (
    (attr === 'ProjectX.GRI_X:MatchGUID' || attr === 'ProjectX.GRI_X:MatchGuid') &&
    v.kind === 'String' &&
    v.value !== ''
  )
    b.game.networkGuid = v.value;
}

/** The play phase now, from the state replicated so far. */
export function phaseNow(b: ModelBuild): Phase {
  const g = b.game;
  if (g.sawStateName) {
    if (g.stateName === STATE_POST_GOAL) return 'postGoal';
    if (g.stateName === STATE_COUNTDOWN) return g.countdownNumber > 0 ? 'countdown' : 'kickoff';
    if (g.stateName !== STATE_ACTIVE) return 'pre';
    // Replays that never replicate bBallHasBeenHit are relabelled 'live' after the walk.
    return g.ballHasBeenHit ? 'live' : 'kickoff';
  }
  if (g.sawBallHit) return g.ballHasBeenHit ? 'live' : 'kickoff';
  return b.actors.ball === null ? 'pre' : 'live';
}

/** After the walk: without any bBallHasBeenHit, no frame can be told to be a kickoff. */
export function relabelKickoffs(b: ModelBuild, frames: FrameState[]): void {
  if (!b.game.sawBallHit) for (const f of frames) if (f.phase === 'kickoff') f.phase = 'live';
}
