/**
 * Live status to uploaders: emits to `user:<id>` for every owner of a replay through the
 * Socket.IO Redis emitter (same key as the realtime servers' adapter), so a browser connected
 * to any realtime node receives it.
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { readReplayOutcome, replayOwnerIds, ReplayStatus, type MikroORM } from '@rlcoach/db';
import {
  userRoom,
  type ReplayProgress,
  type Scoreboard,
  type WorkerToClientEvents,
} from '@rlcoach/db/contracts/socket-events';

/** What a job committed: the final status and the scoreboard it saved. */
export interface SavedOutcome {
  status: 'analysed' | 'partial' | 'failed';
  scoreboard: Scoreboard;
}

export class StatusPublisher {
  private readonly emitter: Emitter<WorkerToClientEvents>;
  /** Owners rarely change during a job; cache briefly to avoid a query per progress tick. */
  private readonly owners = new Map<string, { ids: string[]; at: number }>();
  /**
   * Each emit awaits an owner lookup first; without a queue a later stage whose lookup returns
   * sooner would overtake an earlier one (a bar seen going "saving → analysing"). One chain per
   * replay keeps its events in the order the job reported them.
   */
  private readonly chains = new Map<string, Promise<void>>();

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
    const ids = await replayOwnerIds(this.orm.em.fork(), replayId);
    this.owners.set(replayId, { ids, at: Date.now() });
    return ids.map(userRoom);
  }

  private inOrder(replayId: string, emit: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(replayId) ?? Promise.resolve()).then(emit, emit);
    const settled = next.catch(() => undefined);
    this.chains.set(replayId, settled);
    void settled.then(() => {
      if (this.chains.get(replayId) === settled) this.chains.delete(replayId);
    });
    return next;
  }

  progress(p: ReplayProgress): Promise<void> {
    return this.inOrder(p.replayId, async () => {
      const rooms = await this.ownerRooms(p.replayId);
      if (rooms.length > 0) this.emitter.to(rooms).emit('replay:progress', p);
    });
  }

  /**
   * After a successful job: announce the committed result. `saved` is what the job itself just
   * committed (status and scoreboard), sparing the read-back of the replay and its result row;
   * without it (a re-analysis) both are read.
   */
  done(replayId: string, saved?: SavedOutcome): Promise<void> {
    return this.inOrder(replayId, () =>
      saved ? this.announceSaved(replayId, saved) : this.announceDone(replayId),
    );
  }

  private async announceSaved(replayId: string, saved: SavedOutcome): Promise<void> {
    const rooms = await this.ownerRooms(replayId, true);
    this.owners.delete(replayId);
    if (rooms.length === 0) return;
    if (saved.status === ReplayStatus.Failed) return this.announceDone(replayId);
    this.emitter
      .to(rooms)
      .emit('replay:done', { replayId, status: saved.status, scoreboard: saved.scoreboard });
  }

  private async announceDone(replayId: string): Promise<void> {
    const outcome = await readReplayOutcome(this.orm.em.fork(), replayId);
    if (!outcome) return;
    const rooms = await this.ownerRooms(replayId, true);
    this.owners.delete(replayId);
    if (rooms.length === 0) return;
    if (outcome.status === ReplayStatus.Failed) {
      this.emitter
        .to(rooms)
        .emit('replay:failed', { replayId, reason: outcome.error ?? 'This replay could not be processed.' });
      return;
    }
    if (outcome.status !== ReplayStatus.Analysed && outcome.status !== ReplayStatus.Partial) return;
    if (!outcome.scoreboard) return;
    this.emitter.to(rooms).emit('replay:done', {
      replayId,
      status: outcome.status,
      scoreboard: outcome.scoreboard as unknown as Scoreboard,
    });
  }

  failed(replayId: string, reason: string): Promise<void> {
    return this.inOrder(replayId, async () => {
      const rooms = await this.ownerRooms(replayId, true);
      this.owners.delete(replayId);
      if (rooms.length > 0) this.emitter.to(rooms).emit('replay:failed', { replayId, reason });
    });
  }
}
