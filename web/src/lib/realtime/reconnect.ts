/**
 * Bring a refused socket back. Socket.IO retries a dropped transport by itself, but a handshake
 * the server refuses (RATE_LIMITED after a restart's reconnect storm, an expired token after the
 * laptop slept, SERVICE_UNAVAILABLE while Redis restarts) leaves the socket closed for good.
 * Every refusal is retried here with jittered exponential backoff, so the clients returning after
 * a server restart spread out instead of hammering it in step; a token refusal first fetches a
 * fresh token.
 */
import type { Socket } from 'socket.io-client';

/** Refusals that a fresh token cures (the server sends the code in `err.data.code`). */
const TOKEN_CODES = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED']);

export interface Backoff {
  /** Ceiling of the first delay. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  /** [0, 1) source of jitter; Math.random unless a test pins it. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 30_000 };

/** The wait before retry number `attempt` (0-based): half the ceiling plus a random half ("equal jitter"). */
export function backoffDelay(attempt: number, backoff: Backoff): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  const random = backoff.random ?? Math.random;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function codeOf(err: Error): string | undefined {
  const code = (err as Error & { data?: { code?: unknown } }).data?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Retry every refused handshake of `socket`; returns a function that stops retrying. */
export function retryRefusals(
  socket: Socket,
  refreshToken: () => Promise<void>,
  backoff: Backoff = DEFAULT_BACKOFF,
): () => void {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  socket.on('connect', () => {
    attempt = 0;
  });
  socket.on('connect_error', (err) => {
    // An active socket is still retrying the transport on its own.
    if (stopped || socket.active) return;
    const code = codeOf(err);
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        const ready =
          code && TOKEN_CODES.has(code) ? refreshToken().catch(() => undefined) : Promise.resolve();
        void ready.then(() => {
          if (!stopped && !socket.connected && !socket.active) socket.connect();
        });
      },
      backoffDelay(attempt++, backoff),
    );
  });
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
