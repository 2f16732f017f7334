/**
 * Boost pads: each pickup (taker, pad, boost before and after), the table pad each pad object is
 * (majority of the pickups' nearest pads), and which pickups ballchasing sees and books where.
 */
import { nearestPad, STANDARD_PADS } from '../arena.js';
import {
  BIG_PAD_RESPAWN_S,
  BIG_PAD_SNAP_UU,
  PAD_RESPAWN_MARGIN_S,
  RAW_BOOST_MAX,
  SMALL_PAD_RESPAWN_S,
  SMALL_PAD_SNAP_UU,
} from '../constants.js';
import type { BoostPad, FrameState, PickupEvent } from '../model.js';
import { carOfInstigator } from './actors.js';
import { boostComponentOf, boostOfCar } from './components.js';
import { playerOfCar } from './players.js';
import type { ActorState, ActorUpdate, ModelBuild, PickupSide } from './state.js';

/** The boost level has settled this long after a pickup. */
const PICKUP_SETTLE_S = 0.2;

/** A (re-)created pad actor starts available. */
export function padCreated(b: ModelBuild, a: ActorState): void {
  if (a.kind === 'pad') b.pads.available.set(a.objectId, true);
}

export function updatePad(b: ModelBuild, u: ActorUpdate): void {
  const v = u.value;
  if (v.kind !== 'Pickup' && v.kind !== 'PickupNew') return;
  const pads = b.pads;
  const padObject = u.actor.objectId;
  const frame = u.frame;
  const sig = `${v.instigator}:${String(v.pickedUp)}`;
  const prev = pads.lastState.get(padObject);
  pads.lastState.set(padObject, sig);
  const taken = v.kind === 'Pickup' ? v.pickedUp : v.pickedUp !== 255;
  // A keyframe resend names no car (−1) once the taker's car is gone: no taker, as for a respawn.
  if (!taken || v.instigator === null || v.instigator < 0) {
    if (prev !== sig) pads.available.set(padObject, true);
    return;
  }
  if (prev === sig) return;
  const fresh = pads.available.get(padObject) ?? true;
  pads.available.set(padObject, false);
  const car = carOfInstigator(b, v.instigator);
  const player = playerOfCar(b, car);
  if (car === null || player === null) return;
  const pad = pads.supported ? votePad(b, padObject, car) : null;
  const last = pads.lastPickup.get(padObject);
  const respawn = pad?.size === 'big' ? BIG_PAD_RESPAWN_S : SMALL_PAD_RESPAWN_S;
  if (last !== undefined && frame.time - last < respawn - PAD_RESPAWN_MARGIN_S) return;
  pads.lastPickup.set(padObject, frame.time);
  const comp = boostComponentOf(b, car);
  const raw = comp === undefined ? null : (b.boost.atFrameStart.get(comp) ?? boostOfCar(b, car));
  const event: PickupEvent = {
    time: frame.time,
    frame: frame.index,
    player,
    pad,
    before: raw === null ? null : (raw * 100) / RAW_BOOST_MAX,
    after: null,
    replicatedBefore: comp === undefined ? null : (pads.lastReplicated.get(comp) ?? null),
    replicatedAfter: null,
    gainObserved: true,
  };
  pads.pickups.push(event);
  pads.side.set(event, {
    padObject,
    carLife: `${car}:${b.actors.byId.get(car)?.createdFrame ?? -1}`,
    padFresh: fresh,
    nextReplication: null,
  });
  if (comp !== undefined) pads.thisFrame.push([event, comp]);
  if (comp !== undefined)
    pads.awaitingReplication.set(comp, [...(pads.awaitingReplication.get(comp) ?? []), event]);
}

/**
 * Each pickup votes for the table pad nearest the car; the pad object takes the majority (a single
 * stale car position must not mislabel a pad for the whole replay).
 */
function votePad(b: ModelBuild, padObject: number, car: number): BoostPad | null {
  const pos = b.actors.byId.get(car)?.body?.position;
  const near = pos ? nearestPad(pos, STANDARD_PADS) : null;
  if (near && near.distance <= (near.pad.size === 'big' ? BIG_PAD_SNAP_UU : SMALL_PAD_SNAP_UU)) {
    const votes = b.pads.votes.get(padObject) ?? new Map<number, number>();
    votes.set(near.pad.id, (votes.get(near.pad.id) ?? 0) + 1);
    b.pads.votes.set(padObject, votes);
  }
  return majorityPad(b.pads.votes.get(padObject));
}

/** A boost component's amount was replicated: the pickups waiting for it learn their "after". */
export function onBoostReplicated(b: ModelBuild, comp: number, time: number, raw: number): void {
  const pads = b.pads;
  const waiting = pads.awaitingReplication.get(comp);
  if (waiting) {
    for (const p of waiting) {
      if (time - p.time <= 0.5) p.replicatedAfter = raw;
      const side = pads.side.get(p);
      if (side) side.nextReplication = time;
    }
    pads.awaitingReplication.delete(comp);
  }
  pads.lastReplicated.set(comp, raw);
}

/** After a frame's updates: this frame's pickups read their component's frame-end amount. */
export function endPadFrame(b: ModelBuild): void {
  const pads = b.pads;
  for (const [event, comp] of pads.thisFrame)
    event.replicatedFrameEnd = b.actors.byId.get(comp)?.boostReplicated ?? null;
  pads.thisFrame.length = 0;
}

/**
 * After the walk: each pickup's final pad (the majority over the whole replay), its boost level
 * once settled, and whether ballchasing sees its gain and under which pad it books it.
 */
export function finishPickups(b: ModelBuild): PickupEvent[] {
  const { pickups, side, supported, votes } = b.pads;
  // Pickups: the boost level right after the pickup is the next sampled value.
  for (const p of pickups) {
    const obj = side.get(p)?.padObject;
    if (supported && obj !== undefined) p.pad = majorityPad(votes.get(obj));
    const i = firstFrameAfter(b.frames, p.time + PICKUP_SETTLE_S);
    p.after = b.frames[i]?.cars[p.player]?.boost ?? null;
    p.gainObserved = replicatedGain(p);
  }
  dropUnseenGains(pickups, side);
  bookPickups(pickups, side);
  return pickups;
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
