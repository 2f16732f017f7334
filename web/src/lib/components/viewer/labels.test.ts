import { describe, expect, it } from 'vitest';
import { placeLabels, type LabelBox } from './labels';

const box = (x: number, y: number, width = 60, height = 12): LabelBox => ({ x, y, width, height });
const bounds = { width: 400, height: 300 };

describe('car label placement', () => {
  it('keeps labels that do not collide where they were asked for', () => {
    expect(placeLabels([box(100, 100), box(250, 100)], bounds)).toEqual([
      { x: 100, y: 100 },
      { x: 250, y: 100 },
    ]);
  });

  it('moves a label that would print over another until none overlap', () => {
    const labels = [box(100, 100), box(110, 102), box(95, 98)];
    const got = placeLabels(labels, bounds);
    expect(got[0]).toEqual({ x: 100, y: 100 });
    for (let i = 0; i < got.length; i++)
      for (let j = i + 1; j < got.length; j++) {
        const dx = Math.abs(got[i]!.x - got[j]!.x) * 2 < labels[i]!.width + labels[j]!.width;
        const dy = Math.abs(got[i]!.y - got[j]!.y) * 2 < labels[i]!.height + labels[j]!.height;
        expect(dx && dy, `labels ${i} and ${j} overlap`).toBe(false);
      }
  });

  it('keeps labels inside the canvas at its edges', () => {
    const [left, top] = placeLabels([box(5, 2), box(398, 200)], bounds);
    expect(left).toEqual({ x: 30, y: 12 });
    expect(top!.x).toBe(370);
  });
});
