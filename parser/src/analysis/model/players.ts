/**
 * Players and their links: PRI actors (name, platform id, team) resolved to the header's players
 * (a player the header lacks is added once known), team actors, custom team names and the MVP.
 */
import type { AttributeValue } from '../../network/attributes/types.js';
import { identityFromRemoteId, playerKey } from '../identity.js';
import type { PlayerInfo } from '../model.js';
import type { ActorState, ActorUpdate, ModelBuild } from './state.js';

/** A new actor: a PRI starts unknown; a team actor's index is in its archetype name. */
export function rosterActorCreated(b: ModelBuild, actorId: number, a: ActorState): void {
  const r = b.roster;
  if (a.kind === 'pri') r.pris.set(actorId, { name: null, key: null, teamActor: null, player: null });
  else r.pris.delete(actorId);
  if (a.kind === 'team') {
    const m = /Team([01])$/.exec(b.objects[a.objectId] ?? '');
    if (m) r.teamOfActor.set(actorId, m[1] === '1' ? 1 : 0);
  }
}

export function forgetPri(b: ModelBuild, actorId: number): void {
  b.roster.pris.delete(actorId);
}

const nameOf = (v: AttributeValue): string | null => (v.kind === 'String' ? v.value : null);

export function updatePri(b: ModelBuild, u: ActorUpdate): void {
  const pri = b.roster.pris.get(u.actorId);
  if (!pri) return;
  const { attr, value: v } = u;
  if (attr === 'Engine.PlayerReplicationInfo:PlayerName') pri.name = nameOf(v) ?? pri.name;
  else if (v.kind === 'UniqueId') {
    const id = identityFromRemoteId(v.remoteId);
    if (id.id !== null) pri.key = playerKey(id, pri.name ?? '');
  } else if (attr === 'Engine.PlayerReplicationInfo:Team' && v.kind === 'ActiveActor')
    pri.teamActor = v.actor >= 0 ? v.actor : null;
  else if (attr === 'TAGame.PRI_TA:bMatchMVP' && v.kind === 'Boolean' && v.value)
    b.roster.mvp = resolvePri(b, u.actorId);
}

export function updateTeam(b: ModelBuild, u: ActorUpdate): void {
  const { attr, value: v } = u;
  if (attr === 'TAGame.Team_TA:CustomTeamName' && v.kind === 'String') {
    const t = b.roster.teamOfActor.get(u.actorId);
    if (t !== undefined && v.value !== '') b.roster.teamNames[t] = v.value;
  }
}

/** The player index of a PRI actor, resolved once by platform key, else by name; null while unknown. */
export function resolvePri(b: ModelBuild, priActor: number): number | null {
  const r = b.roster;
  const pri = r.pris.get(priActor);
  if (!pri) return null;
  if (pri.player !== null) return pri.player;
  let idx: number | undefined;
  if (pri.key) idx = r.byKey.get(pri.key);
  if (idx === undefined && pri.name !== null) idx = r.byName.get(pri.name);
  const team = pri.teamActor === null ? undefined : r.teamOfActor.get(pri.teamActor);
  if (idx === undefined) {
    // A player missing from the header scoreboard (left early, or an older replay): add it once
    // identity and team are known.
    if (pri.name === null || team === undefined) return null;
    const key = pri.key ?? `name:${pri.name}`;
    idx = r.players.length;
    const [platform, platformId] = key.startsWith('name:') ? (['unknown', null] as const) : splitKey(key);
    r.players.push({ key, name: pri.name, platform, platformId, team, scoreboard: null, isBot: false });
    r.byKey.set(key, idx);
    r.byName.set(pri.name, idx);
  }
  pri.player = idx;
  return idx;
}

/** The player driving a car actor (through its PRI link), null when unknown. */
export function playerOfCar(b: ModelBuild, carActor: number | null): number | null {
  if (carActor === null) return null;
  const car = b.actors.byId.get(carActor);
  return car?.link == null ? null : resolvePri(b, car.link);
}

function splitKey(key: string): [PlayerInfo['platform'], string] {
  const i = key.indexOf(':');
  return [key.slice(0, i) as PlayerInfo['platform'], key.slice(i + 1)];
}
