import type { EntityPose, TrackEntity } from '@rlcoach/parser/track/index';
import { FIELD, pitchOutline, type Projection } from './field';
import { placeLabels, type LabelBox } from './labels';

export interface DrawStyle {
  blue: string;
  orange: string;
  ball: string;
  pitch: string;
  lines: string;
  text: string;
  highlight: string;
}

export const DEFAULT_STYLE: DrawStyle = {
  blue: '#4c9dff',
  orange: '#ff9f43',
  ball: '#f5f5f5',
  pitch: '#123524',
  lines: 'rgba(255,255,255,0.35)',
  text: '#e6edf3',
  highlight: '#ffe066',
};

export function drawField(ctx: CanvasRenderingContext2D, p: Projection, style = DEFAULT_STYLE): void {
  ctx.clearRect(0, 0, p.width, p.height);
  ctx.fillStyle = style.pitch;
  ctx.strokeStyle = style.lines;
  ctx.lineWidth = 2;
  ctx.beginPath();
  pitchOutline().forEach(([x, y], i) => {
    const [cx, cy] = p.toCanvas(x, y);
    if (i === 0) ctx.moveTo(cx, cy);
    else ctx.lineTo(cx, cy);
  });
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  // Goals
  for (const [sign, colour] of [
    [-1, style.blue],
    [1, style.orange],
  ] as const) {
    const [x0, y0] = p.toCanvas(FIELD.goalHalfWidth, sign * FIELD.halfLengthY);
    const [x1, y1] = p.toCanvas(-FIELD.goalHalfWidth, sign * (FIELD.halfLengthY + FIELD.goalDepth));
    ctx.fillStyle = colour;
    ctx.globalAlpha = 0.35;
    ctx.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    ctx.globalAlpha = 1;
  }
  // Halfway line and centre circle
  const [hx0, hy0] = p.toCanvas(FIELD.halfWidthX, 0);
  const [hx1, hy1] = p.toCanvas(-FIELD.halfWidthX, 0);
  ctx.beginPath();
  ctx.moveTo(hx0, hy0);
  ctx.lineTo(hx1, hy1);
  ctx.stroke();
  const [cx, cy] = p.toCanvas(0, 0);
  ctx.beginPath();
  ctx.arc(cx, cy, FIELD.centreCircle * p.scale, 0, Math.PI * 2);
  ctx.stroke();
}

/** Cars as oriented triangles with their boost as a bar; the ball as a disc sized by height. */
export function drawEntities(
  ctx: CanvasRenderingContext2D,
  p: Projection,
  poses: readonly EntityPose[],
  entities: readonly TrackEntity[],
  meKey: string | null,
  style = DEFAULT_STYLE,
): void {
  const carLen = Math.max(8, 240 * p.scale);
  const labels: Array<LabelBox & { text: string; carX: number; carY: number }> = [];
  ctx.font = '11px system-ui, sans-serif';
  for (const pose of poses) {
    const e = entities[pose.entity];
    if (!e) continue;
    const [x, y] = p.toCanvas(pose.x, pose.y);
    if (e.kind === 'ball') {
      const r = Math.max(5, (93 + pose.z * 0.05) * p.scale * 1.6);
      ctx.fillStyle = style.ball;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    // Heading (cos yaw, sin yaw) in field uu; the projection sends +y right and +x up, so the
    // canvas angle is yaw − 90°.
    ctx.save();
    ctx.translate(x, y);
    ctx.rotate(pose.yaw - Math.PI / 2);
    ctx.fillStyle = e.team === 1 ? style.orange : style.blue;
    ctx.beginPath();
    ctx.moveTo(carLen / 2, 0);
    ctx.lineTo(-carLen / 2, carLen / 3);
    ctx.lineTo(-carLen / 2, -carLen / 3);
    ctx.closePath();
    ctx.fill();
    if (e.key !== null && e.key === meKey) {
      ctx.strokeStyle = style.highlight;
      ctx.lineWidth = 2;
      ctx.stroke();
    }
    ctx.restore();
    const text = `${e.name ?? '?'} ${pose.boost}`;
    labels.push({
      text,
      x,
      y: y - carLen * 0.8,
      width: ctx.measureText(text).width + 4,
      height: 12,
      carX: x,
      carY: y,
    });
  }
  // Names last, over every car, nudged apart and kept inside the canvas.
  const spots = placeLabels(labels, { width: p.width, height: p.height });
  ctx.textAlign = 'center';
  labels.forEach((l, i) => {
    const at = spots[i]!;
    if (Math.abs(at.y - l.y) > 1) {
      // Moved: a faint leader line back to its car.
      ctx.strokeStyle = 'rgba(230,237,243,0.35)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(at.x, at.y + (at.y < l.carY ? 2 : -l.height));
      ctx.lineTo(l.carX, l.carY);
      ctx.stroke();
    }
    ctx.fillStyle = 'rgba(13,17,23,0.6)';
    ctx.fillRect(at.x - l.width / 2, at.y - l.height + 2, l.width, l.height);
    ctx.fillStyle = style.text;
    ctx.fillText(l.text, at.x, at.y);
  });
}
