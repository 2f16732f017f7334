/**
 * Standard soccar arena to scale (stats-reference: x ±4096, y ±5120; goals 1786 uu wide and 880 uu
 * deep; corners chamfered) and the projection from field uu to a landscape canvas: the field's
 * long (y) axis runs left to right, blue goal (−y) on the left.
 */
export const FIELD = {
  halfWidthX: 4096,
  halfLengthY: 5120,
  goalHalfWidth: 893,
  goalDepth: 880,
  cornerChamfer: 1152,
  centreCircle: 1000,
} as const;

export interface Projection {
  scale: number;
  width: number;
  height: number;
  toCanvas(x: number, y: number): [number, number];
  /** The inverse: a point on the canvas (css px) back to field uu. */
  toField(cx: number, cy: number): { x: number; y: number };
}

/** Fit the field plus goals into `width` css px, preserving aspect. */
export function projectionFor(width: number, margin = 12): Projection {
  const totalLen = 2 * (FIELD.halfLengthY + FIELD.goalDepth);
  const totalWid = 2 * FIELD.halfWidthX;
  const scale = (width - 2 * margin) / totalLen;
  const height = Math.round(totalWid * scale + 2 * margin);
  return {
    scale,
    width,
    height,
    toCanvas(x, y) {
      return [
        margin + (y + FIELD.halfLengthY + FIELD.goalDepth) * scale,
        margin + (FIELD.halfWidthX - x) * scale,
      ];
    },
    toField(cx, cy) {
      return {
        x: FIELD.halfWidthX - (cy - margin) / scale,
        y: (cx - margin) / scale - FIELD.halfLengthY - FIELD.goalDepth,
      };
    },
  };
}

/** Outline of the pitch (without goals) as field-uu points, clockwise. */
export function pitchOutline(): Array<[number, number]> {
  const { halfWidthX: X, halfLengthY: Y, cornerChamfer: c } = FIELD;
  return [
    [-X + c, -Y],
    [X - c, -Y],
    [X, -Y + c],
    [X, Y - c],
    [X - c, Y],
    [-X + c, Y],
    [-X, Y - c],
    [-X, -Y + c],
  ];
}

/** Viewer clock text for seconds since the start of the track: 83.4 → "1:23". */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
