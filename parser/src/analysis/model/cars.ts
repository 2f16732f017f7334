/** Cars: their PRI link and handbrake, and each player's car state in a sampled frame. */
import type { Frame } from '../../network/visitor.js';
import { RAW_BOOST_MAX } from '../constants.js';
import type { CarState } from '../model.js';
import { boostOfCar, componentActive } from './components.js';
import { resolvePri } from './players.js';
import type { ActorUpdate, ModelBuild } from './state.js';

/** A car's PRI link or handbrake; false when the update is something else. */
export function updateCar(b: ModelBuild, u: ActorUpdate): boolean {
  const { actor: a, attr, value: v } = u;
  // Sticky: a demolished car drops its PRI link in the same frame as the demolition.
  if (attr === 'Engine.Pawn:PlayerReplicationInfo' && v.kind === 'ActiveActor')
    a.link = v.actor >= 0 ? v.actor : a.link;
  else if (attr === 'TAGame.Vehicle_TA:bReplicatedHandbrake' && v.kind === 'Boolean') a.handbrake = v.value;
  else return false;
  return true;
}

/** Every player's car this frame, indexed like the roster (null: no car, demolished or unlinked). */
export function sampleCars(b: ModelBuild, frame: Frame): Array<CarState | null> {
  const { byId, components } = b.actors;
  const cars: Array<CarState | null> = new Array<CarState | null>(b.roster.players.length).fill(null);
  for (const id of b.actors.carIds) {
    const a = byId.get(id);
    if (!a || a.demolished || !a.body || a.link === null) continue;
    const p = resolvePri(b, a.link);
    if (p === null) continue;
    const comps = components.get(id);
    const raw = boostOfCar(b, id);
    const boostActor = comps?.boost === undefined ? undefined : byId.get(comps.boost);
    cars[p] = {
      position: a.body.position,
      velocity: a.body.velocity,
      fresh: a.bodyFrame === frame.index,
      boost: raw === null ? null : (raw * 100) / RAW_BOOST_MAX,
      boostRaw: raw,
      boostReplicated: boostActor?.boostReplicated ?? null,
      boostFresh: boostActor?.boostFrame === frame.index,
      boostWithAnnouncement:
        boostActor?.boostFrame === frame.index && boostActor.announcedFrame === frame.index,
      handbrake: a.handbrake,
      boosting: componentActive(b, id, 'boost'),
      jumping: componentActive(b, id, 'jump'),
      doubleJumping: componentActive(b, id, 'doubleJump'),
      dodging: componentActive(b, id, 'dodge'),
    };
  }
  return cars;
}
