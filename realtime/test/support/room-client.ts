/**
 * A review-room client for tests and the bench, built on db's sync module exactly as the browser
 * is: it estimates the server clock NTP-style, keeps the newest playback state by seq, reports its
 * position at any moment, keeps chat and annotations by id, and, when its node goes away, moves to
 * another node, joins again, re-syncs and resends what was never acknowledged.
 * `skewMs` gives the client a wrong clock, so the offset estimate has real work to do.
 */
import { randomUUID } from 'node:crypto';
import type {
  PlaybackState,
  RoomAnnotateInput,
  RoomAnnotation,
  RoomChatMessage,
  RoomControl,
  RoomJoined,
  RoomLive,
} from '@rlcoach/db/contracts/rooms';
import type { Ack } from '@rlcoach/db/contracts/socket-events';
import { ClockSync, newerState, positionAt } from '@rlcoach/db/rooms/sync-clock';
import { client, connected, type TestClient } from './node.js';

export class RoomCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export class RoomTestClient {
  socket: TestClient | null = null;
  readonly clock = new ClockSync();
  state: PlaybackState | null = null;
  driverId: string | null = null;
  joined: RoomJoined | null = null;
  readonly chat = new Map<string, RoomChatMessage>();
  readonly annotations = new Map<string, RoomAnnotation>();
  /** Every chat event received, duplicates included (the map above keeps one per id). */
  readonly chatEvents: RoomChatMessage[] = [];
  /** Messages sent but not acknowledged yet, by client id: resent after a reconnect. */
  private readonly outbox = new Map<string, string>();
  private roomId: string | null = null;
  private invite: string | undefined;
  private moving: Promise<void> | null = null;

  constructor(
    readonly name: string,
    private readonly token: string,
    private urls: string[],
    readonly skewMs = 0,
  ) {}

  /** This client's (possibly wrong) clock. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  async connect(url = this.urls[0]!): Promise<void> {
    const socket = await connected(client(url, this.token));
    this.socket = socket;
    socket.on('room:playback', (e) => {
      if (e.roomId === this.roomId) this.state = newerState(this.state, e.playback);
    });
    socket.on('room:driver', (e) => {
      if (e.roomId === this.roomId) this.driverId = e.driverId;
    });
    socket.on('room:chat', (m) => {
      this.chatEvents.push(m);
      this.chat.set(m.id, m);
    });
    socket.on('room:annotation', (a) => this.annotations.set(a.id, a));
    socket.on('room:annotation-deleted', (e) => this.annotations.delete(e.annotationId));
    socket.on('disconnect', (reason) => {
      // Our own disconnect() is final; a server going away sends us to another node.
      if (reason !== 'io client disconnect' && this.roomId) void this.moveOn(url);
    });
  }

  /** Drop the dead node, connect to the next, join again, re-sync, resend the unacknowledged. */
  private moveOn(deadUrl: string): Promise<void> {
    this.urls = this.urls.filter((u) => u !== deadUrl);
    this.moving ??= (async () => {
      await this.connect(this.urls[0]);
      await this.join(this.roomId!, this.invite);
      await this.sync();
      for (const [clientId, text] of this.outbox) await this.sendChat(text, clientId).catch(() => {});
    })().finally(() => (this.moving = null));
    return this.moving;
  }

  /** Resolves once a move to another node (if one is under way) has finished. */
  async settled(): Promise<void> {
    while (this.moving) await this.moving;
  }

  call<T>(event: string, payload: unknown): Promise<T> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new RoomCallError('DISCONNECTED', 'not connected'));
    return new Promise((resolve, reject) => {
      // An acknowledgement never comes from a node that went away: fail the call instead of hanging.
      const lost = () => reject(new RoomCallError('DISCONNECTED', 'the node went away before answering'));
      socket.once('disconnect', lost);
      (socket as unknown as { emit(e: string, p: unknown, a: (r: Ack<T>) => void): void }).emit(
        event,
        payload,
        (r) => {
          socket.off('disconnect', lost);
          if (r.ok) resolve(r.data);
          else reject(new RoomCallError(r.error.code, r.error.message));
        },
      );
    });
  }

  async join(roomId: string, invite?: string): Promise<RoomJoined> {
    const joined = await this.call<RoomJoined>('room:join', { roomId, ...(invite ? { invite } : {}) });
    this.roomId = roomId;
    this.invite = invite;
    this.joined = joined;
    this.state = newerState(this.state, joined.live.playback);
    this.driverId = joined.live.driverId;
    for (const m of joined.chat) this.chat.set(m.id, m);
    for (const a of joined.annotations) this.annotations.set(a.id, a);
    return joined;
  }

  /** A burst of clock pings (NTP-style); the lowest-delay sample wins. */
  async sync(count = 6): Promise<number> {
    return this.clock.burst(
      async (clientSentAt) =>
        (await this.call<{ serverTime: number }>('room:time', { clientSentAt })).serverTime,
      () => this.now(),
      count,
    );
  }

  /** Where this client shows the replay right now (replay seconds). */
  position(): number {
    if (!this.state) throw new Error(`${this.name} has no playback state`);
    return positionAt(this.state, this.clock.serverNow(this.now()));
  }

  async control(control: Omit<RoomControl, 'roomId'>): Promise<RoomLive> {
    const live = await this.call<RoomLive>('room:control', { ...control, roomId: this.roomId });
    this.state = newerState(this.state, live.playback);
    return live;
  }

  /** Send a chat message; kept in the outbox until acknowledged (resent after a move). */
  async sendChat(text: string, clientId: string = randomUUID()): Promise<RoomChatMessage> {
    this.outbox.set(clientId, text);
    const m = await this.call<RoomChatMessage>('room:chat', { roomId: this.roomId, clientId, text });
    this.outbox.delete(clientId);
    this.chat.set(m.id, m);
    return m;
  }

  async annotate(a: Omit<RoomAnnotateInput, 'roomId' | 'clientId'>): Promise<RoomAnnotation> {
    const saved = await this.call<RoomAnnotation>('room:annotate', {
      ...a,
      roomId: this.roomId,
      clientId: randomUUID(),
    });
    this.annotations.set(saved.id, saved);
    return saved;
  }

  close(): void {
    this.roomId = null;
    this.socket?.disconnect();
  }
}
