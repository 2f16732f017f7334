/**
 * Turning the report's coarse occupancy grid into a map a player can read: a finer grid
 * (bilinear interpolation between cell centres), smoothed with a small Gaussian blur so single
 * cells do not dominate, and a perceptual (viridis) colour for each value. Pure, so tested alone.
 */

/** Rows × cols of non-negative numbers. */
export type Grid = number[][];

/**
 * `factor`× finer in both directions, each fine cell read from the coarse cell centres around it
 * (edges clamp). Total mass is preserved: the result is rescaled to the input's sum.
 */
export function refine(grid: Grid, factor: number): Grid {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || factor < 1) return grid.map((r) => [...r]);
  const at = (r: number, c: number) =>
    grid[Math.min(rows - 1, Math.max(0, r))]?.[Math.min(cols - 1, Math.max(0, c))] ?? 0;
  const out: Grid = [];
  for (let fr = 0; fr < rows * factor; fr++) {
    // Centre of this fine cell in coarse-cell coordinates, relative to coarse centres.
    const y = (fr + 0.5) / factor - 0.5;
    const r0 = Math.floor(y);
    const ty = y - r0;
    const line: number[] = [];
    for (let fc = 0; fc < cols * factor; fc++) {
      const x = (fc + 0.5) / factor - 0.5;
      const c0 = Math.floor(x);
      const tx = x - c0;
      const top = at(r0, c0) * (1 - tx) + at(r0, c0 + 1) * tx;
      const bottom = at(r0 + 1, c0) * (1 - tx) + at(r0 + 1, c0 + 1) * tx;
      line.push(top * (1 - ty) + bottom * ty);
    }
    out.push(line);
  }
  return rescale(out, sum(grid));
}

/** Separable Gaussian blur (sigma in cells, kernel to 3 sigma, edges clamp); mass preserved. */
export function blur(grid: Grid, sigma: number): Grid {
  const rows = grid.length;
  const cols = grid[0]?.length ?? 0;
  if (rows === 0 || cols === 0 || sigma <= 0) return grid.map((r) => [...r]);
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel: number[] = [];
  for (let i = -radius; i <= radius; i++) kernel.push(Math.exp(-(i * i) / (2 * sigma * sigma)));
  const k = kernel.reduce((a, b) => a + b, 0);
  const weights = kernel.map((w) => w / k);
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const across: Grid = grid.map((row) =>
    row.map((_, c) => weights.reduce((acc, w, i) => acc + w * (row[clamp(c + i - radius, cols)] ?? 0), 0)),
  );
  const down: Grid = across.map((row, r) =>
    row.map((_, c) =>
      weights.reduce((acc, w, i) => acc + w * (across[clamp(r + i - radius, rows)]?.[c] ?? 0), 0),
    ),
  );
  return rescale(down, sum(grid));
}

/** The grid a heatmap draws: 4× finer than the report's, blurred by about half a report cell. */
export function smoothHeatmap(grid: Grid, factor = 4, sigma = 2): Grid {
  return blur(refine(grid, factor), sigma);
}

export function sum(grid: Grid): number {
  return grid.reduce((a, row) => a + row.reduce((b, v) => b + v, 0), 0);
}

function rescale(grid: Grid, total: number): Grid {
  const now = sum(grid);
  if (now <= 0) return grid;
  const f = total / now;
  return grid.map((row) => row.map((v) => v * f));
}

/** Viridis, sampled at nine even steps (perceptually uniform, readable for colour-blind players). */
const VIRIDIS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** t in [0, 1] (clamped) → [r, g, b], linear between the viridis samples. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as [number, number, number];
}
