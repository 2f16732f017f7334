/**
 * When the upload client sends files again by itself: a busy or briefly broken backend (503 with
 * Retry-After for the whole batch, SERVICE_UNAVAILABLE for single files inside a 200, the realtime
 * node unreachable) is retried automatically with jitter, so a crowd of clients does not return
 * in the same second; everything else waits for the player. Pure, so the policy is unit-tested.
 */

/** Codes that mean "the file was fine, the service was not": sent again without asking. */
export const AUTO_RETRY_CODES = new Set(['SERVICE_UNAVAILABLE', 'QUEUE_BUSY', 'NETWORK', 'NO_ANSWER']);

/** After this many automatic attempts the row keeps its Retry button and waits for the player. */
export const MAX_AUTO_RETRIES = 8;

/** Ceiling of the exponential backoff when the server named no delay. */
const MAX_BACKOFF_MS = 30_000;

/**
 * Delay before automatic attempt `attempt` (1 = the first retry): the server's Retry-After when it
 * gave one, else 1 s, 2 s, 4 s … (at most 30 s); then up to +50 % random jitter.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | null,
  random: () => number = Math.random,
): number {
  const base =
    retryAfterSeconds !== null && retryAfterSeconds > 0
      ? retryAfterSeconds * 1000
      : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + 0.5 * random()));
}

export function shouldAutoRetry(code: string, attemptsSoFar: number): boolean {
  return AUTO_RETRY_CODES.has(code) && attemptsSoFar < MAX_AUTO_RETRIES;
}
