import type { ParsedReplay } from '../replay.js';
import type { Frame } from '../network/visitor.js';
import type { AttributeValue, RigidBody } from '../network/attributes/types.js';
import { rigidBodyScale } from '../units.js';
import { arenaHasStandardPads, nearestPad, STANDARD_PADS } from './arena.js';
import { ActorClassifier, type ActorKind } from './classify.js';
import {
  BIG_PAD_RESPAWN_S,
  BIG_PAD_SNAP_UU,
  BOOST_DRAIN_RAW_PER_S,
  MIN_USABLE_COVERAGE,
  PAD_RESPAWN_MARGIN_S,
  RAW_BOOST_MAX,
  SMALL_PAD_RESPAWN_S,
  SMALL_PAD_SNAP_UU,
} from './constants.js';
import { headerFacts, type HeaderFacts } from './header-facts.js';
import { identityFromRemoteId, playerKey } from './identity.js';
import type {
  BallState,
  BoostPad,
  CarState,
  DemoEvent,
  FrameState,
  GoalEvent,
  MatchModel,
  Phase,
  PickupEvent,
  PlayerInfo,
  QualityScorecard,
  TeamIndex,
  Vec3,
} from './model.js';

interface Body {
  position: Vec3;
  velocity: Vec3 | null;
}

interface ActorState {
  kind: ActorKind;
  objectId: number;
  /** car: its PRI actor; component: its car actor (CarComponent_TA:Vehicle). */
  link: number | null;
  body: Body | null;
  /** Frame index of the last rigid-body replication. */
  bodyFrame: number;
  handbrake: boolean;
  demolished: boolean;
  /** component: ReplicatedActive is odd. */
  active: boolean;
  /** boost component: raw 0–255 amount, simulated between replications. */
  boostRaw: number | null;
  /** boost component: the last replicated raw amount. */
  boostReplicated: number | null;
  /** boost component: frame index of the last ReplicatedBoost update. */
  boostFrame: number;
  /** Frame index of the actor's last (re-)announcement: keyframes re-announce live actors. */
  announcedFrame: number;
  /** Frame index of the actor's creation (a keyframe re-announcement keeps it): one car life. */
  createdFrame: number;
}

/** Per pickup, what only the model builder needs (kept out of the public PickupEvent). */
interface PickupSide {
  padObject: number;
  /** The taker's car life: car actor and its creation frame. */
  carLife: string;
  /** A respawn of the pad was replicated since its previous pickup (see bookPickups). */
  padFresh: boolean;
  /** Time of the car's next boost replication at any delay (see dropUnseenGains), null before it. */
  nextReplication: number | null;
}

interface PriState {
  name: string | null;
  key: string | null;
  teamActor: number | null;
  player: number | null;
}

/** Game-state names (GameEvent_TA:ReplicatedStateName indexes `body.names`). */
const STATE_ACTIVE = 'Active';
const STATE_COUNTDOWN = 'Countdown';
const STATE_POST_GOAL = 'PostGoalScored';

/**
 * One pass over the decoded frames: resolve actors by class, link cars to players through
 * Engine.Pawn:PlayerReplicationInfo → PRI → UniqueId, and sample every player's car each frame.
 */
export function buildMatchModel(parsed: ParsedReplay): MatchModel {
  const { header, body } = parsed;
  const facts = headerFacts(header);
  const objects = body.objects;
  const classifier = new ActorClassifier(objects);
  const scale = rigidBodyScale(header.netVersion);

  const players: PlayerInfo[] = facts.players.map((p) => ({ ...p }));
  const byKey = new Map(players.map((p, i) => [p.key, i]));
  const byName = new Map(players.map((p, i) => [p.name, i]));

  const actors = new Map<number, ActorState>();
  // Per-frame work touches only these (pads, crowd and camera actors are many).
  const carIds = new Set<number>();
  const boostIds = new Set<number>();
  const pris = new Map<number, PriState>();
  const teamIndexOfActor = new Map<number, TeamIndex>();
  /** car actor → boost / jump / double jump / dodge component actors. */
  const components = new Map<number, Partial<Record<'boost' | 'jump' | 'doubleJump' | 'dodge', number>>>();
  const linkAhead = componentLinksAhead(parsed.frames, classifier, objects);
  const linkComponent = (actorId: number, a: ActorState, car: number | null): void => {
    a.link = car;
    if (car === null || !isComponentKind(a.kind)) return;
    const c = components.get(car) ?? {};
    c[a.kind] = actorId;
    components.set(car, c);
  };

  let stateName: string | null = null;
  let sawStateName = false;
  let ballHasBeenHit = false;
  let countdownNumber = 0;
  let lastTouchTeam: TeamIndex | null = null;
  let scoredOn: number | null = null;
  /** Goals as the game replicated them (ReplicatedScoredOnTeam turning 0/1): frame and scoring team. */
  const networkGoals: NetworkGoalSignal[] = [];
  let sawBallHit = false;
  let overtime = false;
  let playlistId: number | null = null;
  let networkGuid: string | null = null;
  let mvp: number | null = null;
  const teamNames: [string | null, string | null] = [null, null];
  let ballActor: number | null = null;

  /** Pad object → votes (table pad id → pickups snapped to it). */
  const padVotes = new Map<number, Map<number, number>>();
  const padLastState = new Map<number, string>();
  const padLastPickup = new Map<number, number>();
  /**
   * Pad object → a respawn (pickedUp 255, or an update without instigator) was replicated since
   * its last pickup. A pickup without one is not a new pad event for ballchasing (see bookPickups).
   */
  const padAvailable = new Map<number, boolean>();
  /** What the pickup passes after the frame loop need to know of each pickup. */
  const pickupSide = new Map<PickupEvent, PickupSide>();
  const padsSupported = arenaHasStandardPads(facts.mapCode, header.gameType);
  const pickups: PickupEvent[] = [];
  /** Pickups waiting for the next replicated boost value of their car's boost component. */
  const awaitingReplication = new Map<number, PickupEvent[]>();
  const pickupsThisFrame: Array<[PickupEvent, number]> = [];
  const lastReplicated = new Map<number, number>();
  const demos: DemoEvent[] = [];
  const demoSeen = new Map<number, string>();
  const frames: FrameState[] = [];
  const frameTimeByIndex = new Map<number, number>();

  const nameOf = (v: AttributeValue): string | null => (v.kind === 'String' ? v.value : null);

  const resolvePri = (priActor: number): number | null => {
    const pri = pris.get(priActor);
    if (!pri) return null;
    if (pri.player !== null) return pri.player;
    let idx: number | undefined;
    if (pri.key) idx = byKey.get(pri.key);
    if (idx === undefined && pri.name !== null) idx = byName.get(pri.name);
    const team = pri.teamActor === null ? undefined : teamIndexOfActor.get(pri.teamActor);
    if (idx === undefined) {
      // A player missing from the header scoreboard (left early, or an older replay): add it once
      // identity and team are known.
      if (pri.name === null || team === undefined) return null;
      const key = pri.key ?? `name:${pri.name}`;
      idx = players.length;
      const [platform, platformId] = key.startsWith('name:') ? (['unknown', null] as const) : splitKey(key);
      players.push({ key, name: pri.name, platform, platformId, team, scoreboard: null, isBot: false });
      byKey.set(key, idx);
      byName.set(pri.name, idx);
    }
    pri.player = idx;
    return idx;
  };

  const carOfInstigator = (actorId: number): number | null => {
    const a = actors.get(actorId);
    if (!a) return null;
    if (a.kind === 'car') return actorId;
    if (a.link !== null && actors.get(a.link)?.kind === 'car') return a.link;
    return null;
  };
  const playerOfCar = (carActor: number | null): number | null => {
    if (carActor === null) return null;
    const car = actors.get(carActor);
    return car?.link == null ? null : resolvePri(car.link);
  };
  const boostOfCar = (carActor: number): number | null => {
    const comp = components.get(carActor)?.boost;
    const raw = comp === undefined ? null : (actors.get(comp)?.boostRaw ?? null);
    return raw;
  };

  const boostActive = (carActor: number): boolean => {
    const comp = components.get(carActor)?.boost;
    return comp === undefined ? false : (actors.get(comp)?.active ?? false);
  };

  const toBody = (rb: RigidBody): Body => ({
    position: {
      x: rb.location.x / scale.location,
      y: rb.location.y / scale.location,
      z: rb.location.z / scale.location,
    },
    velocity: rb.linearVelocity
      ? {
          x: rb.linearVelocity.x / scale.linearVelocity,
          y: rb.linearVelocity.y / scale.linearVelocity,
          z: rb.linearVelocity.z / scale.linearVelocity,
        }
      : null,
  });

  /** Boost component actor → last replicated raw amount before this frame's updates (a pickup's "before"). */
  const boostAtFrameStart = new Map<number, number | null>();
  let prevTime: number | null = null;
  for (const frame of parsed.frames) {
    frameTimeByIndex.set(frame.index, frame.time);
    const dt = prevTime === null ? 0 : Math.max(0, frame.time - prevTime);
    prevTime = frame.time;
    // Boost is replicated only when it starts/stops or jumps: drain active tanks in between.
    boostAtFrameStart.clear();
    for (const id of boostIds) {
      const a = actors.get(id);
      if (!a) continue;
      if (a.active && a.boostRaw !== null) a.boostRaw = Math.max(0, a.boostRaw - BOOST_DRAIN_RAW_PER_S * dt);
      // A pickup's "before" is the last replicated amount, without our drain simulation: it matches
      // ballchasing's big-pad amounts on 22/22 stolen and 10/22 collected (simulated: 7 and 1).
      boostAtFrameStart.set(id, a.boostReplicated);
    }
    applyFrame(frame);
    for (const [event, comp] of pickupsThisFrame)
      event.replicatedFrameEnd = actors.get(comp)?.boostReplicated ?? null;
    pickupsThisFrame.length = 0;
    frames.push(sample(frame));
  }

  function applyFrame(frame: Frame): void {
    for (const id of frame.deletedActors) {
      actors.delete(id);
      carIds.delete(id);
      boostIds.delete(id);
      pris.delete(id);
      components.delete(id);
      if (id === ballActor) ballActor = null;
    }
    for (const n of frame.newActors) {
      const kind = classifier.kindOf(n.objectId);
      const prev = actors.get(n.actorId);
      // Keyframes re-announce live actors: keep what we know when the object is unchanged.
      if (prev && prev.objectId === n.objectId) {
        prev.announcedFrame = frame.index;
        continue;
      }
      actors.set(n.actorId, {
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
      });
      // A (re-)created pad actor starts available.
      if (kind === 'pad') padAvailable.set(n.objectId, true);
      if (kind === 'car') carIds.add(n.actorId);
      else carIds.delete(n.actorId);
      if (kind === 'boost') boostIds.add(n.actorId);
      else boostIds.delete(n.actorId);
      if (kind === 'pri') pris.set(n.actorId, { name: null, key: null, teamActor: null, player: null });
      else pris.delete(n.actorId);
      if (kind === 'ball') ballActor = n.actorId;
      const ahead = linkAhead.get(`${frame.index}:${n.actorId}`);
      if (ahead !== undefined) linkComponent(n.actorId, actors.get(n.actorId) as ActorState, ahead);
      if (kind === 'team') {
        const m = /Team([01])$/.exec(objects[n.objectId] ?? '');
        if (m) teamIndexOfActor.set(n.actorId, m[1] === '1' ? 1 : 0);
      }
    }
    for (const u of frame.updatedActors) {
      const a = actors.get(u.actorId);
      if (!a) continue;
      const attr = objects[u.objectId] ?? '';
      const v = u.value;
      switch (a.kind) {
        case 'car':
        case 'ball':
          if (v.kind === 'RigidBody') {
            a.body = toBody(v);
            a.bodyFrame = frame.index;
          } else if (attr === 'TAGame.Ball_TA:HitTeamNum' && v.kind === 'Byte')
            lastTouchTeam = v.value === 0 ? 0 : v.value === 1 ? 1 : null;
          // Sticky: a demolished car drops its PRI link in the same frame as the demolition.
          else if (attr === 'Engine.Pawn:PlayerReplicationInfo' && v.kind === 'ActiveActor')
            a.link = v.actor >= 0 ? v.actor : a.link;
          else if (attr === 'TAGame.Vehicle_TA:bReplicatedHandbrake' && v.kind === 'Boolean')
            a.handbrake = v.value;
          else if (v.kind === 'Demolish' || v.kind === 'DemolishFx' || v.kind === 'DemolishExtended')
            onDemolish(frame, u.actorId, v);
          break;
        case 'boost':
        case 'jump':
        case 'doubleJump':
        case 'dodge':
          if (attr === 'TAGame.CarComponent_TA:Vehicle' && v.kind === 'ActiveActor') {
            linkComponent(u.actorId, a, v.actor >= 0 ? v.actor : null);
          } else if (attr === 'TAGame.CarComponent_TA:ReplicatedActive' && v.kind === 'Byte')
            a.active = v.value % 2 === 1;
          else if (v.kind === 'ReplicatedBoost') {
            a.boostRaw = v.boostAmount;
            a.boostReplicated = v.boostAmount;
            a.boostFrame = frame.index;
            onBoostReplicated(u.actorId, frame.time, v.boostAmount);
          } else if (attr === 'TAGame.CarComponent_Boost_TA:ReplicatedBoostAmount' && v.kind === 'Byte') {
            // Older replays replicate the amount as a plain byte: the same update, older wire form.
            a.boostRaw = v.value;
            a.boostReplicated = v.value;
            a.boostFrame = frame.index;
            onBoostReplicated(u.actorId, frame.time, v.value);
          }
          break;
        case 'pri': {
          const pri = pris.get(u.actorId);
          if (!pri) break;
          if (attr === 'Engine.PlayerReplicationInfo:PlayerName') pri.name = nameOf(v) ?? pri.name;
          else if (v.kind === 'UniqueId') {
            const id = identityFromRemoteId(v.remoteId);
            if (id.id !== null) pri.key = playerKey(id, pri.name ?? '');
          } else if (attr === 'Engine.PlayerReplicationInfo:Team' && v.kind === 'ActiveActor')
            pri.teamActor = v.actor >= 0 ? v.actor : null;
          else if (attr === 'TAGame.PRI_TA:bMatchMVP' && v.kind === 'Boolean' && v.value)
            mvp = resolvePri(u.actorId);
          break;
        }
        case 'gameEvent':
          if (attr === 'TAGame.GameEvent_TA:ReplicatedStateName' && v.kind === 'Int') {
            stateName = body.names[v.value] ?? null;
            sawStateName = true;
          } else if (attr === 'TAGame.GameEvent_TA:ReplicatedRoundCountDownNumber' && v.kind === 'Int') {
            countdownNumber = v.value;
          } else if (attr === 'TAGame.GameEvent_Soccar_TA:bBallHasBeenHit' && v.kind === 'Boolean') {
            ballHasBeenHit = v.value;
            sawBallHit = true;
          } else if (attr === 'TAGame.GameEvent_Soccar_TA:ReplicatedScoredOnTeam' && v.kind === 'Byte') {
            // Keyframes resend the value, and older replays never reset it to 255 between goals: keep
            // every 0/1 update, the header's goal frames decide which ones are goals.
            if (v.value === 0 || v.value === 1) {
              const isNew = scoredOn !== v.value;
              networkGoals.push({ frame: frame.index, time: frame.time, team: v.value === 0 ? 1 : 0, isNew });
            }
            scoredOn = v.value;
          } else if (attr === 'TAGame.GameEvent_Soccar_TA:bOverTime' && v.kind === 'Boolean' && v.value)
            overtime = true;
          break;
        case 'gri':
          if (attr === 'ProjectX.GRI_X:ReplicatedGamePlaylist' && v.kind === 'Int') playlistId = v.value;
          else if (
            (attr === 'ProjectX.GRI_X:MatchGUID' || attr === 'ProjectX.GRI_X:MatchGuid') &&
            v.kind === 'String' &&
            v.value !== ''
          )
            networkGuid = v.value;
          break;
        case 'team':
          if (attr === 'TAGame.Team_TA:CustomTeamName' && v.kind === 'String') {
            const t = teamIndexOfActor.get(u.actorId);
            if (t !== undefined && v.value !== '') teamNames[t] = v.value;
          }
          break;
        case 'pad':
          if (v.kind === 'Pickup' || v.kind === 'PickupNew') onPickup(frame, a.objectId, v);
          break;
        default:
          break;
      }
    }
  }

  function onBoostReplicated(comp: number, time: number, raw: number): void {
    const waiting = awaitingReplication.get(comp);
    if (waiting) {
      for (const p of waiting) {
        if (time - p.time <= 0.5) p.replicatedAfter = raw;
        const side = pickupSide.get(p);
        if (side) side.nextReplication = time;
      }
      awaitingReplication.delete(comp);
    }
    lastReplicated.set(comp, raw);
  }

  function onDemolish(frame: Frame, carActor: number, v: AttributeValue): void {
    if (v.kind !== 'DemolishExtended' && v.kind !== 'Demolish' && v.kind !== 'DemolishFx') return;
    const active = (a: { active: boolean; actor: number }): number | null =>
      a.active && a.actor >= 0 ? a.actor : null;
    const ext = v.kind === 'DemolishExtended';
    const attackerPri = ext ? active(v.attackerPri) : null;
    const attackerCar = ext ? active(v.attacker) : active({ active: v.attackerFlag, actor: v.attacker });
    let victimCar = ext ? active(v.victim) : active({ active: v.victimFlag, actor: v.victim });
    victimCar ??= carActor;
    // Keyframes resend the attribute while the wreck exists: one demolition per car and value.
    const sig = JSON.stringify(v);
    if (demoSeen.get(victimCar) === sig) return;
    demoSeen.set(victimCar, sig);
    const victimActor = actors.get(victimCar);
    if (victimActor) victimActor.demolished = true;
    const attacker = attackerPri !== null ? resolvePri(attackerPri) : playerOfCar(attackerCar);
    // Without an attacker it is not a demolition anyone inflicted (end-of-match explosions).
    if (attacker === null) return;
    demos.push({ time: frame.time, frame: frame.index, attacker, victim: playerOfCar(victimCar) });
  }

  function onPickup(
    frame: Frame,
    padObject: number,
    v: Extract<AttributeValue, { kind: 'Pickup' | 'PickupNew' }>,
  ): void {
    const sig = `${v.instigator}:${String(v.pickedUp)}`;
    const prev = padLastState.get(padObject);
    padLastState.set(padObject, sig);
    const taken = v.kind === 'Pickup' ? v.pickedUp : v.pickedUp !== 255;
    // A keyframe resend names no car (−1) once the taker's car is gone: no taker, as for a respawn.
    if (!taken || v.instigator === null || v.instigator < 0) {
      if (prev !== sig) padAvailable.set(padObject, true);
      return;
    }
    if (prev === sig) return;
    const fresh = padAvailable.get(padObject) ?? true;
    padAvailable.set(padObject, false);
    const car = carOfInstigator(v.instigator);
    const player = playerOfCar(car);
    if (car === null || player === null) return;
    // Each pickup votes for the table pad nearest the car; the pad object takes the majority
    // (a single stale car position must not mislabel a pad for the whole replay).
    let pad: BoostPad | null = null;
    if (padsSupported) {
      const pos = actors.get(car)?.body?.position;
      const near = pos ? nearestPad(pos, STANDARD_PADS) : null;
      if (near && near.distance <= (near.pad.size === 'big' ? BIG_PAD_SNAP_UU : SMALL_PAD_SNAP_UU)) {
        const votes = padVotes.get(padObject) ?? new Map<number, number>();
        votes.set(near.pad.id, (votes.get(near.pad.id) ?? 0) + 1);
        padVotes.set(padObject, votes);
      }
      pad = majorityPad(padVotes.get(padObject));
    }
    const last = padLastPickup.get(padObject);
    const respawn = pad?.size === 'big' ? BIG_PAD_RESPAWN_S : SMALL_PAD_RESPAWN_S;
    if (last !== undefined && frame.time - last < respawn - PAD_RESPAWN_MARGIN_S) return;
    padLastPickup.set(padObject, frame.time);
    const comp = components.get(car)?.boost;
    const raw = comp === undefined ? null : (boostAtFrameStart.get(comp) ?? boostOfCar(car));
    const event: PickupEvent = {
      time: frame.time,
      frame: frame.index,
      player,
      pad,
      before: raw === null ? null : (raw * 100) / RAW_BOOST_MAX,
      after: null,
      replicatedBefore: comp === undefined ? null : (lastReplicated.get(comp) ?? null),
      replicatedAfter: null,
      gainObserved: true,
    };
    pickups.push(event);
    pickupSide.set(event, {
      padObject,
      carLife: `${car}:${actors.get(car)?.createdFrame ?? -1}`,
      padFresh: fresh,
      nextReplication: null,
    });
    if (comp !== undefined) pickupsThisFrame.push([event, comp]);
    if (comp !== undefined) awaitingReplication.set(comp, [...(awaitingReplication.get(comp) ?? []), event]);
  }

  function phaseNow(): Phase {
    if (sawStateName) {
      if (stateName === STATE_POST_GOAL) return 'postGoal';
      if (stateName === STATE_COUNTDOWN) return countdownNumber > 0 ? 'countdown' : 'kickoff';
      if (stateName !== STATE_ACTIVE) return 'pre';
      // Replays that never replicate bBallHasBeenHit are relabelled 'live' after the pass.
      return ballHasBeenHit ? 'live' : 'kickoff';
    }
    if (sawBallHit) return ballHasBeenHit ? 'live' : 'kickoff';
    return ballActor === null ? 'pre' : 'live';
  }

  function sample(frame: Frame): FrameState {
    const cars: Array<CarState | null> = new Array<CarState | null>(players.length).fill(null);
    for (const id of carIds) {
      const a = actors.get(id);
      if (!a || a.demolished || !a.body || a.link === null) continue;
      const p = resolvePri(a.link);
      if (p === null) continue;
      const comps = components.get(id);
      const raw = boostOfCar(id);
      const boostActor = comps?.boost === undefined ? undefined : actors.get(comps.boost);
      const active = (k: 'jump' | 'doubleJump' | 'dodge'): boolean => {
        const c = comps?.[k];
        return c === undefined ? false : (actors.get(c)?.active ?? false);
      };
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
        boosting: boostActive(id),
        jumping: active('jump'),
        doubleJumping: active('doubleJump'),
        dodging: active('dodge'),
      };
    }
    const ball = ballActor === null ? undefined : actors.get(ballActor);
    const ballState: BallState | null = ball?.body
      ? { position: ball.body.position, velocity: ball.body.velocity }
      : null;
    return { time: frame.time, dt: 0, phase: phaseNow(), lastTouchTeam, ball: ballState, cars };
  }

  if (!sawBallHit) for (const f of frames) if (f.phase === 'kickoff') f.phase = 'live';
  for (let i = 0; i + 1 < frames.length; i++) {
    const next = parsed.frames[i + 1];
    const f = frames[i];
    if (f && next) f.dt = Math.max(0, next.delta);
  }

  // Pickups: the boost level right after the pickup is the next sampled value.
  for (const p of pickups) {
    const obj = pickupSide.get(p)?.padObject;
    if (padsSupported && obj !== undefined) p.pad = majorityPad(padVotes.get(obj));
    const i = firstFrameAfter(frames, p.time + PICKUP_SETTLE_S);
    p.after = frames[i]?.cars[p.player]?.boost ?? null;
    p.gainObserved = replicatedGain(p);
  }
  dropUnseenGains(pickups, pickupSide);
  bookPickups(pickups, pickupSide);

  const goals = mergeGoals(
    networkGoals,
    facts.goals,
    byName,
    (f) => frameTimeByIndex.get(f) ?? nearestTime(frames, f),
  );

  const quality = scoreQuality(parsed, players, frames, padsSupported);
  return {
    info: {
      replayId: facts.replayId,
      matchGuid: facts.matchGuid ?? networkGuid,
      title: facts.title,
      mapCode: facts.mapCode,
      matchType: facts.matchType,
      teamSize: facts.teamSize,
      playlistId,
      startedAt: facts.startedAt,
      localDate: facts.localDate,
      // Σ frame deltas: skips the cut goal replays, as ballchasing's duration does (340 s vs 348 s wall).
      duration: frames.reduce((sum, f) => sum + f.dt, 0),
      overtime,
      forfeit: facts.forfeit,
      teamScores: facts.teamScores,
      teamNames,
      gameType: header.gameType,
      version: facts.version,
    },
    players,
    frames,
    goals,
    demos,
    pickups,
    mvp,
    boostPads: padsSupported ? 'supported' : 'unsupported',
    quality,
  };
}

/** Max frame distance between a network goal and the header's entry for it. */
const GOAL_FRAME_MATCH = 10;

interface NetworkGoalSignal {
  frame: number;
  time: number;
  /** Team that scored (the opposite of ScoredOnTeam). */
  team: TeamIndex;
  /** The value changed (a resend at a keyframe repeats the previous value). */
  isNew: boolean;
}

/**
 * Goals: the header's Goals[] gives each goal's frame and scorer (authoritative, Part C.7); the
 * network's ScoredOnTeam at that frame gives the scoring team (the header's PlayerTeam is stale
 * after a team switch). Without header goals, the network's value changes are the goals.
 */
function mergeGoals(
  network: NetworkGoalSignal[],
  header: HeaderFacts['goals'],
  byName: Map<string, number>,
  timeOf: (frame: number) => number,
): GoalEvent[] {
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

function majorityPad(votes: Map<number, number> | undefined): BoostPad | null {
  if (!votes) return null;
  let best: number | null = null;
  let bestVotes = 0;
  for (const [id, n] of votes) {
    if (n > bestVotes) {
      bestVotes = n;
      best = id;
    }
  }
  return best === null ? null : (STANDARD_PADS[best] ?? null);
}

/**
 * The pad ballchasing books each pickup under. It sees a pad event only when the pad was replicated
 * as respawned (or without a taker) since its previous pickup; a pad retaken in the tick it
 * respawns (big pads 9.98–10.03 s after the last pickup) shows no respawn, and ballchasing books
 * that rise under the pad of the player's previous pad event in the same car life, or drops it
 * when the car has none yet (a respawned car).
 */
function bookPickups(pickups: PickupEvent[], side: Map<PickupEvent, PickupSide>): void {
  const lastPad = new Map<number, { life: string; pad: BoostPad | null }>();
  for (const p of pickups) {
    const s = side.get(p);
    const life = s?.carLife ?? '';
    const last = lastPad.get(p.player);
    const prior = last && last.life === life ? last.pad : null;
    if (s?.padFresh === false) {
      if (p.gainObserved) p.bookedPad = prior;
      continue;
    }
    lastPad.set(p.player, { life, pad: p.pad });
  }
}

/**
 * Did the replicated amount rise with the pickup (in its frame, else at the next replication within
 * 0.5 s)? An amount not replicated again in that time counts as a gain (see dropUnseenGains).
 */
function replicatedGain(p: PickupEvent): boolean {
  if (p.before === null) return true;
  const beforeRaw = (p.before * RAW_BOOST_MAX) / 100;
  const inFrame = p.replicatedFrameEnd;
  const after = p.replicatedAfter;
  // The frame replicated a drop (boost burnt) before the pad update, and the rise came with the
  // next replication: the rise is measured from the dropped level (Alfa 155 Q4 DTM at 199.62 s,
  // 76 → 65 in the frame, 95 at 199.65 s: ballchasing books 11.8 as a stolen small pad).
  if (inFrame !== null && inFrame !== undefined && inFrame < beforeRaw && after != null && after > inFrame) {
    p.before = (inFrame * 100) / RAW_BOOST_MAX;
    p.observedRaw = after;
    return true;
  }
  const next =
    inFrame !== null && inFrame !== undefined && Math.abs(inFrame - beforeRaw) > 1e-9 ? inFrame : after;
  p.observedRaw = next ?? null;
  return next === null || next === undefined || next > beforeRaw;
}

/**
 * A pickup whose amount was not replicated again within 0.5 s has no rise of its own when the
 * player's next pad event (same car life) comes no later than the car's next replication:
 * ballchasing books that rise under the later pad. Jtabor26's small pad at 207.01 s (237, nothing
 * replicated until 207.62 s, the frame of his next pad, 237 → 255) is not one of its pickups.
 */
function dropUnseenGains(pickups: PickupEvent[], side: Map<PickupEvent, PickupSide>): void {
  for (let i = 0; i < pickups.length; i++) {
    const p = pickups[i];
    if (!p || p.before === null || p.observedRaw !== null) continue;
    const s = side.get(p);
    if (!s || s.nextReplication === null) continue;
    for (let j = i + 1; j < pickups.length; j++) {
      const q = pickups[j];
      if (!q || q.time > s.nextReplication) break;
      if (q.player === p.player && side.get(q)?.carLife === s.carLife) {
        p.gainObserved = false;
        break;
      }
    }
  }
}

/** The boost level has settled this long after a pickup. */
const PICKUP_SETTLE_S = 0.2;

/** Index of the first frame later than `time` (frames are time-ordered), or frames.length. */
function firstFrameAfter(frames: FrameState[], time: number): number {
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((frames[mid]?.time ?? Infinity) > time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function splitKey(key: string): [PlayerInfo['platform'], string] {
  const i = key.indexOf(':');
  return [key.slice(0, i) as PlayerInfo['platform'], key.slice(i + 1)];
}

function nearestTime(frames: FrameState[], frameIndex: number): number {
  const f = frames[Math.min(Math.max(0, frameIndex), frames.length - 1)];
  return f?.time ?? 0;
}

function scoreQuality(
  parsed: ParsedReplay,
  players: PlayerInfo[],
  frames: FrameState[],
  pads: boolean,
): QualityScorecard {
  let slots = 0;
  let filled = 0;
  for (const f of frames) {
    if (f.phase === 'pre' || f.phase === 'countdown') continue;
    for (let p = 0; p < players.length; p++) {
      slots++;
      if (f.cars[p]) filled++;
    }
  }
  const coverage = slots === 0 ? 0 : filled / slots;
  const withId = players.filter((p) => p.platformId !== null).length;
  const notes: string[] = [];
  const decoded = parsed.network.status !== 'skipped' && parsed.frames.length > 0;
  if (!decoded) notes.push('network stream not decoded: only header facts are available');
  if (parsed.network.status === 'partial')
    notes.push(
      `network stream partially decoded (${parsed.network.framesDecoded}/${parsed.network.framesTotal} frames)`,
    );
  if (!pads) notes.push('arena without a boost-pad table: boost pickup stats unsupported');
  const verdict =
    !decoded || coverage < MIN_USABLE_COVERAGE
      ? 'unusable'
      : coverage < 0.9 || parsed.network.status === 'partial'
        ? 'degraded'
        : 'good';
  return {
    playerFrameCoverage: coverage,
    playersWithIdentity: withId,
    playerCount: players.length,
    networkDecoded: decoded,
    boostPads: pads ? 'supported' : 'unsupported',
    verdict,
    notes,
  };
}

const COMPONENT_KINDS = new Set(['boost', 'jump', 'doubleJump', 'dodge'] as const);
type ComponentKind = 'boost' | 'jump' | 'doubleJump' | 'dodge';
const isComponentKind = (k: string): k is ComponentKind => COMPONENT_KINDS.has(k as ComponentKind);

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
function componentLinksAhead(
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
