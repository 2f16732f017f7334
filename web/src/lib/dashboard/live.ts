/**
 * Live dashboard: when one of the user's replays finishes (or fails), re-run the loads that
 * depend on the library so Home, Replays, Sessions and Trends update in place.
 */
import type { RealtimeSession } from '$lib/realtime/context';

export const LIBRARY_DEPENDENCY = 'rlcoach:library';

export function onLibraryChange(session: RealtimeSession | null, refresh: () => void): () => void {
  if (!session) return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  // A batch finishing together triggers one reload, not fifty.
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      refresh();
    }, 150);
  };
  session.socket.on('replay:done', schedule);
  session.socket.on('replay:failed', schedule);
  return () => {
    session.socket.off('replay:done', schedule);
    session.socket.off('replay:failed', schedule);
    if (timer) clearTimeout(timer);
  };
}
