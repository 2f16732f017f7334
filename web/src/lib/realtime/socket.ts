/** The typed Socket.IO client. The token is read on every (re)connect, so a refreshed one is used. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@rlcoach/db/contracts/socket-events';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectRealtime(url: string, token: () => string): RealtimeSocket {
  return io(url, {
    auth: (cb) => cb({ token: token() }),
    transports: ['websocket', 'polling'],
    reconnectionDelayMax: 5000,
    autoConnect: false,
  });
}
