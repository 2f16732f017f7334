import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReplay, buildMatchModel, thresholds, validateReport } from '../../src/analysis/index.js';
import { detectEvents } from '../../src/analysis/events.js';
import { countMechanics } from '../../src/analysis/mechanics.js';
import { isStoppedCar, nextBodyUpdates, usedWhileSupersonic } from '../../src/analysis/stats/accumulate.js';
import { usedPerFrame } from '../../src/analysis/stats/boost-levels.js';
import { parseReplayBytes } from '../../src/replay.js';
import { CORPUS_MISSING, corpusDir } from './corpus.js';

const dir = corpusDir();
if (!dir) console.warn(CORPUS_MISSING);
const load = (rel: string) => parseReplayBytes(readFileSync(join(dir as string, rel)));
const DOUBLES = 'with-stats/recent-ranked-doubles-2026-03-10.replay';

/** Kickoff spawn spots (|x|, |y|) of standard soccar: a game fact. */
const SPAWNS: Array<[number, number]> = [
  [0, 4608],
  [2048, 2560],
  [256, 3840],
];
const isSpawn = (x: number, y: number) =>
  SPAWNS.some(([sx, sy]) => Math.hypot(Math.abs(x) - sx, Math.abs(y) - sy) < 5);

describe.skipIf(!dir)('match model on real replays', () => {
  it('links every car to its player through the PRI and reads platform ids (doubles, Epic/PS4/Xbox)', () => {
    const report = analyzeReplay(load(DOUBLES));
    expect(validateReport(report)).toEqual([]);
    const ids = report.players.map((p) => `${p.team}:${p.platform}:${p.platform_id}:${p.name}`).sort();
    expect(ids).toEqual([
      'blue:epic:14d2c197a569431cbd227f56203b852e:Quantavious1234',
      'blue:epic:6e829ecc728345feb48e2f4179ea1695:Jtabor26',
      'orange:ps4:Darko_oklm:Darko_oklm',
      'orange:xbox:70cf8d6afd010900:Baptiste2702382',
    ]);
    expect(report.quality.verdict).toBe('good');
    expect(report.quality.player_frame_coverage).toBeGreaterThan(0.95);
    expect(report.match).toMatchObject({
      match_guid: 'E3015E6011F11CB1F0559C8BD16595B0',
      map_code: 'outlaw_oasis_p',
      team_size: 2,
      playlist_id: 11,
      forfeit: true,
      started_at: '2026-03-10T18:49:36.000Z',
    });
    // ballchasing: duration 340 s, live time 325.09 s.
    expect(report.match.duration).toBeCloseTo(340.07, 0);
    expect(Math.abs(report.match.live_seconds - 325.09)).toBeLessThan(0.2);
    expect(report.players.find((p) => p.mvp)?.name).toBe('Quantavious1234');
  });

  it('takes goals from the header with the network scoring team, and demos from the demolish attribute', () => {
    const report = analyzeReplay(load(DOUBLES));
    expect(report.events.goals.map((g) => `${g.frame}:${g.team}:${g.scorer}`)).toEqual([
      '3620:blue:Quantavious1234',
      '5607:orange:Baptiste2702382',
      '6434:blue:Quantavious1234',
      '7858:blue:Jtabor26',
      '9445:blue:Quantavious1234',
    ]);
    // Frame 5906 (222.1 s) and 8942 (332.3 s): the two demolitions ballchasing credits to orange.
    expect(report.events.demos.map((d) => `${d.frame}:${d.attacker}>${d.victim}`)).toEqual([
      '5906:Baptiste2702382>Quantavious1234',
      '8942:Darko_oklm>Quantavious1234',
    ]);
  });

  it('finds the kickoffs with standard spawns, and the opening 50/50 touch', () => {
    const model = buildMatchModel(load(DOUBLES));
    const ev = detectEvents(model);
    expect(ev.kickoffs.map((k) => Math.round(k.time * 100) / 100)).toEqual([
      9.33, 145.34, 218.46, 249.01, 300.61,
    ]);
    for (const k of ev.kickoffs) {
      for (const s of k.spawns) if (s) expect(isSpawn(s.x, s.y), `${s.x},${s.y}`).toBe(true);
    }
    // The game flags the first touch (bBallHasBeenHit) at 11.26 s; our touch detector sees the ball's
    // velocity change on the next rigid-body update: Jtabor26 at 11.37 s, then Darko_oklm at 11.40 s.
    const first = ev.kickoffs[0]?.firstTouch;
    expect(first && model.players[first.player]?.name).toBe('Jtabor26');
    expect(first?.time).toBeGreaterThan(11.26);
    expect(first?.time).toBeLessThan(11.5);
    const second = ev.touches[1];
    expect(second && model.players[second.player]?.name).toBe('Darko_oklm');
    // Every player touches the ball, dozens of times.
    for (let p = 0; p < model.players.length; p++)
      expect(ev.touches.filter((t) => t.player === p).length).toBeGreaterThan(20);
    expect(ev.possessionChanges.length).toBeGreaterThan(20);
  });

  it('finds the opening kickoff 50/50 and a completed pass (173.98 s, Quantavious1234 to Jtabor26)', () => {
    const model = buildMatchModel(load(DOUBLES));
    const ev = detectEvents(model);
    const name = (i: number) => model.players[i]?.name;
    const opening = ev.challenges[0];
    expect(
      opening && [name(opening.first), name(opening.second), Math.round(opening.time * 10) / 10],
    ).toEqual(['Jtabor26', 'Darko_oklm', 11.4]);
    const completed = ev.passes.filter((p) => p.completed);
    expect(completed.map((p) => `${p.time.toFixed(1)}:${name(p.from)}>${name(p.to)}`)).toContain(
      '174.0:Quantavious1234>Jtabor26',
    );
    expect(ev.passes.length).toBeGreaterThan(completed.length);
  });

  it('counts jumps and flips from the component actors (Jtabor26 flips 0.6 s into the first kickoff)', () => {
    const model = buildMatchModel(load(DOUBLES));
    const j = model.players.findIndex((p) => p.name === 'Jtabor26');
    // Released at 9.33 s; Jtabor26's dodge component turns active at 9.94 s.
    const flip = model.frames.find((f) => f.time > 9.33 && f.cars[j]?.dodging);
    expect(flip?.time).toBeCloseTo(9.94, 1);
    const counts = countMechanics(model);
    for (const c of counts) {
      expect(c.dodges).toBeGreaterThan(20);
      // Every flip starts with a jump.
      expect(c.jumps).toBeGreaterThanOrEqual(c.dodges);
    }
  });

  it('books boost used while supersonic only for drops replicated on the ground (Jtabor26: 28)', () => {
    const model = buildMatchModel(load(DOUBLES));
    const j = model.players.findIndex((p) => p.name === 'Jtabor26');
    const used = usedPerFrame(model, j);
    const dropAt = (t: number) => {
      const i = model.frames.findIndex((f) => Math.abs(f.time - t) < 0.02);
      const c = model.frames[i]?.cars[j];
      const v = c?.velocity;
      return {
        raw: used[i],
        counts: !!c && !!v && usedWhileSupersonic(Math.hypot(v.x, v.y, v.z), c.position.z),
      };
    };
    // 146 → 73 replicated at 149.34 s, driving at 2273 uu/s on the ground: booked.
    expect(dropAt(149.34)).toEqual({ raw: 73, counts: true });
    // 71 → 0 replicated at 162.09 s at 2300 uu/s but 125 uu up (boosted off the ground): not booked.
    expect(dropAt(162.09)).toEqual({ raw: 71, counts: false });
    // That ground drop is all ballchasing counts for him (28, truncated from 73 raw = 28.6).
    const report = analyzeReplay(load(DOUBLES));
    const jt = report.players.find((p) => p.name === 'Jtabor26');
    expect(jt?.stats.boost?.amount_used_while_supersonic).toBe(28);
  });

  it("books each frame at the car's next rigid-body update and drops the tail after the last (Jtabor26)", () => {
    const model = buildMatchModel(load(DOUBLES));
    const j = model.players.findIndex((p) => p.name === 'Jtabor26');
    const booking = nextBodyUpdates(model, j);
    const at = (t: number) => model.frames.findIndex((f) => Math.abs(f.time - t) < 0.01);
    // 53.655 s carries the body replicated at 53.619 s; it is booked at the update of 53.691 s.
    expect(model.frames[at(53.655)]?.cars[j]?.fresh).toBe(false);
    expect(booking[at(53.655)]).toBe(at(53.691));
    expect(booking[at(53.691)]).toBe(at(53.691));
    // His rigid body is last replicated at 348.03 s (the forfeit) while his car stays to the end:
    // nothing after that is booked, so his tracked time is ballchasing's (333.26 s) within 0.2 s.
    const last = booking.reduce<number>((m, b) => (b !== null && b > m ? b : m), -1);
    expect(model.frames[last]?.time).toBeCloseTo(348.03, 1);
    expect(booking.slice(last + 1).every((b) => b === null)).toBe(true);
    const m = analyzeReplay(load(DOUBLES)).players.find((p) => p.name === 'Jtabor26')?.stats.movement;
    const tracked = (m?.time_slow_speed ?? 0) + (m?.time_boost_speed ?? 0) + (m?.time_supersonic_speed ?? 0);
    expect(Math.abs(tracked - 333.26)).toBeLessThan(0.2);
  });

  it('snaps boost pickups to the pad table (a real big-pad pickup at 13.86 s)', () => {
    const model = buildMatchModel(load(DOUBLES));
    const q = model.players.findIndex((p) => p.name === 'Quantavious1234');
    const pickup = model.pickups.find((e) => e.player === q && Math.abs(e.time - 13.86) < 0.05);
    expect(pickup?.pad).toMatchObject({ size: 'big', position: { x: -3584, y: 0 } });
    // Kickoff tank 33.3 minus what was used, then full (100) right after the big pad.
    expect(pickup?.before).toBeGreaterThan(20);
    expect(pickup?.before).toBeLessThan(40);
    expect(pickup?.replicatedBefore).toBe(255);
  });

  it("books a pad retaken without a replicated respawn under the player's previous pad (RLCS, standard)", () => {
    const rlcs = buildMatchModel(load('with-stats/rlcs-2025-worlds-grand-final-flcn-nrg-g5.replay'));
    const at = (m: typeof rlcs, name: string, t: number) => {
      const i = m.players.findIndex((p) => p.name === name);
      return m.pickups.find((e) => e.player === i && Math.abs(e.time - t) < 0.02);
    };
    // Trk511 takes the big pad at (-3584, 0) 9.98 s after Rw9 did, with no respawn replicated in
    // between: ballchasing books the 0 → 100 rise under his previous pad, a small one in the
    // opponent's half (y 2816), so it counts as a stolen small pad.
    const retaken = at(rlcs, 'Trk511', 267.3);
    expect(retaken?.pad).toMatchObject({ size: 'big', position: { x: -3584, y: 0 } });
    expect(retaken?.gainObserved).toBe(true);
    expect(retaken?.bookedPad).toMatchObject({ size: 'small', position: { y: 2816 } });
    // A pad that was replicated as respawned keeps its own pad.
    expect(at(rlcs, 'Trk511', 231.97)?.bookedPad).toBeUndefined();
    const std = buildMatchModel(load('with-stats/recent-ranked-standard-2026-03-10-a.replay'));
    // MortGant respawns after a demolition and retakes a small pad that shows no respawn: his new
    // car has no previous pad, so the pickup is not booked at all.
    expect(at(std, 'MortGant', 27.37)?.bookedPad).toBeNull();
    // hawkrn's 30.33 s big pad (retaken 10.03 s after the last pickup) goes under his small pad of 29.76 s.
    expect(at(std, 'hawkrn ?', 30.33)?.bookedPad).toMatchObject({ size: 'small' });
    // Alfa boosts 76 → 65 in the frame before his pad update, and 95 comes with the next
    // replication: the rise is measured from 65 (11.8, a small pad).
    const dropThenRise = at(std, 'Alfa 155 Q4 DTM', 199.62);
    expect(dropThenRise?.gainObserved).toBe(true);
    expect(dropThenRise?.observedRaw).toBe(95);
    expect(dropThenRise?.before).toBeCloseTo((65 * 100) / 255, 6);
    // Jtabor26's amount is not replicated until his next pad (0.61 s later): no rise of its own.
    const doubles = buildMatchModel(load(DOUBLES));
    expect(at(doubles, 'Jtabor26', 207.01)?.gainObserved).toBe(false);
    expect(at(doubles, 'Jtabor26', 207.62)?.gainObserved).toBe(true);
  });

  it('sees a car idle at a kickoff go silent (Darko_oklm, no rigid-body update 296.96–303.14 s)', () => {
    const model = buildMatchModel(load(DOUBLES));
    const d = model.players.findIndex((p) => p.name === 'Darko_oklm');
    const b = model.players.findIndex((p) => p.name === 'Baptiste2702382');
    const lastFresh = (p: number, t: number) =>
      model.frames.filter((f) => f.time <= t && f.cars[p]?.fresh).at(-1)?.time ?? -Infinity;
    // 1 s after the countdown his car still has a velocity but was last replicated before it began:
    // silent for the role ranking, while his partner is replicated in every other frame.
    const at = model.frames.find((f) => f.time > 301.6 && f.phase === 'kickoff');
    expect(at?.cars[d]?.velocity).toBeTruthy();
    expect((at?.time ?? 0) - lastFresh(d, at?.time ?? 0)).toBeGreaterThan(thresholds.SILENT_CAR_S);
    expect((at?.time ?? 0) - lastFresh(b, at?.time ?? 0)).toBeLessThan(0.1);
    expect(lastFresh(d, 303.2)).toBeCloseTo(303.14, 1);
  });

  it('sees a car stopped in live play without going silent (Alfa 155 Q4 DTM in his goal, 86.2–87.4 s)', () => {
    const model = buildMatchModel(load('with-stats/recent-ranked-standard-2026-03-10-a.replay'));
    const idx = (name: string) => model.players.findIndex((p) => p.name === name);
    const f = model.frames.find((fr) => fr.time > 86.5);
    const speed = (p: number) => {
      const v = f?.cars[p]?.velocity;
      // A missing car or velocity must fail here, not pass as "not stopped" (NaN < x is false).
      expect(v, model.players[p]?.name ?? String(p)).toBeTruthy();
      return v ? Math.hypot(v.x, v.y, v.z) : NaN;
    };
    expect(f?.phase).toBe('live');
    // Parked at the back of his goal (z ≈ 79), replicated every 0.3–0.6 s at 7–10 uu/s: stopped.
    expect(isStoppedCar(speed(idx('Alfa 155 Q4 DTM')))).toBe(true);
    expect(f?.cars[idx('Alfa 155 Q4 DTM')]?.position.y).toBeLessThan(-5000);
    const alfa = idx('Alfa 155 Q4 DTM');
    const lastFresh = model.frames.filter((fr) => fr.time <= (f?.time ?? 0) && fr.cars[alfa]?.fresh).at(-1);
    expect((f?.time ?? 0) - (lastFresh?.time ?? -Infinity)).toBeLessThan(thresholds.SILENT_CAR_S);
    // His teammates are driving.
    expect(isStoppedCar(speed(idx('Moh Bility')))).toBe(false);
    expect(isStoppedCar(speed(idx('hawkrn ?')))).toBe(false);
  });

  it('marks boost-pad stats unsupported on a hoops arena instead of applying the soccar table', () => {
    const report = analyzeReplay(load('good/a671.replay'));
    expect(report.quality.boost_pads).toBe('unsupported');
    const boost = report.players.find((p) => p.stats.boost)?.stats.boost;
    expect(boost?.count_collected_big).toBeUndefined();
    expect(boost?.avg_amount).toBeDefined();
  });
});

describe.skipIf(!dir)('advanced analytics on a real 3v3 (ranked standard)', () => {
  const STANDARD = 'with-stats/recent-ranked-standard-2026-03-10-a.replay';

  it('ranks first/second/third man, and heatmaps are occupancy fractions', () => {
    const report = analyzeReplay(load(STANDARD));
    for (const p of report.players) {
      const a = p.analytics;
      expect(a).not.toBeNull();
      if (!a) continue;
      expect(
        (a.percent_first_man ?? 0) + (a.percent_second_man ?? 0) + (a.percent_third_man ?? 0),
      ).toBeCloseTo(100, 6);
      for (const share of [a.percent_first_man, a.percent_second_man, a.percent_third_man])
        expect(share).toBeGreaterThan(15);
      expect(a.heatmap.flat().reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      expect(a.time_last_man).toBeGreaterThan(30);
    }
  });

  it('backs insights with numbers ballchasing agrees with', () => {
    const report = analyzeReplay(load(STANDARD));
    const codes = report.insights.map((i) => `${i.player}:${i.code}`);
    // ballchasing: hawkrn spent 62.81 s at zero boost; MortGant stole 8 big pads (count_stolen_big).
    expect(codes).toContain('hawkrn ?:boost_starvation');
    const steal = report.insights.find((i) => i.player === 'MortGant' && i.code === 'boost_stealing');
    expect(steal?.evidence.count_stolen_big).toBe(8);
  });
});
