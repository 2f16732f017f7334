import type { ParsedReplay } from '../replay.js';
import type { Frame } from '../network/visitor.js';
import type { ActorKind } from './classify.js';
import type { MatchModel } from './model.js';
import { announceActor, forgetActor } from './model/actors.js';
import { sampleFrame, assignFrameDurations } from './model/frames.js';
import { updateBallTouch } from './model/ball.js';
import { updateBody } from './model/bodies.js';
import { endPadFrame, finishPickups, padCreated, updatePad } from './model/boost-pads.js';
import { updateCar } from './model/cars.js';
import {
  componentLinksAhead,
  linkNewComponent,
  startBoostFrame,
  updateComponent,
} from './model/components.js';
import { updateDemolition } from './model/demolitions.js';
import { relabelKickoffs, updateGameInfo, updateGameState } from './model/game-state.js';
import { mergeGoals, updateGoalSignal } from './model/goals.js';
import { forgetPri, rosterActorCreated, updatePri, updateTeam } from './model/players.js';
import { scoreQuality } from './model/quality.js';
import { createModelBuild, type ActorUpdate, type ModelBuild } from './model/state.js';

type UpdatePass = (b: ModelBuild, u: ActorUpdate) => void;

/**
 * Which pass reads an update, by the kind of the actor it is for. A car's or the ball's update is
 * one of: rigid body, ball touch, PRI link / handbrake, demolition (disjoint attributes and value
 * kinds, so the order of the chain decides nothing).
 */
const rigidActor: UpdatePass = (b, u) => {
  void (updateBody(b, u) || updateBallTouch(b, u) || updateCar(b, u) || updateDemolition(b, u));
};
const UPDATE_PASSES: Partial<Record<ActorKind, UpdatePass>> = {
  car: rigidActor,
  ball: rigidActor,
  boost: updateComponent,
  jump: updateComponent,
  doubleJump: updateComponent,
  dodge: updateComponent,
  pri: updatePri,
  gameEvent: (b, u) => void (updateGameState(b, u) || updateGoalSignal(b, u)),
  gri: updateGameInfo,
  team: updateTeam,
  pad: updatePad,
};

/**
 * Builds the match model from the decoded frames: resolve actors by class, link cars to players
 * through Engine.Pawn:PlayerReplicationInfo → PRI → UniqueId, and sample every player's car each
 * frame. The per-concern passes live in ./model/ and share one model under construction
 * (model/state.ts). Order:
 *
 * 1. read ahead: each car component's car from its creation (components.componentLinksAhead, its
 *    own walk over the frames: the link of 2016-era replays comes up to 10 s late);
 * 2. one walk over the frames; in each frame, in this order:
 *    a. boost clock: drain active tanks, note each component's amount at frame start;
 *    b. deleted actors leave the actor table and the roster;
 *    c. new actors: actor table, then pads, roster (PRIs, team actors), components' early links;
 *    d. attribute updates in wire order, each to the pass of its actor's kind (UPDATE_PASSES);
 *    e. pickups of the frame read their component's frame-end amount;
 *    f. the frame is sampled (cars, ball, phase, last touch);
 * 3. after the walk: phases relabelled when the ball hit is never replicated, frame durations,
 *    pickups finished (final pad, settled level, ballchasing's gain and booking), goals merged
 *    with the header, quality scored.
 */
export function buildMatchModel(parsed: ParsedReplay): MatchModel {
  const b = createModelBuild(parsed);
  b.actors.linksAhead = componentLinksAhead(parsed.frames, b.classifier, b.objects);
  for (const frame of parsed.frames) walkFrame(b, frame);
  return finishModel(b);
}

function walkFrame(b: ModelBuild, frame: Frame): void {
  b.frameTimeByIndex.set(frame.index, frame.time);
  startBoostFrame(b, frame);
  for (const id of frame.deletedActors) {
    forgetActor(b, id);
    forgetPri(b, id);
  }
  for (const n of frame.newActors) {
    const actor = announceActor(b, frame, n);
    if (!actor) continue;
    padCreated(b, actor);
    rosterActorCreated(b, n.actorId, actor);
    linkNewComponent(b, frame, n.actorId, actor);
  }
  // One ActorUpdate refilled for every update: the passes read it and never keep it.
  const update = b.update;
  update.frame = frame;
  for (const u of frame.updatedActors) {
    const actor = b.actors.byId.get(u.actorId);
    if (!actor) continue;
    const pass = UPDATE_PASSES[actor.kind];
    if (!pass) continue;
    update.actorId = u.actorId;
    update.actor = actor;
    update.attr = b.objects[u.objectId] ?? '';
    update.value = u.value;
    pass(b, update);
  }
  endPadFrame(b);
  b.frames.push(sampleFrame(b, frame));
}

function finishModel(b: ModelBuild): MatchModel {
  const { parsed, facts, frames, roster, game } = b;
  relabelKickoffs(b, frames);
  assignFrameDurations(frames, parsed.frames);
  const pickups = finishPickups(b);
  const goals = mergeGoals(b);
  const quality = scoreQuality(parsed, roster.players, frames, b.pads.supported);
  return {
    info: {
      replayId: facts.replayId,
      matchGuid: facts.matchGuid ?? game.networkGuid,
      title: facts.title,
      mapCode: facts.mapCode,
      matchType: facts.matchType,
      teamSize: facts.teamSize,
      playlistId: game.playlistId,
      startedAt: facts.startedAt,
      localDate: facts.localDate,
      // Σ frame deltas: skips the cut goal replays, as ballchasing's duration does (340 s vs 348 s wall).
      duration: frames.reduce((sum, f) => sum + f.dt, 0),
      overtime: game.overtime,
      forfeit: facts.forfeit,
      teamScores: facts.teamScores,
      teamNames: roster.teamNames,
      gameType: parsed.header.gameType,
      version: facts.version,
    },
    players: roster.players,
    frames,
    goals,
    demos: b.demos.events,
    pickups,
    mvp: roster.mvp,
    boostPads: b.pads.supported ? 'supported' : 'unsupported',
    quality,
  };
}
