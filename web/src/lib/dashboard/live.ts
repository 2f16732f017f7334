/**
 * Live dashboard: when one of the user's replays finishes (or fails), re-run the loads that
 * depend on the library so Home, Replays, Sessions and Trends update in place.
 *
 * A reload started while the browser is offline fails and SvelteKit would replace the page
 * with its error page, so a change seen while offline is remembered and reloaded when the
 * socket connects again.
 */
import type { RealtimeSession } from '$lib/realtime/context';

export const LIBRARY_DEPENDENCY = 'rlcoach:library';

/** A batch finishing together triggers one reload, not fifty. */
const DEBOUNCE_MS = 150;

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

export function onLibraryChange(session: RealtimeSession | null, refresh: () => void): () => void {
  if (!session) return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const run = () => {
    if (isOffline() || !session.socket.connected) {
      pending = true;
      return;
    }
    pending = false;
    refresh();
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, DEBOUNCE_MS);
  };
  const onConnect = () => {
    if (pending) run();
  };
  session.socket.on('replay:done', schedule);
  session.socket.on('replay:failed', schedule);
  session.socket.on('connect', onConnect);
  return () => {
    session.socket.off('replay:done', schedule);
    session.socket.off('replay:failed', schedule);
    session.socket.off('connect', onConnect);
    if (timer) clearTimeout(timer);
  };
}
