import { ReplayError, type ParsedReplay } from '../../src/index.js';

export type Outcome =
  { kind: 'result'; result: ParsedReplay; ms: number } | { kind: 'error'; error: ReplayError; ms: number };

/** Run a parse and classify the outcome; anything other than a result or a ReplayError is rethrown (a test failure). */
export function outcomeOf(run: () => ParsedReplay): Outcome {
  const t0 = performance.now();
  try {
    const result = run();
    return { kind: 'result', result, ms: performance.now() - t0 };
  } catch (e) {
    if (e instanceof ReplayError) return { kind: 'error', error: e, ms: performance.now() - t0 };
    throw new Error(`untyped exception escaped the parser: ${String(e)}`, { cause: e });
  }
}
