/** Live export status to the requesting user's room only, through the Socket.IO Redis emitter. */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import {
  userRoom,
  type ExportFailed,
  type ExportProgress,
  type ExportReady,
  type WorkerToClientEvents,
} from '@rlcoach/db/contracts/socket-events';

export interface ExportEvents {
  progress(userId: string, p: ExportProgress): void;
  ready(userId: string, p: ExportReady): void;
  failed(userId: string, p: ExportFailed): void;
}

export function exportEventsVia(redis: Redis, socketIoKey: string): ExportEvents {
  const emitter = new Emitter<WorkerToClientEvents>(redis, { key: socketIoKey });
  return {
    progress: (userId, p) => emitter.to(userRoom(userId)).emit('export:progress', p),
    ready: (userId, p) => emitter.to(userRoom(userId)).emit('export:ready', p),
    failed: (userId, p) => emitter.to(userRoom(userId)).emit('export:failed', p),
  };
}
