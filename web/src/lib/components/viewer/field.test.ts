import { describe, expect, it } from 'vitest';
import { FIELD, clockText, pitchOutline, projectionFor } from './field';

describe('viewer field geometry', () => {
  it('fits goals and pitch into the width, landscape, blue goal on the left', () => {
    const p = projectionFor(1000, 10);
    const [left] = p.toCanvas(0, -(FIELD.halfLengthY + FIELD.goalDepth));
    const [right] = p.toCanvas(0, FIELD.halfLengthY + FIELD.goalDepth);
    expect(left).toBeCloseTo(10);
    expect(right).toBeCloseTo(990);
    // To scale: the pitch is 8192 uu wide across 10240 uu long.
    const [, top] = p.toCanvas(FIELD.halfWidthX, 0);
    const [, bottom] = p.toCanvas(-FIELD.halfWidthX, 0);
    expect((bottom - top) / (2 * FIELD.halfLengthY * p.scale)).toBeCloseTo(8192 / 10240);
    expect(p.height).toBe(Math.round(8192 * p.scale + 20));
  });
  it('has a chamfered octagon outline and readable clocks', () => {
    expect(pitchOutline()).toHaveLength(8);
    expect(clockText(83.9)).toBe('1:23');
    expect(clockText(-5)).toBe('0:00');
  });
});
