/**
 * Actor lifecycle: which actors are live, of which kind, created when. Keyframes re-announce live
 * actors; a re-announcement of the same object keeps what is known of the actor.
 */
import type { Frame, NewActor } from '../../network/visitor.js';
import type { ActorState, ModelBuild } from './state.js';

/** A deleted actor leaves every table (its id may be reused for another object). */
export function forgetActor(b: ModelBuild, id: number): void {
  const t = b.actors;
  t.byId.delete(id);
  t.carIds.delete(id);
  t.boostIds.delete(id);
  t.components.delete(id);
  if (id === t.ball) t.ball = null;
}

/** Register an announced actor; null when it is a keyframe's re-announcement of a live actor. */
export function announceActor(b: ModelBuild, frame: Frame, n: NewActor): ActorState | null {
  const t = b.actors;
  const kind = b.classifier.kindOf(n.objectId);
  const prev = t.byId.get(n.actorId);
  if (prev && prev.objectId === n.objectId) {
    prev.announcedFrame = frame.index;
    return null;
  }
  const actor: ActorState = {
    kind,
    objectId: n.objectId,
    link: null,
    body: n.location
      ? { position: { x: n.location.x, y: n.location.y, z: n.location.z }, velocity: null }
      : null,
    bodyFrame: -1,
    handbrake: false,
    demolished: false,
    active: false,
    boostRaw: null,
    boostReplicated: null,
    boostFrame: -1,
    announcedFrame: frame.index,
    createdFrame: frame.index,
  };
  t.byId.set(n.actorId, actor);
  if (kind === 'car') t.carIds.add(n.actorId);
  else t.carIds.delete(n.actorId);
  if (kind === 'boost') t.boostIds.add(n.actorId);
  else t.boostIds.delete(n.actorId);
  if (kind === 'ball') t.ball = n.actorId;
  return actor;
}

/** The car behind a pickup's instigator: the car itself, or the car a component links to. */
export function carOfInstigator(b: ModelBuild, actorId: number): number | null {
  const a = b.actors.byId.get(actorId);
  if (!a) return null;
  if (a.kind === 'car') return actorId;
  if (a.link !== null && b.actors.byId.get(a.link)?.kind === 'car') return a.link;
  return null;
}
