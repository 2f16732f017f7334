import {
  BOOST_SPEED,
  GROUND_Z,
  HIGH_AIR_Z,
  POWERSLIDE_MAX_Z,
  RAW_BOOST_MAX,
  RAW_FULL_BOOST_FROM,
  RAW_ZERO_BOOST_BELOW,
  SILENT_CAR_S,
  STOPPED_CAR_SPEED,
  SUPERSONIC_SPEED,
  THIRD_BOUNDARY_Y,
} from '../constants.js';
import type { CarState, FrameState, MatchModel, Phase, TeamIndex, Vec3 } from '../model.js';
import {
  bandLevels,
  closingLevels,
  genuineUpdates,
  meanReplicatedLevel,
  fromNextMarked,
  usedPerFrame,
} from './boost-levels.js';
import { PowerslidePresses } from './powerslide.js';
import { hypot3 } from '../hypot.js';

/** Phases counted as live time T_live (ballchasing's clock stops only while 3-2-1 shows). */
export const PLAY_PHASES: ReadonlySet<Phase> = new Set<Phase>(['kickoff', 'live', 'postGoal']);
/** Phases in which a player's own tracked time T_player runs (whenever the car exists). */
export const TRACKED_PHASES: ReadonlySet<Phase> = new Set<Phase>([
  'countdown',
  'kickoff',
  'live',
  'postGoal',
]);

/** Per-player frame integrals, before they are shaped into ballchasing blocks. */
export interface PlayerIntegrals {
  tPlayer: number;
  /** Σ speed and count over frames where the car's rigid body was freshly replicated. */
  freshSpeedSum: number;
  freshCount: number;
  distance: number;
  slow: number;
  boostSpeed: number;
  supersonic: number;
  ground: number;
  lowAir: number;
  highAir: number;
  powerslideTime: number;
  powerslideCount: number;
  // boost levels
  /** Mean genuinely replicated raw amount (avg_amount), null without any update. */
  meanBoostRaw: number | null;
  zero: number;
  full: number;
  band0: number;
  band25: number;
  band50: number;
  band75: number;
  /** Raw boost used (drops of the replicated amount), and the drops booked while supersonic on the ground. */
  usedRaw: number;
  usedSupersonicRaw: number;
  // positioning
  defThird: number;
  neutralThird: number;
  offThird: number;
  defHalf: number;
  offHalf: number;
  behind: number;
  infront: number;
  mostBack: number;
  mostForward: number;
  closest: number;
  farthest: number;
  /** Distance sums and sample counts (over rigid-body updates). */
  ballDistSum: number;
  ballDistTime: number;
  possDistSum: number;
  possDistTime: number;
  noPossDistSum: number;
  noPossDistTime: number;
  matesDistSum: number;
  matesDistTime: number;
}

const zeroIntegrals = (): PlayerIntegrals => ({
  tPlayer: 0,
  freshSpeedSum: 0,
  freshCount: 0,
  distance: 0,
  slow: 0,
  boostSpeed: 0,
  supersonic: 0,
  ground: 0,
  lowAir: 0,
  highAir: 0,
  powerslideTime: 0,
  powerslideCount: 0,
  meanBoostRaw: null,
  zero: 0,
  full: 0,
  band0: 0,
  band25: 0,
  band50: 0,
  band75: 0,
  usedRaw: 0,
  usedSupersonicRaw: 0,
  defThird: 0,
  neutralThird: 0,
  offThird: 0,
  defHalf: 0,
  offHalf: 0,
  behind: 0,
  infront: 0,
  mostBack: 0,
  mostForward: 0,
  closest: 0,
  farthest: 0,
  ballDistSum: 0,
  ballDistTime: 0,
  possDistSum: 0,
  possDistTime: 0,
  noPossDistSum: 0,
  noPossDistTime: 0,
  matesDistSum: 0,
  matesDistTime: 0,
});

export interface MatchIntegrals {
  tLive: number;
  players: PlayerIntegrals[];
  /** Per team: possession time and ball time in the team's own half. */
  possession: [number, number];
  ballInSide: [number, number];
}

const speedOf = (c: CarState): number => (c.velocity ? hypot3(c.velocity.x, c.velocity.y, c.velocity.z) : 0);
const dist = (a: Vec3, b: Vec3): number => hypot3(a.x - b.x, a.y - b.y, a.z - b.z);

/**
 * `amount_used_while_supersonic`: a drop of the replicated amount (the `bpm` usage) is booked in
 * full when, in the frame that replicates it, the car's last replicated speed is supersonic AND the
 * car is on the ground (z ≤ GROUND_Z). Boost is replicated when a burst ends, mostly in the air after
 * a jump, and ballchasing leaves those drops out: with the height test 16/16 with-stats players
 * match once truncated (ours − theirs 0.06–0.94), without it 0/16 (+264..+758); z ≤ 17/19/22 give
 * 9/15/15, speed ≥ 2190/2210 give 8/9. Every time-based rule (boost active while supersonic, drain
 * simulation, drops split over the interval) missed Jtabor26 (theirs 28) by 80–160.
 */
export const usedWhileSupersonic = (speed: number, z: number): boolean =>
  speed >= SUPERSONIC_SPEED && z <= GROUND_Z;

/**
 * Roles of a player who is the only ranked car of his team in a frame: one rule for every team
 * size (1v1, a team of one after a leave, the last car standing in 2v2–4v4).
 * Reason: roles rank a car against its teammates; with nobody to rank against the car is at once
 * the team's most back, most forward, closest and farthest, except that a teammate still in the
 * match whose car is off the field (demolished, or blown up by a goal, until it respawns) holds
 * the back and farthest places, so the lone car keeps forward and closest. A 1v1 player holds all
 * four roles for his live time, and so does a player whose partners left (they are no longer in
 * the match). A silent teammate (SILENT_CAR_S) is on the field: the lone car holds all four and
 * shares back and farthest with it. Evidence for the off-field split: Jtabor26 (doubles) was
 * 5.8 s short on forward and 10.6 s on closest while his partner was dead for 6.0 s (forward →
 * +0.2 s, closest −4.6 s; all four roles there put his back / farthest +3.6 / +8.4 s over);
 * Kiileerrz alone for 1.2 s after a goal (−0.9 / −4.9 → +0.3 / −3.7 on forward / closest).
 */
export function loneCarRoles(matesRanked: number, mateOffField: boolean): 'none' | 'forwardClosest' | 'all' {
  if (matesRanked > 0) return 'none';
  return mateOffField ? 'forwardClosest' : 'all';
}

/**
 * Per frame, the index of the frame holding the player's next rigid-body update (the car's body
 * replicated with a velocity; this frame itself when it has one) within the same car life and play
 * segment (segments end when a goal's aftermath ends), null when there is none.
 *
 * ballchasing books the interval between two rigid-body updates at the update that *ends* it, as it
 * does for boost (stats/boost-levels.ts): each frame is classified by the car state of that update
 * (speed band, height, third, half) and by the ball of that update's frame (behind / in front),
 * and frames after the car's last update of a segment are not tracked at all. Evidence (16 players
 * of the three with-stats replays, ours − theirs): with the last replicated state the time
 * partitions were biased (slow +0.1..+0.6 s, boost speed −0.8..+0.5, low air up to +0.8, defensive
 * third up to +1.0, neutral down to −1.2, behind the ball up to +1.3 s), 11 team sums off by more
 * than 1 s; with the next update every player's partition is within ±0.7 s (most within 0.25) and
 * all movement team sums match. Dropping the untracked tail removes Jtabor26's forfeit tail exactly
 * (his rigid body stops at 348.03 s while his car stays: T_player +6.68 → +0.16 s) and Darko_oklm's
 * idle car after a goal (+0.84 → +0.27 s). The same picture would give total_distance as the sum of
 * the straight-line distances between consecutive updates (10 of 16 players within 5 uu; not used:
 * total_distance stays the speed integral over the tracked frames).
 */
export function nextBodyUpdates(model: MatchModel, player: number): Array<number | null> {
  return fromNextMarked(model, player, (i, c) => (c.fresh && c.velocity ? i : undefined));
}

/**
 * A stopped car (last replicated speed below STOPPED_CAR_SPEED) is credited most back and farthest
 * on top of its normal ranking, in live play only (kickoff spawns are all at rest). Ballchasing's
 * team back sums exceed T_live without any demolition (doubles orange by 11.3 s), and its back /
 * farthest times exceed ours by about each player's stopped time; why it counts them is not known.
 * Also crediting the goal aftermath: 89 role fields instead of 91; crediting all four roles: 92 but
 * `time_most_forward` 11 → 10; back only 89, farthest only 88.
 */
export const isStoppedCar = (speed: number): boolean => speed < STOPPED_CAR_SPEED;

/** What the frame walk reads of one player, computed for every frame before it. */
interface PlayerSeries {
  /** Per frame: the frame of the rigid-body update that books it (nextBodyUpdates). */
  booking: Array<number | null>;
  /** Per frame: the level of the next genuine boost replication (boost-levels.ts bandLevels). */
  bands: Array<number | null>;
  /** Per frame: the level of the update closing its interval (closingLevels). */
  closing: Array<number | null>;
  /** Per frame: raw boost used (usedPerFrame). */
  used: number[];
  /** Last frame the player has a car: after it he has left the match (or the replay ended). */
  lastCarFrame: number;
}

/** Running state of the frame walk. */
interface Walk {
  tLive: number;
  possession: [number, number];
  ballInSide: [number, number];
  presses: PowerslidePresses[];
  /** Demolitions in time order; `dead[p]` holds while p's car is gone after one (until it respawns). */
  demoQueue: Array<{ time: number; victim: number }>;
  nextDemo: number;
  dead: boolean[];
  /** Time of each car's latest rigid-body replication (its appearance counts as one). */
  lastRb: Array<number | null>;
  silent: boolean[];
  /** Scratch for one player's teammate scan (reused: the walk runs frames × players × players). */
  scan: TeammateScan;
}

/** What every player's step reads of one tracked frame. */
interface FrameView {
  i: number;
  f: FrameState;
  dt: number;
  /** The live clock runs (PLAY_PHASES). */
  live: boolean;
  ball: Vec3 | null;
  /** Cars credited most back and farthest as absent this frame (absentCars). */
  absent: boolean[];
  /** Team-normalised y (own goal at −y) for role ranking, null without a car. */
  ny: Array<number | null>;
  /** Distance to the ball, null without a car or ball. */
  bd: Array<number | null>;
}

/** A player's teammates this frame: who is there to rank against, and the extremes of the ranking. */
interface TeammateScan {
  /** Teammates with a tracked car (for avg_distance_to_mates) and their summed distance. */
  mates: number;
  matesDist: number;
  /** Teammates ranked for roles (on the field and not silent). */
  ranked: number;
  /** A teammate is off the field but still in the match (he has a car again later). */
  offField: boolean;
  minY: number;
  maxY: number;
  minD: number | null | undefined;
  maxD: number | null | undefined;
}

/**
 * Integrate every frame-based quantity over the match in one walk over the frames. Steps, per
 * tracked frame: the frame's view (live clock, deaths, possession, absent cars, ranking inputs),
 * then per player: movement, powerslides, boost levels, positioning, ball distances, teammates,
 * roles.
 */
export function integrate(model: MatchModel): MatchIntegrals {
  const n = model.players.length;
  const acc = model.players.map(zeroIntegrals);
  const series = model.players.map((_, p) => playerSeries(model, p, acc[p] as PlayerIntegrals));
  const walk = startWalk(model);
  for (let i = 0; i < model.frames.length; i++) {
    const f = model.frames[i] as FrameState;
    trackSilence(walk, f, n);
    if (!TRACKED_PHASES.has(f.phase)) {
      for (const pr of walk.presses) pr.reset();
      continue;
    }
    const view = viewFrame(model, walk, f, i);
    for (let p = 0; p < n; p++) integratePlayer(model, series, walk, view, p, acc[p] as PlayerIntegrals);
  }
  return { tLive: walk.tLive, players: acc, possession: walk.possession, ballInSide: walk.ballInSide };
}

/** The per-frame series of one player; sets his mean boost level and total boost used. */
function playerSeries(model: MatchModel, p: number, a: PlayerIntegrals): PlayerSeries {
  const genuine = genuineUpdates(model, p);
  a.meanBoostRaw = meanReplicatedLevel(model, p, genuine);
  const bands = bandLevels(model, p, genuine);
  const used = usedPerFrame(model, p);
  for (const u of used) a.usedRaw += u;
  let lastCarFrame = -1;
  model.frames.forEach((f, i) => f.cars[p] && (lastCarFrame = i));
  return {
    booking: nextBodyUpdates(model, p),
    bands,
    closing: closingLevels(model, bands),
    used,
    lastCarFrame,
  };
}

function startWalk(model: MatchModel): Walk {
  const n = model.players.length;
  return {
    tLive: 0,
    possession: [0, 0],
    ballInSide: [0, 0],
    presses: model.players.map(() => new PowerslidePresses()),
    demoQueue: model.demos
      .filter((d): d is typeof d & { victim: number } => d.victim !== null)
      .sort((a, b) => a.time - b.time),
    nextDemo: 0,
    dead: new Array<boolean>(n).fill(false),
    lastRb: new Array<number | null>(n).fill(null),
    silent: new Array<boolean>(n).fill(false),
    scan: { mates: 0, matesDist: 0, ranked: 0, offField: false, minY: 0, maxY: 0, minD: null, maxD: null },
  };
}

/** Every frame (tracked or not): which cars have gone silent (no rigid body for SILENT_CAR_S). */
function trackSilence(walk: Walk, f: FrameState, n: number): void {
  for (let p = 0; p < n; p++) {
    const c = f.cars[p];
    if (!c) walk.lastRb[p] = null;
    else if (c.fresh || walk.lastRb[p] === null) walk.lastRb[p] = f.time;
    walk.silent[p] = !!c?.velocity && f.time - (walk.lastRb[p] ?? f.time) > SILENT_CAR_S;
  }
}

/** A tracked frame: advance the live clock, deaths and team possession, and read what roles rank. */
function viewFrame(model: MatchModel, walk: Walk, f: FrameState, i: number): FrameView {
  const n = model.players.length;
  const dt = f.dt;
  const live = PLAY_PHASES.has(f.phase);
  if (live) walk.tLive += dt;
  const { dead, demoQueue } = walk;
  for (let d = demoQueue[walk.nextDemo]; d && d.time <= f.time; d = demoQueue[++walk.nextDemo])
    dead[d.victim] = true;
  for (let p = 0; p < n; p++) if (f.cars[p]) dead[p] = false;
  const ball = f.ball?.position ?? null;
  if (f.lastTouchTeam !== null) walk.possession[f.lastTouchTeam] += dt;
  if (ball) walk.ballInSide[ball.y < 0 ? 0 : 1] += dt;

  const ny: Array<number | null> = new Array<number | null>(n).fill(null);
  const bd: Array<number | null> = new Array<number | null>(n).fill(null);
  for (let p = 0; p < n; p++) {
    const c = f.cars[p];
    if (!c) continue;
    ny[p] = model.players[p]?.team === 0 ? c.position.y : -c.position.y;
    if (ball) bd[p] = dist(c.position, ball);
  }
  return { i, f, dt, live, ball, absent: absentCars(model, walk, f, live), ny, bd };
}

/**
 * Cars credited most back and farthest as absent this frame (roles run on the live clock): a car
 * demolished and waiting to respawn (not in a goal's aftermath), or a silent car. Only relative to
 * a teammate still in the match (car on the field, or dead after a demolition): a team of one, or
 * a player whose partners left, has nobody to be behind.
 */
function absentCars(model: MatchModel, walk: Walk, f: FrameState, live: boolean): boolean[] {
  const n = model.players.length;
  const teamOf = (p: number): 0 | 1 => model.players[p]?.team as 0 | 1;
  const inMatch: [number, number] = [0, 0];
  for (let p = 0; p < n; p++) if (f.cars[p] || walk.dead[p]) inMatch[teamOf(p)]++;
  const absent = new Array<boolean>(n).fill(false);
  for (let p = 0; p < n; p++) {
    if (!live || (inMatch[teamOf(p)] ?? 0) < 2) continue;
    const c = f.cars[p];
    absent[p] = c ? !!walk.silent[p] : !!walk.dead[p] && f.phase !== 'postGoal';
  }
  return absent;
}

/** One player in one tracked frame: every step, in order. */
function integratePlayer(
  model: MatchModel,
  series: PlayerSeries[],
  walk: Walk,
  view: FrameView,
  p: number,
  a: PlayerIntegrals,
): void {
  const { f, i, dt } = view;
  const c = f.cars[p];
  // A rigid body with no velocity yet (spawned asleep) is not tracked: ballchasing's T_player
  // is shorter than the car's lifetime by exactly these frames.
  if (!c || !c.velocity) {
    walk.presses[p]?.reset();
    // A demolished player waiting to respawn is ranked most back and farthest from the ball
    // (his teammates keep their own ranking among the cars on the field). Our back/farthest
    // deficits followed each player's dead time (Daniel, 3 demos: −8.0 s / −8.2 s → +1.0 / +0.7;
    // Kiileerrz −6.1 / −4.5 → −0.1 / +1.5; hawkrn, maasmaster likewise): role times 21 → 28 of
    // 64. Only time after a demolition counts: other car gaps (Atomic, Trk511) overshoot.
    // Not in a goal's aftermath: MortGant, demolished 0.6 s before a goal, stays dead through
    // the 3 s aftermath, and without it his back / farthest go +5.6 / +2.4 s → +2.6 / −0.6 (the
    // only death that spans a goal in the with-stats replays; role fields 82 → 84 of 128).
    if (!c && view.absent[p]) {
      a.mostBack += dt;
      a.farthest += dt;
    }
    return;
  }
  const team = model.players[p]?.team;
  const s = series[p] as PlayerSeries;
  const speed = speedOf(c);
  if (c.fresh) {
    a.freshSpeedSum += speed;
    a.freshCount++;
  }
  // The time partitions use the car (and ball) of the update that books this frame; a frame
  // after the car's last update of the segment is not tracked (nextBodyUpdates).
  const bookedAt = s.booking[i] ?? null;
  const bookedFrame = bookedAt === null ? null : (model.frames[bookedAt] as FrameState);
  const booked = bookedFrame?.cars[p] ?? null;
  if (booked) addMovement(a, booked, speed, dt);
  const sliding = c.handbrake && c.position.z <= POWERSLIDE_MAX_Z;
  if (sliding && booked) a.powerslideTime += dt;
  if (walk.presses[p]?.step(c.handbrake, c.position.z)) a.powerslideCount++;
  addBoostLevels(a, c, s, i, speed, dt);
  if (booked) addPositioning(a, team === 0, booked, bookedFrame?.ball?.position ?? null, dt);
  // Distance averages are means over the player's rigid-body updates (as ballchasing samples
  // them: 16/16 avg_distance_to_ball within 50 uu, mean error 1 uu), not time averages.
  if (view.ball && c.fresh) addBallDistance(a, view.bd[p] as number, f.lastTouchTeam, team);
  const scan = scanTeammates(model, series, walk, view, p, c);
  if (scan.mates > 0 && c.fresh) {
    a.matesDistSum += scan.matesDist / scan.mates;
    a.matesDistTime += 1;
  }
  if (view.live) addRoles(model, walk, view, p, a, speed, scan);
}

/** Time, distance and the speed and height partitions, at the booking update's car. */
function addMovement(a: PlayerIntegrals, booked: CarState, speed: number, dt: number): void {
  a.tPlayer += dt;
  // ballchasing's distance is the speed integral (verified: distance / T_player = mean speed).
  a.distance += speed * dt;
  const bookedSpeed = speedOf(booked);
  if (bookedSpeed >= SUPERSONIC_SPEED) a.supersonic += dt;
  else if (bookedSpeed >= BOOST_SPEED) a.boostSpeed += dt;
  else a.slow += dt;
  const bookedZ = booked.position.z;
  if (bookedZ <= GROUND_Z) a.ground += dt;
  else if (bookedZ >= HIGH_AIR_Z) a.highAir += dt;
  else a.lowAir += dt;
}

/** Empty / full tank, the level bands, and boost used while supersonic. */
function addBoostLevels(
  a: PlayerIntegrals,
  c: CarState,
  s: PlayerSeries,
  i: number,
  speed: number,
  dt: number,
): void {
  // Band times use the level of the next genuine replication (stats/boost-levels.ts).
  const bandRaw = s.bands[i];
  // Empty / full tank: the intervals between genuine updates, at the level they *start* at
  // (the last replicated amount, no drain simulation), booked only when the update closing
  // the interval (same car life and segment) changes that level. An interval closed by a
  // resend of 255 (a pad touched with a full tank) is not full time: Rw9 +8.9 s, Baptiste
  // +7.1 s and five others +1.8–4.3 s were exactly such intervals. time_zero_boost and
  // time_full_boost 22/22, every player within 0.03 s (before: 13/22 and 6/22, counting the
  // last replicated amount over kickoff and live play).
  const closeRaw = s.closing[i];
  if (c.boostReplicated !== null && closeRaw !== null && closeRaw !== undefined) {
    const rep = c.boostReplicated;
    if (rep < RAW_ZERO_BOOST_BELOW && closeRaw >= RAW_ZERO_BOOST_BELOW) a.zero += dt;
    if (rep >= RAW_FULL_BOOST_FROM && closeRaw < RAW_FULL_BOOST_FROM) a.full += dt;
  }
  if (bandRaw !== null && bandRaw !== undefined) {
    const level = (bandRaw * 100) / RAW_BOOST_MAX;
    if (level < 25) a.band0 += dt;
    else if (level < 50) a.band25 += dt;
    else if (level < 75) a.band50 += dt;
    else a.band75 += dt;
  }
  if (usedWhileSupersonic(speed, c.position.z)) a.usedSupersonicRaw += s.used[i] ?? 0;
}

/** Thirds, halves and behind / in front of the ball, at the booking update's car and ball. */
function addPositioning(
  a: PlayerIntegrals,
  blue: boolean,
  booked: CarState,
  bookedBall: Vec3 | null,
  dt: number,
): void {
  const by = blue ? booked.position.y : -booked.position.y;
  if (by < -THIRD_BOUNDARY_Y) a.defThird += dt;
  else if (by > THIRD_BOUNDARY_Y) a.offThird += dt;
  else a.neutralThird += dt;
  if (by < 0) a.defHalf += dt;
  else a.offHalf += dt;
  if (bookedBall) {
    const ballY = blue ? bookedBall.y : -bookedBall.y;
    if (by < ballY) a.behind += dt;
    else a.infront += dt;
  } else {
    a.behind += dt;
  }
}

/** One rigid-body update's distance to the ball, split by which team has possession. */
function addBallDistance(
  a: PlayerIntegrals,
  d: number,
  touchTeam: TeamIndex | null,
  team: TeamIndex | undefined,
): void {
  a.ballDistSum += d;
  a.ballDistTime += 1;
  if (touchTeam === team) {
    a.possDistSum += d;
    a.possDistTime += 1;
  } else if (touchTeam !== null) {
    a.noPossDistSum += d;
    a.noPossDistTime += 1;
  }
}

/** The player's teammates this frame (fills and returns the walk's scratch scan). */
function scanTeammates(
  model: MatchModel,
  series: PlayerSeries[],
  walk: Walk,
  view: FrameView,
  p: number,
  c: CarState,
): TeammateScan {
  const { f, i, ny, bd } = view;
  const team = model.players[p]?.team;
  const y = ny[p] as number;
  const scan = walk.scan;
  scan.mates = 0;
  scan.matesDist = 0;
  scan.ranked = 0;
  scan.offField = false;
  scan.minY = y;
  scan.maxY = y;
  scan.minD = bd[p];
  scan.maxD = bd[p];
  for (let q = 0; q < model.players.length; q++) {
    if (q === p || model.players[q]?.team !== team) continue;
    const cq = f.cars[q];
    if (!cq) {
      // Off the field but still in the match (he has a car again later): not a leaver.
      if (i < (series[q]?.lastCarFrame ?? -1)) scan.offField = true;
      continue;
    }
    // A teammate past his last rigid-body update of the segment is not there for
    // avg_distance_to_mates (Quantavious1234: +68 → −2 uu, his partner's forfeit tail).
    const bookedQ = series[q]?.booking[i];
    if (bookedQ !== null && bookedQ !== undefined) {
      scan.mates++;
      scan.matesDist += dist(c.position, cq.position);
    }
    if (walk.silent[q]) continue;
    scan.ranked++;
    const qy = ny[q] as number;
    scan.minY = Math.min(scan.minY, qy);
    scan.maxY = Math.max(scan.maxY, qy);
    const qd = bd[q];
    const { minD, maxD } = scan;
    if (
      qd !== null &&
      qd !== undefined &&
      minD !== null &&
      minD !== undefined &&
      maxD !== null &&
      maxD !== undefined
    ) {
      scan.minD = Math.min(minD, qd);
      scan.maxD = Math.max(maxD, qd);
    }
  }
  return scan;
}

/** Teammate-relative roles (most back / forward, closest / farthest), on the live clock. */
function addRoles(
  model: MatchModel,
  walk: Walk,
  view: FrameView,
  p: number,
  a: PlayerIntegrals,
  speed: number,
  scan: TeammateScan,
): void {
  const { f, dt, ny, bd } = view;
  // A silent car (no rigid-body update for SILENT_CAR_S) counts as most back and farthest, like
  // a demolished one, and is not ranked.
  if (walk.silent[p]) {
    if (view.absent[p]) {
      a.mostBack += dt;
      a.farthest += dt;
    }
    return;
  }
  // A stopped car in live play is also credited most back and farthest (STOPPED_CAR_SPEED).
  // Only against ranked teammates: a lone car already holds both places.
  if (f.phase === 'live' && scan.ranked > 0 && isStoppedCar(speed)) {
    a.mostBack += dt;
    if (bd[p] !== null) a.farthest += dt;
  }
  const lone = loneCarRoles(scan.ranked, scan.offField);
  if (lone !== 'none') {
    a.mostForward += dt;
    if (bd[p] !== null) a.closest += dt;
    if (lone === 'all') {
      a.mostBack += dt;
      if (bd[p] !== null) a.farthest += dt;
    }
  }
  // Roles run on the live clock (their percentages use T_live), strictly, without tie bands.
  if (scan.ranked === 0) return;
  // One most back / most forward per frame: cars level on y (diagonal kickoff spawns) share
  // the frame. Ballchasing's team forward sums never exceed T_live (RLCS 342.9 / 341.7 s of
  // 343.9) although 3v3 kickoffs put two cars level at the front for ≈ 1 s each (4.1 s per
  // RLCS team), and the tied players' forward excess was that tie time (Trk511 +1.9 → +0.3,
  // BeastMode +2.3 → +0.7, Rw9 +2.7 → +1.1, Daniel +3.1 → +1.6); role fields 84 → 86 of
  // 128. Closest / farthest ties stay with every tied car: RLCS blue's closest sum is T_live
  // + 3.1 s, its spawn-tie time 3.1 s (splitting them too: 85).
  const team = model.players[p]?.team;
  let levelBack = 0;
  let levelFront = 0;
  for (let q = 0; q < model.players.length; q++) {
    if (model.players[q]?.team !== team || !f.cars[q] || walk.silent[q]) continue;
    if (ny[q] === scan.minY) levelBack++;
    if (ny[q] === scan.maxY) levelFront++;
  }
  const y = ny[p] as number;
  if (y === scan.minY) a.mostBack += dt / levelBack;
  if (y === scan.maxY) a.mostForward += dt / levelFront;
  const d = bd[p];
  if (d !== null && d !== undefined) {
    if (d === scan.minD) a.closest += dt;
    if (d === scan.maxD) a.farthest += dt;
  }
}
