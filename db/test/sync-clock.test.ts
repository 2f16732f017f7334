/** The room sync module: clock offset estimation, position at a server time, drift correction. */
import { describe, expect, it } from 'vitest';
import type { PlaybackState } from '../src/contracts/rooms.js';
import {
  ClockSync,
  DriftCorrector,
  keepClockSynced,
  newerState,
  positionAt,
} from '../src/rooms/sync-clock.js';

const state = (over: Partial<PlaybackState> = {}): PlaybackState => ({
  playing: true,
  position: 10,
  rate: 2,
  serverTime: 1_000_000,
  seq: 3,
  ...over,
});

describe('positionAt', () => {
  it('advances by elapsed × rate while playing, stands still when paused, clamps to [0, end]', () => {
    expect(positionAt(state(), 1_000_500)).toBeCloseTo(11, 9);
    expect(positionAt(state({ playing: false }), 1_009_000)).toBe(10);
    expect(positionAt(state({ rate: 0.25 }), 1_004_000)).toBeCloseTo(11, 9);
    expect(positionAt(state(), 1_100_000, 50)).toBe(50);
    expect(positionAt(state({ position: 0 }), 999_000)).toBe(0);
  });

  it('newerState keeps the higher sequence number', () => {
    const a = state({ seq: 5 });
    expect(newerState(a, state({ seq: 4 }))).toBe(a);
    expect(newerState(a, state({ seq: 6 })).seq).toBe(6);
    expect(newerState(null, a)).toBe(a);
  });
});

describe('ClockSync', () => {
  it('keeps the lowest-delay sample of a burst: a queued ping does not skew the offset', async () => {
    // The server clock runs 5000 ms ahead; pings have asymmetric, varying delays.
    const trueOffset = 5000;
    const delays = [
      [40, 5],
      [3, 3],
      [80, 2],
      [10, 60],
    ]; // [to server, back] ms
    let clientNow = 0;
    let i = 0;
    const clock = new ClockSync();
    await clock.burst(
      async (t0) => {
        const [up, down] = delays[i++ % delays.length]!;
        const serverTime = t0 + up + trueOffset;
        clientNow = t0 + up + down;
        return serverTime;
      },
      () => clientNow,
      4,
    );
    expect(clock.best()!.delay).toBe(6);
    expect(clock.offset).toBe(trueOffset); // symmetric 3/3 sample: exact
    expect(clock.serverNow(100)).toBe(5100);
  });

  it('ages samples out, so a drifting client clock is followed, and skips failed pings', async () => {
    const clock = new ClockSync({ maxAgeMs: 1000 });
    clock.addSample(0, 1000, 2); // offset 999, delay 2 (best, but old)
    clock.addSample(5000, 7010, 5020); // offset 2000, delay 20
    expect(clock.offset).toBe(2000);
    let n = 0;
    await clock.burst(
      () => (n++ % 2 ? Promise.reject(new Error('lost')) : Promise.resolve(5100 + 2001)),
      () => 5100,
      4,
    );
    expect(clock.offset).toBe(2001);
  });

  it('keepClockSynced runs a burst at once and on every interval until stopped', async () => {
    let pings = 0;
    let tick: (() => void) | null = null;
    let stopped = false;
    const clock = new ClockSync();
    const { first, stop } = keepClockSynced(
      clock,
      async (t0) => {
        pings++;
        return t0 + 7;
      },
      () => 0,
      { burst: 3, intervalMs: 10 },
      (fn) => {
        tick = fn;
        return () => (stopped = true);
      },
    );
    expect(await first).toBe(7);
    expect(pings).toBe(3);
    tick!();
    await new Promise((r) => setTimeout(r, 0));
    expect(pings).toBe(6);
    stop();
    expect(stopped).toBe(true);
  });
});

describe('DriftCorrector', () => {
  it('locks within the band, nudges the rate for small drift, seeks for large drift', () => {
    const c = new DriftCorrector();
    expect(c.update(10, 10.02, 1, true, 0)).toMatchObject({ mode: 'locked', rate: 1, seekTo: null });
    const nudge = c.update(10, 10.1, 1, true, 10); // 100 ms ahead → slow down
    expect(nudge.mode).toBe('nudging');
    expect(nudge.rate).toBeCloseTo(0.9, 9);
    const behind = c.update(10, 9.95, 2, true, 20); // 25 ms real time behind at 2×, still above exit
    expect(behind.mode).toBe('nudging');
    expect(behind.rate).toBeGreaterThan(2);
    expect(c.update(10, 11, 1, true, 30)).toMatchObject({ mode: 'seek', seekTo: 10 });
  });

  it('hysteresis: once nudging, it keeps going until below the exit threshold (no flapping at the edge)', () => {
    const c = new DriftCorrector({ enterMs: 40, exitMs: 10 });
    expect(c.update(0, 0.045, 1, true, 0).mode).toBe('nudging');
    expect(c.update(0, 0.03, 1, true, 1).mode).toBe('nudging'); // under enter, above exit
    expect(c.update(0, 0.009, 1, true, 2).mode).toBe('locked');
    expect(c.update(0, 0.03, 1, true, 3).mode).toBe('locked'); // under enter: stays locked
  });

  it('never seeks twice within the cool-down: the second big error is nudged instead', () => {
    const c = new DriftCorrector({ seekCooldownMs: 1000 });
    expect(c.update(0, 1, 1, true, 0).mode).toBe('seek');
    expect(c.update(0, 1, 1, true, 500).mode).toBe('nudging');
    expect(c.update(0, 1, 1, true, 1500).mode).toBe('seek');
  });

  it('paused: jumps exactly to the room position', () => {
    expect(new DriftCorrector().update(42, 41.99, 1, false, 0)).toMatchObject({ mode: 'seek', seekTo: 42 });
  });

  it('a follower whose clock runs 0.5 % fast converges, stays within the band without seeking, and corrects in few episodes', () => {
    const c = new DriftCorrector();
    const room = state({ position: 0, rate: 1, serverTime: 0 });
    let local = 0.2; // joined 200 ms ahead
    let rate: number;
    let seeks = 0;
    let worst = 0;
    let episodes = 0;
    let mode = 'locked';
    for (let t = 0; t <= 60_000; t += 16) {
      const target = positionAt(room, t);
      const k = c.update(target, local, room.rate, true, t);
      if (k.seekTo !== null) {
        seeks++;
        local = k.seekTo;
      }
      rate = k.rate;
      if (k.mode === 'nudging' && mode !== 'nudging') episodes++;
      mode = k.mode;
      if (t > 5000) worst = Math.max(worst, Math.abs(local - target) * 1000);
      local += (16 / 1000) * rate * 1.005; // the follower's own clock is 0.5 % fast
    }
    expect(seeks).toBe(0);
    // Drift grows to the enter threshold (40 ms), then one nudge brings it under the exit one (10 ms).
    expect(worst).toBeLessThan(45);
    // 0.5 % of 55 s is 275 ms of drift, closed 30 ms at a time: about ten episodes, not one per frame.
    expect(episodes).toBeGreaterThan(3);
    expect(episodes).toBeLessThan(20);
  });
});
