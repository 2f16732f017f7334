/**
 * Live status to uploaders: emits to `user:<id>` for every owner of a replay through the
 * Socket.IO Redis emitter (same key as the realtime servers' adapter), so a browser connected
 * to any realtime node receives it.
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { Replay, ReplayResult, ReplayStatus, type MikroORM } from '@rlcoach/db';
import {
  userRoom,
  type ReplayProgress,
  type Scoreboard,
  type WorkerToClientEvents,
} from '@rlcoach/db/contracts/socket-events';

export class StatusPublisher {
  private readonly emitter: Emitter<WorkerToClientEvents>;
  /** Owners rarely change during a job; cache briefly to avoid a query per progress tick. */
  private readonly owners = new Map<string, { ids: string[]; at: number }>();

  constructor(
    private readonly orm: MikroORM,
    redis: Redis,
    key: string,
  ) {
    this.emitter = new Emitter<WorkerToClientEvents>(redis, { key });
  }

  private async ownerRooms(replayId: string, fresh = false): Promise<string[]> {
    const hit = this.owners.get(replayId);
    if (!fresh && hit && Date.now() - hit.at < 5_000) return hit.ids.map(userRoom);
    const ids = await this.orm.em.fork().getRepository(Replay).ownerIds(replayId);
    this.owners.set(replayId, { ids, at: Date.now() });
    return ids.map(userRoom);
  }

  async progress(p: ReplayProgress): Promise<void> {
    const rooms = await this.ownerRooms(p.replayId);
    if (rooms.length > 0) this.emitter.to(rooms).emit('replay:progress', p);
  }

  /** After a successful job: read the committed result and announce it. */
  async done(replayId: string): Promise<void> {
    const em = this.orm.em.fork();
    const replay = await em.findOne(Replay, replayId);
    if (!replay) return;
    const rooms = await this.ownerRooms(replayId, true);
    this.owners.delete(replayId);
    if (rooms.length === 0) return;
    if (replay.status === ReplayStatus.Failed) {
      this.emitter
        .to(rooms)
        .emit('replay:failed', { replayId, reason: replay.error ?? 'This replay could not be processed.' });
      return;
    }
    if (replay.status !== ReplayStatus.Analysed && replay.status !== ReplayStatus.Partial) return;
    const result = await em.findOne(ReplayResult, { replay: replayId });
    if (!result) return;
    this.emitter.to(rooms).emit('replay:done', {
      replayId,
      status: replay.status,
      scoreboard: result.scoreboard as unknown as Scoreboard,
    });
  }

  async failed(replayId: string, reason: string): Promise<void> {
    const rooms = await this.ownerRooms(replayId, true);
    this.owners.delete(replayId);
    if (rooms.length > 0) this.emitter.to(rooms).emit('replay:failed', { replayId, reason });
  }
}
