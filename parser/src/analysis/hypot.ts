/**
 * Math.hypot without its allocation: V8's builtin copies its arguments into a fresh array on
 * every call, which made it the analysis' second-largest source of garbage. These follow V8's
 * algorithm step for step (absolute values, normalise by the largest, Kahan-compensated sum of
 * squares, sqrt × largest), so they return the very same doubles: reports stay byte for byte
 * (test/unit/hypot.test.ts compares them with Math.hypot).
 */

/** Math.hypot(a, b), bit for bit. */
export function hypot2(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b))
    return Math.abs(a) === Infinity || Math.abs(b) === Infinity ? Infinity : NaN;
  a = Math.abs(a);
  b = Math.abs(b);
  const max = a > b ? a : b;
  if (max === Infinity) return Infinity;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  let n = a / max;
  let summand = n * n - compensation;
  let preliminary = sum + summand;
  compensation = preliminary - sum - summand;
  sum = preliminary;
  n = b / max;
  summand = n * n - compensation;
  preliminary = sum + summand;
  sum = preliminary;
  return Math.sqrt(sum) * max;
}

/** Math.hypot(a, b, c), bit for bit. */
export function hypot3(a: number, b: number, c: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c))
    return Math.abs(a) === Infinity || Math.abs(b) === Infinity || Math.abs(c) === Infinity ? Infinity : NaN;
  a = Math.abs(a);
  b = Math.abs(b);
  c = Math.abs(c);
  let max = a > b ? a : b;
  if (c > max) max = c;
  if (max === Infinity) return Infinity;
  if (max === 0) return 0;
  let sum = 0;
  let compensation = 0;
  let n = a / max;
  let summand = n * n - compensation;
  let preliminary = sum + summand;
  compensation = preliminary - sum - summand;
  sum = preliminary;
  n = b / max;
  summand = n * n - compensation;
  preliminary = sum + summand;
  compensation = preliminary - sum - summand;
  sum = preliminary;
  n = c / max;
  summand = n * n - compensation;
  preliminary = sum + summand;
  sum = preliminary;
  return Math.sqrt(sum) * max;
}
