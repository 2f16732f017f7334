import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildMatchModel,
  detectEvents,
  reportFromModel,
  validateReport,
  type MatchModel,
} from '../../src/analysis/index.js';
import { flipDirection } from '../../src/analysis/mechanics/detect.js';
import { orientationOf } from '../../src/analysis/mechanics/signals.js';
import { car, frames, model as handModel, player } from './fixtures.js';
import {
  analyzeMechanics,
  readMechanicSignals,
  type MechanicsAnalysis,
} from '../../src/analysis/mechanics.js';
import type { MechanicSignals } from '../../src/analysis/mechanics/signals.js';
import type { MechanicEvent, MechanicKind } from '../../src/analysis/mechanics/detect.js';
import { parseReplayBytes } from '../../src/replay.js';
import { CORPUS_MISSING, corpusDir } from './corpus.js';

const dir = corpusDir();
if (!dir) console.warn(CORPUS_MISSING);

const DOUBLES = 'with-stats/recent-ranked-doubles-2026-03-10.replay';
const STANDARD = 'with-stats/recent-ranked-standard-2026-03-10-a.replay';
const RLCS = 'with-stats/rlcs-2025-worlds-grand-final-flcn-nrg-g5.replay';
/** A replay whose cars replicate TAGame.Car_TA:DodgesRefreshedCounter (flip resets). */
const RESETS = 'good/8206e.replay';

interface Loaded {
  model: MatchModel;
  signals: MechanicSignals;
  analysis: MechanicsAnalysis;
}
const cache = new Map<string, Loaded>();
function load(rel: string): Loaded {
  let hit = cache.get(rel);
  if (!hit) {
    const parsed = parseReplayBytes(readFileSync(join(dir as string, rel)));
    const model = buildMatchModel(parsed);
    const signals = readMechanicSignals(parsed, model);
    hit = { model, signals, analysis: analyzeMechanics(model, signals, detectEvents(model).touches) };
    cache.set(rel, hit);
  }
  return hit;
}

const playerIndex = (m: MatchModel, name: string): number => {
  const i = m.players.findIndex((p) => p.name === name);
  if (i < 0) throw new Error(`no player ${name}`);
  return i;
};

/** The event of `kind` by `name` within 0.05 s of `time` (the anchors below were read off the replays). */
function eventAt(l: Loaded, kind: MechanicKind, name: string, time: number): MechanicEvent | undefined {
  const p = playerIndex(l.model, name);
  return l.analysis.events.find((e) => e.kind === kind && e.player === p && Math.abs(e.time - time) < 0.05);
}

/** Frames of the model between two times. */
const framesBetween = (m: MatchModel, from: number, to: number): number[] =>
  m.frames.flatMap((f, i) => (f.time >= from && f.time <= to ? [i] : []));

describe('mechanics without decoded frames behind the model', () => {
  it('classifies a dodge impulse relative to the nose when no spin is known', () => {
    const facingX = orientationOf({ x: 0, y: 0, z: 0, w: 1 }); // identity: nose along +x
    expect(flipDirection({ x: 500, y: 0, z: 0 }, facingX)).toBe('forward');
    expect(flipDirection({ x: -500, y: 0, z: 0 }, facingX)).toBe('back');
    expect(flipDirection({ x: 0, y: -500, z: 0 }, facingX)).toBe('side');
    expect(flipDirection({ x: 400, y: 400, z: 0 }, facingX)).toBe('diagonal');
    expect(flipDirection({ x: 50, y: 0, z: 0 }, facingX)).toBe('unknown');
    expect(flipDirection({ x: 500, y: 0, z: 0 }, null)).toBe('unknown');
  });

  it('reports jumps and flips of a hand-built model, with no shots invented', () => {
    const fs = frames(30, 1 / 30, (i) => ({
      cars: [
        car({ x: 0, y: 0, z: i < 10 ? 17 : 60 }, { x: 0, y: i < 15 ? 1000 : 1500, z: 0 }, 85, {
          jumping: i >= 10 && i < 14,
          dodging: i >= 15 && i < 20,
        }),
      ],
    }));
    const report = reportFromModel(handModel([player('Solo', 0)], fs));
    expect(validateReport(report)).toEqual([]);
    const m = report.players[0]?.mechanics;
    expect(m?.counts.jump).toBe(1);
    expect(m?.counts.flip).toBe(1);
    expect(m?.flips_by_direction.unknown).toBe(1);
    expect(report.events.mechanics.map((e) => e.kind)).toEqual(['jump', 'flip']);
    expect(report.events.shots).toEqual([]);
    // A 1v1 is a mode the xG model has too few corpus shots for: no number, a reason.
    expect(report.players[0]?.xg).toEqual({ shots: 0, total: null, low: null, high: null });
    expect(report.events.xg_unavailable).toMatch(/1v1/);
  });
});

describe.skipIf(!dir)('mechanics on real replays', () => {
  it('reads car orientation for nearly every car sample, and it agrees with the direction of travel', () => {
    const { model, signals } = load(DOUBLES);
    let known = 0;
    let total = 0;
    let aligned = 0;
    let driving = 0;
    model.frames.forEach((f, i) =>
      f.cars.forEach((c, p) => {
        if (!c) return;
        total++;
        const o = signals.orientation[i]?.[p];
        if (!o) return;
        known++;
        const v = c.velocity;
        // Grounded and fast: the nose points along (or, reversing, against) the velocity.
        if (v && c.position.z < 20 && Math.hypot(v.x, v.y) > 800) {
          driving++;
          const cos = (o.forward.x * v.x + o.forward.y * v.y) / Math.hypot(v.x, v.y);
          if (Math.abs(cos) > 0.9) aligned++;
        }
      }),
    );
    expect(known / total).toBeGreaterThan(0.99);
    expect(driving).toBeGreaterThan(1000);
    expect(aligned / driving).toBeGreaterThan(0.97);
  });

  it('classifies flip directions: a front flip dips the nose, a back flip lifts it (3v3, 10.93 s and 8.28 s)', () => {
    const l = load(STANDARD);
    const front = l.analysis.events.find((e) => e.kind === 'flip' && Math.abs(e.time - 10.93) < 0.05);
    expect(front?.direction).toBe('forward');
    const back = l.analysis.events.find((e) => e.kind === 'flip' && Math.abs(e.time - 8.28) < 0.05);
    expect(back?.direction).toBe('back');
    // Independent evidence from the orientation itself: the nose's height 0.25 s into the flip.
    const noseZ = (e: MechanicEvent) => {
      const k = framesBetween(l.model, e.time + 0.2, e.time + 0.3)[0] as number;
      return l.signals.orientation[k]?.[e.player]?.forward.z ?? NaN;
    };
    expect(noseZ(front as MechanicEvent)).toBeLessThan(-0.3);
    expect(noseZ(back as MechanicEvent)).toBeGreaterThan(0.3);
  });

  it('finds a half flip: a back flip after which the car faces the other way (2v2, Jtabor26 at 102.53 s)', () => {
    const l = load(DOUBLES);
    const e = eventAt(l, 'half_flip', 'Jtabor26', 102.53);
    expect(e).toBeDefined();
    const p = playerIndex(l.model, 'Jtabor26');
    const yawAt = (t: number) => {
      const o = l.signals.orientation[framesBetween(l.model, t, t + 0.1)[0] as number]?.[p];
      return Math.atan2(o?.forward.y ?? 0, o?.forward.x ?? 0);
    };
    const turn = Math.abs(
      Math.atan2(Math.sin(yawAt(103.1) - yawAt(102.5)), Math.cos(yawAt(103.1) - yawAt(102.5))),
    );
    expect(turn).toBeGreaterThan(2.5);
  });

  it('finds aerials with their height and success (RLCS final)', () => {
    const l = load(RLCS);
    const aerials = l.analysis.events.filter((e) => e.kind === 'aerial');
    expect(aerials.length).toBeGreaterThan(60);
    for (const a of aerials.slice(0, 20)) {
      // The recorded peak is a real car height after the jump.
      const peak = Math.max(
        ...framesBetween(l.model, a.time, a.time + 6).map(
          (k) => l.model.frames[k]?.cars[a.player]?.position.z ?? 0,
        ),
      );
      expect(a.height).toBeGreaterThan(200);
      expect(peak).toBeGreaterThanOrEqual((a.height as number) - 1e-6);
    }
    const rates = l.analysis.summary.map((s) => s.aerial_success_rate).filter((r): r is number => r !== null);
    expect(rates.length).toBe(6);
    expect(rates.every((r) => r > 0 && r < 1)).toBe(true);
  });

  it('finds the ceiling shots of Kiileerrz (RLCS, 55.87 s): on the ceiling, then a touch before landing', () => {
    const l = load(RLCS);
    const e = eventAt(l, 'ceiling_shot', 'Kiileerrz', 55.87);
    expect(e).toBeDefined();
    const p = playerIndex(l.model, 'Kiileerrz');
    const zs = framesBetween(l.model, 52.87, 55.87).map((k) => l.model.frames[k]?.cars[p]?.position.z ?? 0);
    expect(Math.max(...zs)).toBeGreaterThan(1950);
  });

  it("finds BeastMode's double tap before his goal (RLCS, 62.72 s; goal at 64.78 s)", () => {
    const l = load(RLCS);
    expect(eventAt(l, 'double_tap', 'BeastMode', 62.72)).toBeDefined();
    const goal = l.model.goals.find((g) => Math.abs(g.time - 64.78) < 0.1);
    expect(goal && l.model.players[goal.scorer ?? -1]?.name).toBe('BeastMode');
  });

  it('finds air dribbles, wavedashes, speed flips and a flick (RLCS final and 3v3)', () => {
    const rlcs = load(RLCS);
    const count = (l: Loaded, k: MechanicKind) => l.analysis.events.filter((e) => e.kind === k).length;
    expect(count(rlcs, 'air_dribble')).toBeGreaterThanOrEqual(10);
    expect(count(rlcs, 'wavedash')).toBeGreaterThanOrEqual(10);
    // The first kickoff (released at 11.9 s): three players speed-flip, Rw9 and Daniel back-flip.
    for (const [name, t] of [
      ['Kiileerrz', 12.38],
      ['Atomic', 12.41],
      ['Trk511', 12.46],
    ] as const) {
      expect(eventAt(rlcs, 'speed_flip', name, t), `${name} ${t}`).toBeDefined();
      // Cancelled: the car rolls but no longer pitches 0.15 s in, and is still driving forward fast.
      const p = playerIndex(rlcs.model, name);
      const k = framesBetween(rlcs.model, t + 0.15, t + 0.2)[0] as number;
      const spin = rlcs.signals.orientation[k]?.[p]?.spin;
      expect(Math.abs(spin?.roll ?? 0)).toBeGreaterThan(4);
      expect(Math.abs(spin?.pitch ?? 9)).toBeLessThan(1.5);
    }
    expect(eventAt(rlcs, 'flip', 'Rw9', 12.38)?.direction).toBe('back');
    expect(eventAt(rlcs, 'speed_flip', 'Rw9', 12.38)).toBeUndefined();
    expect(eventAt(rlcs, 'speed_flip', 'Daniel', 12.16)).toBeUndefined();
    const dribble = rlcs.analysis.events.find((e) => e.kind === 'air_dribble');
    expect(dribble?.touches).toBeGreaterThanOrEqual(2);
    expect(eventAt(load(STANDARD), 'flick', 'maasmaster', 78.91)).toBeDefined();
  });

  it('finds wavedashes: a dodge just before landing that adds speed (RLCS, BeastMode 18.13 s, Rw9 21.91 s)', () => {
    const l = load(RLCS);
    for (const [name, t] of [
      ['BeastMode', 18.13],
      ['Rw9', 21.91],
    ] as const) {
      const e = eventAt(l, 'wavedash', name, t);
      expect(e, `${name} ${t}`).toBeDefined();
      const p = playerIndex(l.model, name);
      const speed = (k: number) => {
        const v = l.model.frames[k]?.cars[p]?.velocity;
        return v ? Math.hypot(v.x, v.y) : 0;
      };
      const before = framesBetween(l.model, t - 0.15, t - 0.01);
      const after = framesBetween(l.model, t, t + 0.2);
      // Airborne just before, on the ground within 0.2 s, and > 300 uu/s faster.
      expect(l.model.frames[before[0] as number]?.cars[p]?.position.z).toBeGreaterThan(40);
      expect(Math.min(...after.map((k) => l.model.frames[k]?.cars[p]?.position.z ?? 999))).toBeLessThan(30);
      expect(Math.max(...after.map(speed)) - speed(before[before.length - 1] as number)).toBeGreaterThan(300);
    }
  });

  it("counts flip resets from the game's own counter, and whether the flip was used (good/8206e)", () => {
    const l = load(RESETS);
    const resets = l.analysis.events.filter((e) => e.kind === 'flip_reset');
    expect(resets.length).toBe(12);
    expect(eventAt(l, 'flip_reset', 'mrtyzz.', 22.4)).toBeDefined();
    // A flip reset happens in the air.
    for (const r of resets)
      expect(l.model.frames[r.frame]?.cars[r.player]?.position.z ?? 0).toBeGreaterThan(100);
    const rates = l.analysis.summary.map((s) => s.flip_reset_success_rate).filter((r) => r !== null);
    expect(rates.length).toBeGreaterThan(0);
  });

  it('component counts agree with the summary (jumps, double jumps, flips)', () => {
    const l = load(DOUBLES);
    const s = l.analysis.summary[playerIndex(l.model, 'Quantavious1234')];
    expect(s?.counts.jump).toBe(64);
    expect(s?.counts.double_jump).toBe(10);
    expect(s?.counts.flip).toBe(50);
    const dirs = s?.flips_by_direction;
    expect(
      (dirs?.forward ?? 0) +
        (dirs?.back ?? 0) +
        (dirs?.side ?? 0) +
        (dirs?.diagonal ?? 0) +
        (dirs?.unknown ?? 0),
    ).toBe(50);
  });
});
