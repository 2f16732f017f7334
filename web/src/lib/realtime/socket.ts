/**
 * The typed Socket.IO client. The token is read on every (re)connect, so a refreshed one is used;
 * a refused handshake is retried with jittered backoff (reconnect.ts), so the socket always comes back.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@rlcoach/db/contracts/socket-events';
import { DEFAULT_BACKOFF, retryRefusals, type Backoff } from './reconnect';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeConnection {
  socket: RealtimeSocket;
  /** Disconnect for good: also cancels a pending retry, which `socket.disconnect()` alone would not. */
  close(): void;
}

export function connectRealtime(
  url: string,
  token: () => string,
  refreshToken: () => Promise<void>,
  backoff: Backoff = DEFAULT_BACKOFF,
): RealtimeConnection {
  const socket: RealtimeSocket = io(url, {
    auth: (cb) => cb({ token: token() }),
    transports: ['websocket', 'polling'],
    reconnectionDelayMax: 5000,
    autoConnect: false,
  });
  const stopRetrying = retryRefusals(socket, refreshToken, backoff);
  return {
    socket,
    close() {
      stopRetrying();
      socket.disconnect();
    },
  };
}
