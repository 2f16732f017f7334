import { describe, expect, it } from 'vitest';
import {
  computeStats,
  mvpOf,
  renderMarkdown,
  reportFromModel,
  validateReport,
} from '../../src/analysis/index.js';
import { STANDARD_PADS } from '../../src/analysis/arena.js';
import { u64sToAscii, u64ToLittleEndianHex } from '../../src/analysis/identity.js';
import type { FrameState, MatchModel } from '../../src/analysis/model.js';
import { car, frames, model, player } from './fixtures.js';

const BLUE = player('blue1', 0, 2, 4);
const ORANGE = player('orange1', 1, 1, 1);

/** Positioning of two blue teammates, A and B, over `n` hand-built frames of `dt` seconds. */
function twoBlues(
  n: number,
  dt: number,
  make: (i: number) => Partial<FrameState>,
  extra: Partial<MatchModel> = {},
) {
  const s = computeStats(model([player('blueA', 0), player('blueB', 0)], frames(n, dt, make), extra));
  return { a: s.players[0]?.positioning, b: s.players[1]?.positioning };
}

describe('stats on hand-built match models', () => {
  it('integrates speed, height and field bands over frame deltas', () => {
    // Blue drives at 1000 uu/s in its own third for 1 s, then supersonic in the air in the offensive third for 1 s.
    const fs = frames(20, 0.1, (i) => ({
      cars:
        i < 10
          ? [
              car({ x: 0, y: -4000, z: 17 }, { x: 0, y: 1000, z: 0 }),
              car({ x: 0, y: 4000, z: 17 }, { x: 0, y: 0, z: 0 }),
            ]
          : [
              car({ x: 0, y: 3000, z: 1000 }, { x: 0, y: 2250, z: 0 }),
              car({ x: 0, y: 4000, z: 17 }, { x: 0, y: 0, z: 0 }),
            ],
    }));
    const s = computeStats(model([BLUE, ORANGE], fs));
    const m = s.players[0]?.movement;
    const p = s.players[0]?.positioning;
    expect(m?.time_slow_speed).toBeCloseTo(1, 6);
    expect(m?.time_supersonic_speed).toBeCloseTo(1, 6);
    expect(m?.time_ground).toBeCloseTo(1, 6);
    expect(m?.time_high_air).toBeCloseTo(1, 6);
    expect(m?.total_distance).toBeCloseTo(1000 + 2250, 6);
    expect(m?.avg_speed).toBeCloseTo((1000 + 2250) / 2, 6);
    expect(p?.time_defensive_third).toBeCloseTo(1, 6);
    expect(p?.time_offensive_third).toBeCloseTo(1, 6);
    expect(p?.percent_defensive_half).toBeCloseTo(50, 6);
    // Orange sits at y = +4000: in its own (defensive) third after normalisation.
    expect(s.players[1]?.positioning?.time_defensive_third).toBeCloseTo(2, 6);
    expect(s.liveSeconds).toBeCloseTo(2, 6);
  });

  it("books each frame at the car's next rigid-body update and drops frames after the last one", () => {
    // Updates at frames 0 and 2 only: frame 1 holds frame 0's body but is booked at frame 2's
    // (neutral third, supersonic, level with the ball); frame 3 has no later update: untracked.
    const slowBack = car({ x: 0, y: -4000, z: 17 }, { x: 0, y: 1000, z: 0 });
    const fastMid = car({ x: 0, y: 0, z: 17 }, { x: 0, y: 2300, z: 0 });
    const fs = frames(4, 0.1, (i) => ({
      cars: [i < 2 ? { ...slowBack, fresh: i === 0 } : { ...fastMid, fresh: i === 2 }],
    }));
    const s = computeStats(model([BLUE], fs)).players[0];
    expect(s?.movement?.time_slow_speed).toBeCloseTo(0.1, 6);
    expect(s?.movement?.time_supersonic_speed).toBeCloseTo(0.2, 6);
    expect(s?.positioning?.time_defensive_third).toBeCloseTo(0.1, 6);
    expect(s?.positioning?.time_neutral_third).toBeCloseTo(0.2, 6);
    expect(s?.positioning?.time_behind_ball).toBeCloseTo(0.1, 6);
    expect(s?.positioning?.time_infront_ball).toBeCloseTo(0.2, 6);
    expect(s?.movement?.percent_supersonic_speed).toBeCloseTo((0.2 / 0.3) * 100, 6);
  });

  it('keeps unknown boost unknown: no time in any boost band, average over known samples only', () => {
    // Unknown for 0.5 s, then replicated every frame: 255, 254, 253, 252, 251.
    const fs = frames(10, 0.1, (i) => ({
      cars: [car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 }, i < 5 ? null : 260 - i)],
    }));
    const b = computeStats(model([BLUE], fs)).players[0]?.boost;
    expect(b?.avg_amount).toBeCloseTo((253 * 100) / 255, 6);
    // Only 255 is full (254 is not), and only while a later update closes the interval.
    expect(b?.time_full_boost).toBeCloseTo(0.1, 6);
    expect(b?.time_boost_75_100).toBeCloseTo(0.5, 6);
    expect((b?.time_boost_0_25 ?? 0) + (b?.time_boost_25_50 ?? 0) + (b?.time_boost_50_75 ?? 0)).toBe(0);
  });

  it('bands take the level of the next genuine replication, and bpm is boost used per band minute', () => {
    // Replicated: 200 at frame 0, resent unchanged at frame 3 (a keyframe), 100 at frame 5 after a
    // boost; nothing after frame 5, so frames 6–9 have no band level.
    const raw = [200, 200, 200, 200, 200, 100, 100, 100, 100, 100];
    const fs = frames(10, 0.1, (i) => ({
      cars: [
        car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 }, raw[i] ?? null, {
          boostFresh: i === 0 || i === 3 || i === 5,
          boostWithAnnouncement: i === 3,
        }),
      ],
    }));
    const b = computeStats(model([BLUE], fs)).players[0]?.boost;
    // Frame 0 holds 200 (its own update); frames 1–5 end at the 100 of frame 5: the resend at frame 3 is ignored.
    expect(b?.time_boost_75_100).toBeCloseTo(0.1, 6);
    expect(b?.time_boost_25_50).toBeCloseTo(0.5, 6);
    expect(b?.percent_boost_25_50).toBeCloseTo((0.5 / 0.6) * 100, 6);
    // 100 raw used over 0.6 s of band time, truncated to a whole number as ballchasing reports it.
    expect(b?.bpm).toBe(Math.floor(((100 * 100) / 255) * (60 / 0.6)));

    // The same resend outside a keyframe (the server repeating the amount, e.g. a pad touched with
    // a full tank) is an update: it closes frames 1–3 at 200, and only frames 4–5 end at 100.
    const split = frames(10, 0.1, (i) => ({
      cars: [
        car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 }, raw[i] ?? null, {
          boostFresh: i === 0 || i === 3 || i === 5,
        }),
      ],
    }));
    const s2 = computeStats(model([BLUE], split)).players[0]?.boost;
    expect(s2?.time_boost_75_100).toBeCloseTo(0.4, 6);
    expect(s2?.time_boost_25_50).toBeCloseTo(0.2, 6);
  });

  it('averages the genuine updates themselves and books empty/full time only on closed intervals', () => {
    // Replicated: 0 at frame 0 (held 0.4 s), 255 at frame 4 (held 0.5 s), resent at frame 6 (a
    // keyframe), 51 at frame 9 with nothing after it.
    const raw = [0, 0, 0, 0, 255, 255, 255, 255, 255, 51];
    const fs = frames(10, 0.1, (i) => ({
      cars: [
        car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 }, raw[i] ?? null, {
          boostFresh: i === 0 || i === 4 || i === 6 || i === 9,
          boostWithAnnouncement: i === 6,
        }),
      ],
    }));
    const b = computeStats(model([BLUE], fs)).players[0]?.boost;
    // Mean of the three genuine values (the resend is not a sample), not the time average (≈ 52).
    expect(b?.avg_amount).toBeCloseTo(((0 + 255 + 51) / 3) * (100 / 255), 6);
    expect(b?.time_zero_boost).toBeCloseTo(0.4, 6);
    expect(b?.time_full_boost).toBeCloseTo(0.5, 6);
    // Bands, by contrast, book each interval at the level it ends at: frames 1–4 end at 255,
    // frames 5–8 at the 51 of frame 9.
    expect(b?.time_boost_75_100).toBeCloseTo(0.4, 6);
    expect(b?.time_boost_0_25).toBeCloseTo(0.6, 6);
  });

  it('books full time only on intervals whose closing update changes the level', () => {
    // 255 at frame 0, resent unchanged at frame 3 (not a keyframe: a pad touched with a full
    // tank), then 100 at frame 6 after a boost.
    const raw = [255, 255, 255, 255, 255, 255, 100, 100, 100, 100];
    const fs = frames(10, 0.1, (i) => ({
      cars: [
        car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 }, raw[i] ?? null, {
          boostFresh: i === 0 || i === 3 || i === 6,
        }),
      ],
    }));
    const b = computeStats(model([BLUE], fs)).players[0]?.boost;
    // Frames 0–2 end at the resend (no change): not full time; frames 3–5 end at 100: full.
    expect(b?.time_full_boost).toBeCloseTo(0.3, 6);
    expect(b?.time_zero_boost).toBe(0);
  });

  it('ends a band segment when a goal aftermath ends (the kickoff reset is not boost used)', () => {
    const phase = (i: number) => (i < 3 ? 'live' : i < 5 ? 'postGoal' : 'countdown') as const;
    const raw = [200, 200, 200, 200, 200, 85, 85, 85, 85, 85];
    const fs = frames(10, 0.1, (i) => ({
      phase: phase(i),
      cars: [
        car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 }, raw[i] ?? null, { boostFresh: i === 0 || i === 5 }),
      ],
    }));
    const b = computeStats(model([BLUE], fs)).players[0]?.boost;
    // Frames 1–4 (live and the goal aftermath) have no later update in their segment.
    expect(b?.time_boost_75_100).toBeCloseTo(0.1, 6);
    expect(b?.time_boost_25_50).toBeCloseTo(0.1, 6);
    expect(b?.bpm).toBe(0);
  });

  it('nets pad pickups of overfill and counts stolen pads in the opponent half', () => {
    const fs = frames(10, 0.1, () => ({ cars: [car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 })] }));
    const big = STANDARD_PADS.find((p) => p.size === 'big' && p.position.y > 0);
    const small = STANDARD_PADS.find((p) => p.size === 'small' && p.position.y < -1000);
    if (!big || !small) throw new Error('pad table');
    const m = model([BLUE], fs, {
      pickups: [
        { time: 0.1, frame: 1, player: 0, pad: big, before: 40, after: 100, gainObserved: true },
        { time: 0.5, frame: 5, player: 0, pad: small, before: 95, after: 100, gainObserved: true },
        // Taken while boosting: the replicated amount never rose, so ballchasing does not count it.
        { time: 0.7, frame: 7, player: 0, pad: small, before: 50, after: 45, gainObserved: false },
      ],
    });
    const b = computeStats(m).players[0]?.boost;
    expect(b?.count_collected_big).toBe(1);
    expect(b?.count_stolen_big).toBe(1);
    expect(b?.count_collected_small).toBe(1);
    expect(b?.count_stolen_small).toBe(0);
    expect(b?.amount_collected_big).toBeCloseTo(60, 6);
    expect(b?.amount_collected_small).toBeCloseTo(5, 6);
    expect(b?.amount_overfill).toBeCloseTo(40 + 7, 6);
    expect(b?.amount_stolen).toBeCloseTo(60, 6);
  });

  it('books overfill only when a pickup leaves the tank full, and truncates pickup amounts', () => {
    const fs = frames(10, 0.1, () => ({ cars: [car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 })] }));
    const big = STANDARD_PADS.find((p) => p.size === 'big' && p.position.y < 0);
    const small = STANDARD_PADS.find((p) => p.size === 'small' && p.position.y < -1000);
    if (!big || !small) throw new Error('pad table');
    const m = model([BLUE], fs, {
      pickups: [
        // Boosting through the pad: 60 % → 251 raw, short of full, so no overfill.
        {
          time: 0.1,
          frame: 1,
          player: 0,
          pad: big,
          before: 60,
          after: 98,
          gainObserved: true,
          observedRaw: 251,
        },
        {
          time: 0.3,
          frame: 3,
          player: 0,
          pad: big,
          before: 30,
          after: 100,
          gainObserved: true,
          observedRaw: 255,
        },
        // A small pad counts as 31 raw (12.16 %) for overfill.
        {
          time: 0.5,
          frame: 5,
          player: 0,
          pad: small,
          before: 95,
          after: 100,
          gainObserved: true,
          observedRaw: 255,
        },
      ],
    });
    const b = computeStats(m).players[0]?.boost;
    expect(b?.amount_overfill).toBe(Math.floor(30 + 95 + (31 * 100) / 255 - 100));
    expect(b?.amount_collected_big).toBe(Math.floor((251 * 100) / 255 - 60 + 70));
    expect(b?.amount_collected_small).toBe(5);
    expect(b?.amount_collected).toBe((b?.amount_collected_big ?? 0) + 5);
  });

  it('leaves pickup fields absent on arenas without a pad table', () => {
    const fs = frames(3, 0.1, () => ({ cars: [car({ x: 0, y: 0, z: 17 }, { x: 0, y: 0, z: 0 })] }));
    const b = computeStats(model([BLUE], fs, { boostPads: 'unsupported' })).players[0]?.boost;
    expect(b?.amount_collected).toBeUndefined();
    expect(b?.avg_amount).toBeDefined();
  });

  it('takes core counts from the scoreboard and derives team totals and shooting %', () => {
    const fs = frames(2, 0.1, () => ({ cars: [] }));
    const s = computeStats(model([BLUE, ORANGE], fs));
    expect(s.players[0]?.core).toMatchObject({
      goals: 2,
      shots: 4,
      goals_against: 1,
      shots_against: 1,
      shooting_percentage: 50,
    });
    expect(s.teams[1].core).toMatchObject({ goals: 1, shots: 1, shooting_percentage: 100 });
    expect(mvpOf(model([BLUE, ORANGE], fs))).toBe(0);
  });

  it('ranks a demolished player most back and farthest until his car respawns, the lone teammate most forward', () => {
    // Two blues: A ahead (y = 0), B behind (y = -3000). A is demolished at t = 0.5 s and respawns
    // at t = 1.5 s; a car gone without a demolition (t ≥ 1.8 s) is not credited.
    const demos = [{ time: 0.5, frame: 5, attacker: 1, victim: 0 }];
    const { a, b } = twoBlues(
      20,
      0.1,
      (i) => ({
        cars: [
          (i >= 5 && i < 15) || i >= 18 ? null : car({ x: 0, y: 0, z: 17 }, { x: 0, y: 100, z: 0 }),
          car({ x: 0, y: -3000, z: 17 }, { x: 0, y: 100, z: 0 }),
        ],
      }),
      { demos },
    );
    expect(a?.time_most_back).toBeCloseTo(1, 6);
    expect(a?.time_farthest_from_ball).toBeCloseTo(1, 6);
    expect(a?.time_most_forward).toBeCloseTo(0.8, 6);
    expect(a?.time_closest_to_ball).toBeCloseTo(0.8, 6);
    // B keeps his own ranking among the cars on the field: most back while A is there; while A
    // is demolished (still in the match) he is most forward and closest only; once A's car is gone
    // for good (t ≥ 1.8 s: A left) B is a team of one and holds all four roles.
    expect(b?.time_most_back).toBeCloseTo(0.8 + 0.2, 6);
    expect(b?.time_farthest_from_ball).toBeCloseTo(0.8 + 0.2, 6);
    expect(b?.time_most_forward).toBeCloseTo(1.2, 6);
    expect(b?.time_closest_to_ball).toBeCloseTo(1.2, 6);
  });

  it('shares most forward between cars level on y (diagonal spawns), not closest', () => {
    // Two blues on the diagonal kickoff spots (same y, same distance to the ball), one behind, at
    // rest before the countdown (a kickoff phase: stopped cars get no extra credit there).
    const [A, B, C] = [player('blueA', 0), player('blueB', 0), player('blueC', 0)];
    const fs = frames(10, 0.1, () => ({
      phase: 'kickoff',
      cars: [
        car({ x: -2048, y: -2560, z: 17 }, { x: 0, y: 0, z: 0 }),
        car({ x: 2048, y: -2560, z: 17 }, { x: 0, y: 0, z: 0 }),
        car({ x: 0, y: -4608, z: 17 }, { x: 0, y: 0, z: 0 }),
      ],
    }));
    const s = computeStats(model([A, B, C], fs));
    expect(s.players[0]?.positioning?.time_most_forward).toBeCloseTo(0.5, 6);
    expect(s.players[1]?.positioning?.time_most_forward).toBeCloseTo(0.5, 6);
    expect(s.players[2]?.positioning?.time_most_back).toBeCloseTo(1, 6);
    expect(s.players[0]?.positioning?.time_closest_to_ball).toBeCloseTo(1, 6);
    expect(s.players[1]?.positioning?.time_closest_to_ball).toBeCloseTo(1, 6);
  });

  it('stops crediting a demolished player in the goal aftermath', () => {
    // A is demolished at 0.5 s; a goal follows, and frames from 1.0 s on are its aftermath.
    const demos = [{ time: 0.5, frame: 5, attacker: 1, victim: 0 }];
    const { a, b } = twoBlues(
      20,
      0.1,
      (i) => ({
        phase: i >= 10 ? 'postGoal' : 'live',
        cars: [
          i >= 5 ? null : car({ x: 0, y: 0, z: 17 }, { x: 0, y: 100, z: 0 }),
          car({ x: 0, y: -3000, z: 17 }, { x: 0, y: 100, z: 0 }),
        ],
      }),
      { demos },
    );
    expect(a?.time_most_back).toBeCloseTo(0.5, 6);
    expect(a?.time_farthest_from_ball).toBeCloseTo(0.5, 6);
    // B, the only car left, is most forward and closest from the demolition on.
    expect(b?.time_most_forward).toBeCloseTo(1.5, 6);
  });

  it('ranks a silent car (no rigid-body update for 1.5 s) most back and farthest, its teammate all four roles', () => {
    // A (ahead, y = 0) is replicated until t = 0.375 s, then keeps its car without updates: silent
    // from t > 1.875 s (frames 16–23, 1 s). B (behind) is replicated in every frame.
    const { a, b } = twoBlues(24, 0.125, (i) => ({
      cars: [
        car({ x: 0, y: 0, z: 17 }, { x: 0, y: 100, z: 0 }, 85, { fresh: i <= 3 }),
        car({ x: 0, y: -3000, z: 17 }, { x: 0, y: 100, z: 0 }),
      ],
    }));
    expect(a?.time_most_forward).toBeCloseTo(2, 6);
    expect(a?.time_closest_to_ball).toBeCloseTo(2, 6);
    expect(a?.time_most_back).toBeCloseTo(1, 6);
    expect(a?.time_farthest_from_ball).toBeCloseTo(1, 6);
    // B is most back and farthest throughout, and also most forward and closest while A is silent.
    expect(b?.time_most_back).toBeCloseTo(3, 6);
    expect(b?.time_farthest_from_ball).toBeCloseTo(3, 6);
    expect(b?.time_most_forward).toBeCloseTo(1, 6);
    expect(b?.time_closest_to_ball).toBeCloseTo(1, 6);
  });

  it('also credits a stopped car (below 10 uu/s in live play) most back and farthest', () => {
    // A (ahead, y = 0, nearest the ball) stops for frames 5–9 (4 uu/s); B (behind) drives on.
    const { a, b } = twoBlues(10, 0.1, (i) => ({
      cars: [
        car({ x: 0, y: 0, z: 17 }, { x: 0, y: i >= 5 ? 4 : 100, z: 0 }),
        car({ x: 0, y: -3000, z: 17 }, { x: 0, y: 100, z: 0 }),
      ],
    }));
    // A keeps his ranking (forward and closest throughout) and gets back + farthest while stopped.
    expect(a?.time_most_forward).toBeCloseTo(1, 6);
    expect(a?.time_closest_to_ball).toBeCloseTo(1, 6);
    expect(a?.time_most_back).toBeCloseTo(0.5, 6);
    expect(a?.time_farthest_from_ball).toBeCloseTo(0.5, 6);
    // B's ranking is unchanged.
    expect(b?.time_most_back).toBeCloseTo(1, 6);
    expect(b?.time_farthest_from_ball).toBeCloseTo(1, 6);
    expect(b?.time_most_forward).toBeCloseTo(0, 6);
  });

  it('counts powerslides only on the ground, once per handbrake press', () => {
    // Handbrake held in frames 0-2, 4-9, 12-13, 15-16 and 18-19. Frame 5 is airborne; 12-13 and
    // 15-16 are jumps (each press is replicated with the car already 40+ uu up, on the ground the
    // frame before); 17-19 are in the air, so the press 18-19 never touches the ground.
    const released = new Set([3, 10, 11, 14, 17]);
    const zOf = (i: number): number =>
      ({ 5: 300, 12: 40, 13: 120, 15: 45, 16: 150 })[i] ?? (i >= 17 ? 400 : 17);
    const fs = frames(20, 0.1, (i) => ({
      cars: [car({ x: 0, y: 0, z: zOf(i) }, { x: 500, y: 0, z: 0 }, 85, { handbrake: !released.has(i) })],
    }));
    const mv = computeStats(model([BLUE], fs)).players[0]?.movement;
    // Counted presses: 0-2, 4-9 (once, though airborne in frame 5), 12-13 and 15-16. Slide time
    // is only the grounded held frames 0-2, 4, 6-9 → 0.8 s.
    expect(mv?.count_powerslide).toBe(4);
    expect(mv?.time_powerslide).toBeCloseTo(0.8, 6);
  });

  it('counts an airborne handbrake press released as the car lands, not one released in the air', () => {
    // Press 1 (frames 2-4) is held only in the air and let go in frame 5, where the car is down
    // again: a powerslide landing, counted. Press 2 (frames 8-10) is let go in frame 11 while the
    // car is still 300 uu up, and it never touches the ground before or while held: not counted.
    const held = new Set([2, 3, 4, 8, 9, 10]);
    const zOf = (i: number): number =>
      ({ 1: 60, 2: 200, 3: 150, 4: 60, 7: 200, 8: 300, 9: 350, 10: 320, 11: 300 })[i] ?? 17;
    const fs = frames(14, 0.1, (i) => ({
      cars: [car({ x: 0, y: 0, z: zOf(i) }, { x: 500, y: 0, z: 0 }, 85, { handbrake: held.has(i) })],
    }));
    const mv = computeStats(model([BLUE], fs)).players[0]?.movement;
    expect(mv?.count_powerslide).toBe(1);
    // Neither press was held on the ground, so there is no slide time.
    expect(mv?.time_powerslide).toBe(0);
  });
});

describe('report', () => {
  it('validates against the schema and renders Markdown', () => {
    const fs = frames(5, 0.1, () => ({
      cars: [
        car({ x: 0, y: -100, z: 17 }, { x: 0, y: 0, z: 0 }),
        car({ x: 0, y: 100, z: 17 }, { x: 0, y: 0, z: 0 }),
      ],
    }));
    const report = reportFromModel(model([BLUE, ORANGE], fs));
    expect(validateReport(report)).toEqual([]);
    expect(report.players[0]).toMatchObject({
      name: 'blue1',
      platform: 'epic',
      platform_id: 'blue1',
      team: 'blue',
      mvp: true,
    });
    const md = renderMarkdown(report);
    expect(md).toContain('| blue1 ★ | blue | 200 | 2 |');
  });

  it('rejects reports that break the schema', () => {
    const fs = frames(2, 0.1, () => ({ cars: [] }));
    const report = reportFromModel(model([BLUE], fs)) as unknown as Record<string, unknown>;
    expect(validateReport({ ...report, report_version: 2 }).map((e) => e.path)).toEqual(['$.report_version']);
    const { players: _p, ...noPlayers } = report;
    expect(validateReport(noPlayers)[0]?.path).toBe('$.players');
  });
});

describe('platform ids (stats-reference §A.4)', () => {
  it('formats Xbox ids as little-endian hex and PSN handles as text', () => {
    expect(u64ToLittleEndianHex('2535462716428144')).toBe('70cf8d6afd010900');
    expect(u64sToAscii(['7741511216621838660', '28012'])).toBe('Darko_oklm');
  });
});
