/** Epoch milliseconds with sub-millisecond precision, comparable between threads (timeOrigin + now). */
export const epochMs = (): number => performance.timeOrigin + performance.now();
