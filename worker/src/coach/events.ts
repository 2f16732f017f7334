/**
 * The events of one streamed answer, in order: each gets the next seq, is appended to the answer's
 * Redis stream (what a reconnecting client resumes from) and then emitted to `user:<id>` through the
 * Socket.IO Redis emitter (what connected clients see live). One writer per answer, awaited event
 * by event, so seqs never skip and never repeat.
 */
import type { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import type { CoachEvent } from '@rlcoach/db/contracts/coach';
import { userRoom, type WorkerToClientEvents } from '@rlcoach/db/contracts/socket-events';
import { appendCoachEvent } from '@rlcoach/db/coach/event-log';

type Payload<E extends CoachEvent = CoachEvent> = E extends CoachEvent
  ? Omit<E, 'seq' | 'conversationId' | 'messageId'>
  : never;

export class CoachEventWriter {
  constructor(
    private readonly redis: Redis,
    private readonly emitter: Emitter<WorkerToClientEvents>,
    private readonly ids: { userId: string; conversationId: string; messageId: string },
    /** The last seq already written (non-zero when resuming a dead job's log). */
    private seq = 0,
  ) {}

  get lastSeq(): number {
    return this.seq;
  }

  /** Carry on a log an earlier run of the job wrote up to `seq` (the next event gets seq + 1). */
  continueAfter(seq: number): void {
    this.seq = Math.max(this.seq, seq);
  }

  /** The seq the next event will get. */
  get nextSeq(): number {
    return this.seq + 1;
  }

  async push(payload: Payload): Promise<CoachEvent> {
    const event = {
      ...payload,
      conversationId: this.ids.conversationId,
      messageId: this.ids.messageId,
      seq: this.seq + 1,
    } as CoachEvent;
    await appendCoachEvent(this.redis, event);
    this.seq = event.seq;
    const room = this.emitter.to(userRoom(this.ids.userId));
    switch (event.type) {
      case 'thinking':
        room.emit('coach:thinking', event);
        break;
      case 'delta':
        room.emit('coach:delta', event);
        break;
      case 'tool':
        room.emit('coach:tool', event);
        break;
      case 'done':
        room.emit('coach:done', event);
        break;
    }
    return event;
  }
}
