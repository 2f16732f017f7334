/**
 * The match model under construction: what the passes of build-model.ts share while they walk
 * the decoded frames. Each part belongs to one pass (named on it); other passes only read it.
 */
import type { ParsedReplay } from '../../replay.js';
import type { Frame } from '../../network/visitor.js';
import type { AttributeValue } from '../../network/attributes/types.js';
import { rigidBodyScale, type Scale } from '../../units.js';
import { arenaHasStandardPads } from '../arena.js';
import { ActorClassifier, type ActorKind } from '../classify.js';
import { headerFacts, type HeaderFacts } from '../header-facts.js';
import type { DemoEvent, FrameState, PickupEvent, PlayerInfo, TeamIndex, Vec3 } from '../model.js';

export interface Body {
  position: Vec3;
  velocity: Vec3 | null;
}

/** The car components a car actor links to (CarComponent_TA:Vehicle). */
export type ComponentKind = 'boost' | 'jump' | 'doubleJump' | 'dodge';

export interface ActorState {
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

/** Live actors by id (actors.ts; components.ts fills `components`). */
export interface ActorTable {
  byId: Map<number, ActorState>;
  /** Per-frame work touches only these (pads, crowd and camera actors are many). */
  carIds: Set<number>;
  boostIds: Set<number>;
  /** car actor → boost / jump / double jump / dodge component actors. */
  components: Map<number, Partial<Record<ComponentKind, number>>>;
  ball: number | null;
  /** `${creation frame}:${component actor}` → its car, read ahead (components.ts, componentLinksAhead). */
  linksAhead: Map<string, number>;
}

export interface PriState {
  name: string | null;
  key: string | null;
  teamActor: number | null;
  player: number | null;
}

/** Players, their PRI actors and the team actors (players.ts). */
export interface Roster {
  players: PlayerInfo[];
  byKey: Map<string, number>;
  byName: Map<string, number>;
  pris: Map<number, PriState>;
  teamOfActor: Map<number, TeamIndex>;
  teamNames: [string | null, string | null];
  /** MVP player index from PRI bMatchMVP. */
  mvp: number | null;
}

/** The game event's replicated state (game-state.ts) and the ball's last touch (ball.ts). */
export interface GameState {
  stateName: string | null;
  sawStateName: boolean;
  ballHasBeenHit: boolean;
  sawBallHit: boolean;
  countdownNumber: number;
  overtime: boolean;
  playlistId: number | null;
  networkGuid: string | null;
  lastTouchTeam: TeamIndex | null;
}

export interface NetworkGoalSignal {
  frame: number;
  time: number;
  /** Team that scored (the opposite of ScoredOnTeam). */
  team: TeamIndex;
  /** The value changed (a resend at a keyframe repeats the previous value). */
  isNew: boolean;
}

/** Goals as the game replicated them: ReplicatedScoredOnTeam turning 0/1 (goals.ts). */
export interface GoalSignals {
  scoredOn: number | null;
  network: NetworkGoalSignal[];
}

/** Demolitions (demolitions.ts). */
export interface Demolitions {
  events: DemoEvent[];
  /** Victim car → the last demolish value seen (keyframes resend it). */
  seen: Map<number, string>;
}

/** Per pickup, what only the model builder needs (kept out of the public PickupEvent). */
export interface PickupSide {
  padObject: number;
  /** The taker's car life: car actor and its creation frame. */
  carLife: string;
  /** A respawn of the pad was replicated since its previous pickup (see bookPickups). */
  padFresh: boolean;
  /** Time of the car's next boost replication at any delay (see dropUnseenGains), null before it. */
  nextReplication: number | null;
}

/** Boost pads and their pickups (boost-pads.ts). */
export interface PadState {
  supported: boolean;
  /** Pad object → votes (table pad id → pickups snapped to it). */
  votes: Map<number, Map<number, number>>;
  lastState: Map<number, string>;
  lastPickup: Map<number, number>;
  /**
   * Pad object → a respawn (pickedUp 255, or an update without instigator) was replicated since
   * its last pickup. A pickup without one is not a new pad event for ballchasing (see bookPickups).
   */
  available: Map<number, boolean>;
  pickups: PickupEvent[];
  /** What the pickup passes after the frame walk need to know of each pickup. */
  side: Map<PickupEvent, PickupSide>;
  /** Pickups waiting for the next replicated boost value of their car's boost component. */
  awaitingReplication: Map<number, PickupEvent[]>;
  /** This frame's pickups and their boost component (their frame-end amount is read after it). */
  thisFrame: Array<[PickupEvent, number]>;
  /** Boost component → last replicated raw amount. */
  lastReplicated: Map<number, number>;
}

/** Boost amounts between replications (components.ts). */
export interface BoostClock {
  prevTime: number | null;
  /** Boost component actor → last replicated raw amount before this frame's updates (a pickup's "before"). */
  atFrameStart: Map<number, number | null>;
}

/** The model under construction. */
export interface ModelBuild {
  readonly parsed: ParsedReplay;
  readonly facts: HeaderFacts;
  readonly objects: readonly string[];
  readonly classifier: ActorClassifier;
  readonly scale: Scale;
  readonly actors: ActorTable;
  readonly roster: Roster;
  readonly game: GameState;
  readonly goals: GoalSignals;
  readonly demos: Demolitions;
  readonly pads: PadState;
  readonly boost: BoostClock;
  /** Sampled frames (sample.ts) and each decoded frame's time by index. */
  readonly frames: FrameState[];
  readonly frameTimeByIndex: Map<number, number>;
  /** Scratch: the update being dispatched (walkFrame refills it; passes must not keep it). */
  readonly update: ActorUpdate;
}

/** One attribute update of a live actor, as the update passes receive it. */
export interface ActorUpdate {
  frame: Frame;
  actorId: number;
  actor: ActorState;
  /** The attribute's object name. */
  attr: string;
  value: AttributeValue;
}

export function createModelBuild(parsed: ParsedReplay): ModelBuild {
  const { header, body } = parsed;
  const facts = headerFacts(header);
  const players: PlayerInfo[] = facts.players.map((p) => ({ ...p }));
  return {
    parsed,
    facts,
    objects: body.objects,
    classifier: new ActorClassifier(body.objects),
    scale: rigidBodyScale(header.netVersion),
    actors: {
      byId: new Map(),
      carIds: new Set(),
      boostIds: new Set(),
      components: new Map(),
      ball: null,
      linksAhead: new Map(),
    },
    roster: {
      players,
      byKey: new Map(players.map((p, i) => [p.key, i])),
      byName: new Map(players.map((p, i) => [p.name, i])),
      pris: new Map(),
      teamOfActor: new Map(),
      teamNames: [null, null],
      mvp: null,
    },
    game: {
      stateName: null,
      sawStateName: false,
      ballHasBeenHit: false,
      sawBallHit: false,
      countdownNumber: 0,
      overtime: false,
      playlistId: null,
      networkGuid: null,
      lastTouchTeam: null,
    },
    goals: { scoredOn: null, network: [] },
    demos: { events: [], seen: new Map() },
    pads: {
      supported: arenaHasStandardPads(facts.mapCode, header.gameType),
      votes: new Map(),
      lastState: new Map(),
      lastPickup: new Map(),
      available: new Map(),
      pickups: [],
      side: new Map(),
      awaitingReplication: new Map(),
      thisFrame: [],
      lastReplicated: new Map(),
    },
    boost: { prevTime: null, atFrameStart: new Map() },
    frames: [],
    frameTimeByIndex: new Map(),
    update: {
      frame: null as unknown as Frame,
      actorId: -1,
      actor: null as unknown as ActorState,
      attr: '',
      value: null as unknown as AttributeValue,
    },
  };
}
