/** Demolitions: attacker and victim of each Demolish / DemolishFx / DemolishExtended value. */
import { playerOfCar, resolvePri } from './players.js';
import type { ActorUpdate, ModelBuild } from './state.js';

const activeActor = (a: { active: boolean; actor: number }): number | null =>
  a.active && a.actor >= 0 ? a.actor : null;

/** A demolition replicated on a car; false when the update is something else. */
export function updateDemolition(b: ModelBuild, u: ActorUpdate): boolean {
  const v = u.value;
  if (v.kind !== 'DemolishExtended' && v.kind !== 'Demolish' && v.kind !== 'DemolishFx') return false;
  const ext = v.kind === 'DemolishExtended';
  const attackerPri = ext ? activeActor(v.attackerPri) : null;
  const attackerCar = ext
    ? activeActor(v.attacker)
    : activeActor({ active: v.attackerFlag, actor: v.attacker });
  let victimCar = ext ? activeActor(v.victim) : activeActor({ active: v.victimFlag, actor: v.victim });
  victimCar ??= u.actorId;
  // Keyframes resend the attribute while the wreck exists: one demolition per car and value.
  const sig = JSON.stringify(v);
  if (b.demos.seen.get(victimCar) === sig) return true;
  b.demos.seen.set(victimCar, sig);
  const victimActor = b.actors.byId.get(victimCar);
  if (victimActor) victimActor.demolished = true;
  const attacker = attackerPri !== null ? resolvePri(b, attackerPri) : playerOfCar(b, attackerCar);
  // Without an attacker it is not a demolition anyone inflicted (end-of-match explosions).
  if (attacker === null) return true;
  b.demos.events.push({
    time: u.frame.time,
    frame: u.frame.index,
    attacker,
    victim: playerOfCar(b, victimCar),
  });
  return true;
}
