/**
 * Car components (boost, jump, double jump, dodge): their link to a car, their activity, and the
 * boost amount, replicated only when it starts/stops or jumps and drained in between.
 */
import type { Frame } from '../../network/visitor.js';
import type { ActorClassifier } from '../classify.js';
import { BOOST_DRAIN_RAW_PER_S } from '../constants.js';
import { onBoostReplicated } from './boost-pads.js';
import type { ActorState, ActorUpdate, ComponentKind, ModelBuild } from './state.js';

const COMPONENT_KINDS = new Set(['boost', 'jump', 'doubleJump', 'dodge'] as const);
export const isComponentKind = (k: string): k is ComponentKind => COMPONENT_KINDS.has(k as ComponentKind);

function linkComponent(b: ModelBuild, actorId: number, a: ActorState, car: number | null): void {
  a.link = car;
  if (car === null || !isComponentKind(a.kind)) return;
  const c = b.actors.components.get(car) ?? {};
  c[a.kind] = actorId;
  b.actors.components.set(car, c);
}

/** A new component takes the car its life links to later, when that link came late (componentLinksAhead). */
export function linkNewComponent(b: ModelBuild, frame: Frame, actorId: number, a: ActorState): void {
  const ahead = b.actors.linksAhead.get(`${frame.index}:${actorId}`);
  if (ahead !== undefined) linkComponent(b, actorId, a, ahead);
}

/**
 * Before a frame's updates: drain active tanks for the time since the previous frame, and note
 * each component's last replicated amount (a pickup's "before").
 */
export function startBoostFrame(b: ModelBuild, frame: Frame): void {
  const clock = b.boost;
  const dt = clock.prevTime === null ? 0 : Math.max(0, frame.time - clock.prevTime);
  clock.prevTime = frame.time;
  clock.atFrameStart.clear();
  for (const id of b.actors.boostIds) {
    const a = b.actors.byId.get(id);
    if (!a) continue;
    if (a.active && a.boostRaw !== null) a.boostRaw = Math.max(0, a.boostRaw - BOOST_DRAIN_RAW_PER_S * dt);
    // A pickup's "before" is the last replicated amount, without our drain simulation: it matches
    // ballchasing's big-pad amounts on 22/22 stolen and 10/22 collected (simulated: 7 and 1).
    clock.atFrameStart.set(id, a.boostReplicated);
  }
}

export function updateComponent(b: ModelBuild, u: ActorUpdate): void {
  const { actor: a, attr, value: v, frame } = u;
  if (attr === 'TAGame.CarComponent_TA:Vehicle' && v.kind === 'ActiveActor') {
    linkComponent(b, u.actorId, a, v.actor >= 0 ? v.actor : null);
  } else if (attr === 'TAGame.CarComponent_TA:ReplicatedActive' && v.kind === 'Byte')
    a.active = v.value % 2 === 1;
  else if (v.kind === 'ReplicatedBoost') replicateBoost(b, u.actorId, a, frame, v.boostAmount);
  // Older replays replicate the amount as a plain byte: the same update, older wire form.
  else if (attr === 'TAGame.CarComponent_Boost_TA:ReplicatedBoostAmount' && v.kind === 'Byte')
    replicateBoost(b, u.actorId, a, frame, v.value);
}

function replicateBoost(b: ModelBuild, id: number, a: ActorState, frame: Frame, raw: number): void {
  a.boostRaw = raw;
  a.boostReplicated = raw;
  a.boostFrame = frame.index;
  onBoostReplicated(b, id, frame.time, raw);
}

/** The car's boost component actor, if linked. */
export function boostComponentOf(b: ModelBuild, carActor: number): number | undefined {
  return b.actors.components.get(carActor)?.boost;
}

/** The car's raw boost amount (simulated between replications), null when unknown. */
export function boostOfCar(b: ModelBuild, carActor: number): number | null {
  const comp = boostComponentOf(b, carActor);
  return comp === undefined ? null : (b.actors.byId.get(comp)?.boostRaw ?? null);
}

/** Is the car's component of this kind active this frame? */
export function componentActive(b: ModelBuild, carActor: number, kind: ComponentKind): boolean {
  const c = b.actors.components.get(carActor)?.[kind];
  return c === undefined ? false : (b.actors.byId.get(c)?.active ?? false);
}

/**
 * Each car component's car, known from its creation: `${creation frame index}:${actor id}` → the
 * car actor of the first `CarComponent_TA:Vehicle` link replicated during that component's life.
 * Reason: replays of engine 868.10–868.12 (2016) and 867.9 replicate a new component's amount and
 * activity at once but its Vehicle link only with the next keyframe, up to 10 s later (corpus:
 * 128ed, 160c, 3abd, 42f0, 504e median delay 10.0 s, 1ef9 4.9 s; every later era ≤ 0.2 s). Read
 * forward, every boost amount of those first seconds of a car life had no car, so the tank was
 * unknown at each kickoff and the pads taken then were booked at their nominal value. A component
 * belongs to one car for its whole life, so the later link is the link from its creation.
 */
export function componentLinksAhead(
  frames: readonly Frame[],
  classifier: ActorClassifier,
  objects: readonly string[],
): Map<string, number> {
  const life = new Map<number, { key: string; objectId: number; linked: boolean }>();
  const links = new Map<string, number>();
  for (const frame of frames) {
    for (const id of frame.deletedActors) life.delete(id);
    for (const n of frame.newActors) {
      const prev = life.get(n.actorId);
      if (prev && prev.objectId === n.objectId) continue;
      if (!isComponentKind(classifier.kindOf(n.objectId))) life.delete(n.actorId);
      else life.set(n.actorId, { key: `${frame.index}:${n.actorId}`, objectId: n.objectId, linked: false });
    }
    for (const u of frame.updatedActors) {
      const l = life.get(u.actorId);
      if (!l || l.linked || u.value.kind !== 'ActiveActor') continue;
      if (objects[u.objectId] !== 'TAGame.CarComponent_TA:Vehicle') continue;
      l.linked = true;
      if (u.value.actor >= 0) links.set(l.key, u.value.actor);
    }
  }
  return links;
}
