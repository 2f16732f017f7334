/** The page-wide realtime session (socket + tracker), shared through Svelte context. Browser only. */
import { getContext, setContext } from 'svelte';
import { connectRealtime, type RealtimeSocket } from './socket';
import { ReplayTracker, type SnapshotFetcher } from './replay-tracker.svelte';

export interface RealtimeSession {
  socket: RealtimeSocket;
  tracker: ReplayTracker;
}

const KEY = Symbol('realtime');

/** Handshake refusals that a fresh token cures (the server sends the code in `err.data.code`). */
const TOKEN_CODES = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED']);
/** At most one token refresh per this interval, so a persistent refusal cannot loop. */
const REFRESH_GAP_MS = 10_000;

export function createRealtimeSession(
  url: string,
  token: () => string,
  fetchSnapshot: SnapshotFetcher,
  refreshToken: () => Promise<void>,
): RealtimeSession {
  const socket = connectRealtime(url, token);
  let lastRefresh = 0;
  // A refused handshake is not retried by Socket.IO itself (e.g. the token lapsed while the laptop
  // slept): get a fresh token from the server, then connect again.
  socket.on('connect_error', (err) => {
    const code = (err as Error & { data?: { code?: unknown } }).data?.code;
    if (socket.active || typeof code !== 'string' || !TOKEN_CODES.has(code)) return;
    const wait = Math.max(0, lastRefresh + REFRESH_GAP_MS - Date.now());
    setTimeout(() => {
      lastRefresh = Date.now();
      void refreshToken().then(() => socket.connect());
    }, wait);
  });
  return { socket, tracker: new ReplayTracker(socket, fetchSnapshot) };
}

export function setRealtime(session: RealtimeSession | null): void {
  setContext(KEY, session);
}

/** Null during server rendering. */
export function getRealtime(): RealtimeSession | null {
  return getContext<RealtimeSession | null>(KEY) ?? null;
}

/** Snapshot of one replay from the web server (same origin, session cookie). */
export const fetchSnapshot: SnapshotFetcher = async (replayId) => {
  const res = await fetch(`/api/replays/${encodeURIComponent(replayId)}`, {
    headers: { accept: 'application/json' },
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`snapshot ${res.status}`);
  return res.json();
};
