/**
 * Where the viewer writes each car's name: above the car, nudged up or down past labels already
 * placed so two names never print over each other, and kept inside the canvas. Pure geometry.
 */

export interface LabelBox {
  /** Wanted centre x and baseline y (canvas px), and the text's size. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Placed {
  x: number;
  y: number;
}

const overlaps = (a: LabelBox & Placed, b: LabelBox & Placed): boolean =>
  Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;

/** Positions for `labels`, in order; earlier labels keep their spot, later ones move. */
export function placeLabels(
  labels: readonly LabelBox[],
  bounds: { width: number; height: number },
  maxTries = 8,
): Placed[] {
  const placed: Array<LabelBox & Placed> = [];
  const clampX = (l: LabelBox, x: number) => Math.min(bounds.width - l.width / 2, Math.max(l.width / 2, x));
  const clampY = (l: LabelBox, y: number) => Math.min(bounds.height, Math.max(l.height, y));
  for (const l of labels) {
    const x = clampX(l, l.x);
    let best = { ...l, x, y: clampY(l, l.y) };
    // Try the wanted spot, then one line up, one down, two up, two down…
    for (let i = 0; i <= maxTries; i++) {
      const step = Math.ceil(i / 2) * (i % 2 === 1 ? -1 : 1);
      const candidate = { ...l, x, y: clampY(l, l.y + step * (l.height + 1)) };
      if (!placed.some((p) => overlaps(candidate, p))) {
        best = candidate;
        break;
      }
    }
    placed.push(best);
  }
  return placed.map(({ x, y }) => ({ x, y }));
}
