/**
 * Keeping a review room in sync, client side; pure (no Node or DOM APIs), shared by the browser's
 * room page and the test clients.
 *
 * - `ClockSync`: the server clock estimated NTP-style. Each ping gives a sample
 *   (offset = serverTime − midpoint of send and receive, delay = round trip); a burst of several
 *   pings keeps the lowest-delay sample (the least queued, so the truest), and a periodic re-sync
 *   adds new bursts while old samples age out, following a client clock that drifts.
 * - `positionAt`: where the room is at a server time: the last change plus elapsed × rate.
 * - `DriftCorrector`: how a player that runs its own clock follows the room without stutter. Small
 *   drift is absorbed by nudging the rate a few percent (invisible); large drift is one exact seek
 *   (our frames are computed from the track, so a seek costs nothing). Hysteresis (start correcting
 *   above `enterMs`, stop below `exitMs`) and a cool-down after a seek keep it from oscillating.
 * - No group stall: each client corrects itself from the server's state; nobody waits for a slow
 *   or late member, who simply seeks to where the room is.
 */
import type { PlaybackState } from '../contracts/rooms.js';

/** Replay seconds at server time `serverNow` (ms), never before 0 nor past `end` when given. */
export function positionAt(state: PlaybackState, serverNow: number, end = Infinity): number {
  const elapsed = state.playing ? ((serverNow - state.serverTime) / 1000) * state.rate : 0;
  return Math.min(end, Math.max(0, state.position + elapsed));
}

/** The newer of two states by sequence number (a late or duplicated event never rolls a client back). */
export function newerState(held: PlaybackState | null, incoming: PlaybackState): PlaybackState {
  return !held || incoming.seq > held.seq ? incoming : held;
}

export interface ClockSample {
  /** serverTime − client midpoint, ms. */
  offset: number;
  /** Round trip, ms. */
  delay: number;
  /** Client time the sample was taken (ms), for ageing out. */
  takenAt: number;
}

export interface ClockSyncOptions {
  /** Samples older than this stop counting, so a drifting client clock is followed. Default 2 min. */
  maxAgeMs?: number;
  /** At most this many samples are kept. Default 32. */
  maxSamples?: number;
}

/** A ping: send the client time, resolve with the server's time when it answered. */
export type TimePing = (clientSentAt: number) => Promise<number>;

export class ClockSync {
  private samples: ClockSample[] = [];
  private readonly maxAgeMs: number;
  private readonly maxSamples: number;

  constructor(options: ClockSyncOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 120_000;
    this.maxSamples = options.maxSamples ?? 32;
  }

  /** One ping's result: sent at `t0`, server said `serverTime`, answer arrived at `t2` (client ms). */
  addSample(t0: number, serverTime: number, t2: number): ClockSample {
    const sample = { offset: serverTime - (t0 + t2) / 2, delay: Math.max(0, t2 - t0), takenAt: t2 };
    this.samples.push(sample);
    this.samples = this.samples.filter((s) => t2 - s.takenAt <= this.maxAgeMs).slice(-this.maxSamples);
    return sample;
  }

  /** The lowest-delay recent sample, or null before the first. */
  best(): ClockSample | null {
    let best: ClockSample | null = null;
    for (const s of this.samples) if (!best || s.delay < best.delay) best = s;
    return best;
  }

  get synced(): boolean {
    return this.samples.length > 0;
  }

  /** server − client, ms (0 before any sample). */
  get offset(): number {
    return this.best()?.offset ?? 0;
  }

  /** The server clock now, from the client clock `clientNow`. */
  serverNow(clientNow: number): number {
    return clientNow + this.offset;
  }

  /** A burst of `count` sequential pings; failed pings are skipped. Resolves with the offset in use. */
  async burst(ping: TimePing, now: () => number, count = 6): Promise<number> {
    for (let i = 0; i < count; i++) {
      const t0 = now();
      try {
        const serverTime = await ping(t0);
        this.addSample(t0, serverTime, now());
      } catch {
        // A lost ping only costs a sample.
      }
    }
    return this.offset;
  }
}

/**
 * Re-sync periodically: a burst now, then one every `intervalMs`. Returns a stop function.
 * `schedule` is setInterval-like, injected so tests drive it.
 */
export function keepClockSynced(
  clock: ClockSync,
  ping: TimePing,
  now: () => number,
  options: { intervalMs?: number; burst?: number } = {},
  schedule: (fn: () => void, ms: number) => () => void = (fn, ms) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
): { first: Promise<number>; stop: () => void } {
  const burst = options.burst ?? 6;
  let running = false;
  const run = async () => {
    if (running) return clock.offset;
    running = true;
    try {
      return await clock.burst(ping, now, burst);
    } finally {
      running = false;
    }
  };
  const first = run();
  const stop = schedule(() => void run(), options.intervalMs ?? 30_000);
  return { first, stop };
}

export interface DriftOptions {
  /** Start correcting when the error exceeds this (real-time ms). Default 40. */
  enterMs?: number;
  /** Stop correcting once the error is below this (real-time ms). Default 10. */
  exitMs?: number;
  /** Seek instead of nudging above this (real-time ms). Default 400. */
  seekMs?: number;
  /** Most a nudge changes the rate, as a fraction of it. Default 0.1 (±10 %). */
  maxNudge?: number;
  /** A nudge aims to close the error within this long (ms). Default 1000. */
  horizonMs?: number;
  /** After a seek, no other seek for this long (ms): a seek never chases its own echo. Default 1000. */
  seekCooldownMs?: number;
}

export type CorrectionMode = 'locked' | 'nudging' | 'seek';

export interface Correction {
  mode: CorrectionMode;
  /** The rate to run the local clock at until the next update. */
  rate: number;
  /** When set, jump the local position here now. */
  seekTo: number | null;
  /** local − target, in real-time ms (positive: ahead). */
  errorMs: number;
}

export class DriftCorrector {
  private nudging = false;
  private lastSeekAt = -Infinity;
  private readonly o: Required<DriftOptions>;

  constructor(options: DriftOptions = {}) {
    this.o = {
      enterMs: 40,
      exitMs: 10,
      seekMs: 400,
      maxNudge: 0.1,
      horizonMs: 1000,
      seekCooldownMs: 1000,
      ...options,
    };
  }

  /**
   * One step: `target` is where the room is (positionAt with the synced clock), `local` where this
   * player is, both in replay seconds; `rate` the room's rate; `now` any monotonic ms clock.
   */
  update(target: number, local: number, rate: number, playing: boolean, now: number): Correction {
    const safeRate = rate > 0 ? rate : 1;
    const errorMs = ((local - target) / safeRate) * 1000;
    const abs = Math.abs(errorMs);
    // Paused: nothing moves, so an exact jump is invisible.
    if (!playing) {
      this.nudging = false;
      return { mode: abs > 0 ? 'seek' : 'locked', rate, seekTo: abs > 0 ? target : null, errorMs };
    }
    if (abs >= this.o.seekMs && now - this.lastSeekAt >= this.o.seekCooldownMs) {
      this.lastSeekAt = now;
      this.nudging = false;
      return { mode: 'seek', rate, seekTo: target, errorMs };
    }
    if (this.nudging ? abs <= this.o.exitMs : abs < this.o.enterMs) {
      this.nudging = false;
      return { mode: 'locked', rate, seekTo: null, errorMs };
    }
    this.nudging = true;
    // Close the error over the horizon, within ±maxNudge of the room's rate.
    const nudge = Math.max(-this.o.maxNudge, Math.min(this.o.maxNudge, -errorMs / this.o.horizonMs));
    return { mode: 'nudging', rate: rate * (1 + nudge), seekTo: null, errorMs };
  }
}
