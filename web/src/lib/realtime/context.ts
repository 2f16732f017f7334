/** The page-wide realtime session (socket + tracker), shared through Svelte context. Browser only. */
import { getContext, setContext } from 'svelte';
import { connectRealtime, type RealtimeSocket } from './socket';
import { ReplayTracker, type SnapshotFetcher } from './replay-tracker.svelte';

export interface RealtimeSession {
  socket: RealtimeSocket;
  tracker: ReplayTracker;
  /** Disconnect for good (leaving the signed-in area), pending retries included. */
  close(): void;
}

const KEY = Symbol('realtime');

export function createRealtimeSession(
  url: string,
  token: () => string,
  fetchSnapshot: SnapshotFetcher,
  refreshToken: () => Promise<void>,
): RealtimeSession {
  // Every refused handshake is retried with backoff; token refusals fetch a fresh token first.
  const { socket, close } = connectRealtime(url, token, refreshToken);
  return { socket, tracker: new ReplayTracker(socket, fetchSnapshot), close };
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
