import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReplay, buildMatchModel, validateReport } from '../../src/analysis/index.js';
import { parseReplayBytes } from '../../src/replay.js';
import { CORPUS_MISSING, corpusDir } from './corpus.js';

/**
 * Engine 868.10–868.12 (2016) replicates a new car component's boost amount at once but its
 * `CarComponent_TA:Vehicle` link only with the next keyframe, up to 10 s later; build-model.ts
 * links each component from its creation (componentLinksAhead). Read forward, the tank of every
 * car was unknown for the first seconds of each car life (16–21 % of live car frames in these two
 * replays) and the pads taken then were booked at their nominal value.
 */
const dir = corpusDir();
if (!dir) console.warn(CORPUS_MISSING);

describe.skipIf(!dir)('boost of 2016 replays (component links replicated at keyframes only)', () => {
  for (const file of ['good/128ed.replay', 'good/42f0.replay']) {
    it(`${file}: the tank is known from each car's first frames and before every pickup`, () => {
      const model = buildMatchModel(parseReplayBytes(readFileSync(join(dir as string, file))));
      expect(model.info.version).toMatch(/^868\.1[0-2]$/);
      let carFrames = 0;
      let unknown = 0;
      for (const f of model.frames) {
        if (f.phase !== 'live' && f.phase !== 'kickoff') continue;
        for (const c of f.cars) {
          if (!c) continue;
          carFrames++;
          if (c.boostReplicated === null) unknown++;
        }
      }
      expect(carFrames).toBeGreaterThan(1000);
      // A handful of frames: a car announced a frame before its component.
      expect(unknown / carFrames).toBeLessThan(0.002);
      expect(model.pickups.length).toBeGreaterThan(20);
      expect(model.pickups.filter((e) => e.before === null)).toEqual([]);
    });
  }
});

/**
 * Engine 867.x (2015) replays carry no replicated boost amount at all: the report must not show
 * usage, average tank or time at each level as 0 but leave them out and say why
 * (src/analysis/unknowable.ts). A 2016 replay with a replicated tank keeps them.
 */
describe.skipIf(!dir)('tank-level boost figures a replay cannot support', () => {
  const analyse = (file: string) => analyzeReplay(parseReplayBytes(readFileSync(join(dir as string, file))));

  it('good/1a12.replay (2015, 867.9, tank never replicated): left out, with the reason', () => {
    const r = analyse('good/1a12.replay');
    expect(r.match.version).toMatch(/^867\./);
    expect(validateReport(r)).toEqual([]);
    expect(r.players.length).toBeGreaterThan(0);
    for (const p of r.players) {
      for (const k of ['bpm', 'avg_amount', 'time_zero_boost', 'time_boost_0_25', 'percent_full_boost'])
        expect(p.stats.boost?.[k as keyof typeof p.stats.boost], `${p.name} ${k}`).toBeUndefined();
      const entry = r.quality.unknowable.find((u) => u.player === p.name);
      expect(entry?.fields).toContain('boost.bpm');
      expect(entry?.reason).toMatch(/never replicates/);
    }
  });

  it('good/42f0.replay (2016, 868.12, tank replicated): keeps them and lists nothing', () => {
    const r = analyse('good/42f0.replay');
    expect(r.quality.unknowable).toEqual([]);
    for (const p of r.players) expect(p.stats.boost?.bpm, p.name).toBeTypeOf('number');
  });
});
