/** Typed Socket.IO server and socket, parametrised by the shared event maps. */
import type { Server, Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SocketData,
} from '@rlcoach/db/contracts/socket-events';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type InterServerEvents = {};
export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
