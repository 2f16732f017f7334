import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RealtimeSession } from '$lib/realtime/context';
import { onLibraryChange } from './live';

/** Just enough of a socket for the debounce/offline logic: events plus a `connected` flag. */
function fakeSession() {
  const socket = Object.assign(new EventEmitter(), { connected: true });
  return { session: { socket } as unknown as RealtimeSession, socket };
}

describe('onLibraryChange', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reloads once for a burst of finished replays', () => {
    vi.useFakeTimers();
    const { session, socket } = fakeSession();
    const refresh = vi.fn();
    onLibraryChange(session, refresh);
    socket.emit('replay:done', {});
    socket.emit('replay:failed', {});
    socket.emit('replay:done', {});
    vi.advanceTimersByTime(200);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('defers a reload seen while offline until the socket connects again', () => {
    vi.useFakeTimers();
    vi.stubGlobal('navigator', { onLine: false });
    const { session, socket } = fakeSession();
    const refresh = vi.fn();
    onLibraryChange(session, refresh);
    socket.emit('replay:done', {});
    vi.advanceTimersByTime(200);
    expect(refresh).not.toHaveBeenCalled();
    vi.stubGlobal('navigator', { onLine: true });
    socket.emit('connect');
    expect(refresh).toHaveBeenCalledTimes(1);
    socket.emit('connect');
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('stops listening when disposed', () => {
    vi.useFakeTimers();
    const { session, socket } = fakeSession();
    const refresh = vi.fn();
    const dispose = onLibraryChange(session, refresh);
    socket.emit('replay:done', {});
    dispose();
    vi.advanceTimersByTime(200);
    socket.emit('replay:done', {});
    vi.advanceTimersByTime(200);
    expect(refresh).not.toHaveBeenCalled();
  });
});
