/**
 * One review room in the browser: joins over the page's socket, keeps the server clock estimate
 * (db's sync module), the newest playback state by seq, presence, chat and annotations (one per
 * id), and re-joins after every reconnect. The page reads its reactive fields; it never talks to
 * the socket itself.
 */
import type {
  AnnotationKind,
  FieldPoint,
  PlaybackState,
  RoomAnnotation,
  RoomChatMessage,
  RoomControl,
  RoomJoined,
  RoomLive,
  RoomPresence,
} from '@rlcoach/db/contracts/rooms';
import type { Ack } from '@rlcoach/db/contracts/socket-events';
import { ClockSync, keepClockSynced, newerState, positionAt } from '@rlcoach/db/rooms/sync-clock';
import type { RealtimeSocket } from '$lib/realtime/socket';

export interface LivePointer {
  userId: string;
  x: number;
  y: number;
  at: number;
}

type Distribute<T> = T extends unknown ? Omit<T, 'roomId'> : never;
export type ControlInput = Distribute<RoomControl>;

export class RoomSession {
  joined: RoomJoined | null = $state(null);
  error: string | null = $state(null);
  state: PlaybackState | null = $state(null);
  driverId: string | null = $state(null);
  presence: RoomPresence | null = $state(null);
  chat: RoomChatMessage[] = $state([]);
  annotations: RoomAnnotation[] = $state([]);
  pointers: Record<string, LivePointer> = $state({});
  typing: Record<string, boolean> = $state({});
  /** Set when a command was refused (shown briefly by the page). */
  notice: string | null = $state(null);
  readonly clock = new ClockSync();
  private stopSync: (() => void) | null = null;
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly socket: RealtimeSocket,
    readonly roomId: string,
    readonly userId: string,
  ) {}

  get role() {
    return this.joined?.me.role ?? null;
  }

  /** Whether this member's controls move the room (driver, or anyone but viewers in "everyone" mode). */
  get canControl(): boolean {
    const j = this.joined;
    if (!j || j.me.role === 'viewer') return false;
    return j.room.controlMode === 'everyone' || this.driverId === this.userId;
  }

  /** Where the room is now, in replay seconds (clamped to `end`). */
  roomPosition(end = Infinity): number | null {
    return this.state ? positionAt(this.state, this.clock.serverNow(Date.now()), end) : null;
  }

  start(): void {
    const s = this.socket;
    const on = <E extends Parameters<RealtimeSocket['on']>[0]>(
      event: E,
      fn: Parameters<RealtimeSocket['on']>[1],
    ) => {
      s.on(event, fn as never);
      this.off.push(() => s.off(event, fn as never));
    };
    on('room:playback', ((e: { roomId: string; playback: PlaybackState }) => {
      if (e.roomId === this.roomId) this.state = newerState(this.state, e.playback);
    }) as never);
    on('room:driver', ((e: { roomId: string; driverId: string }) => {
      if (e.roomId === this.roomId) this.driverId = e.driverId;
    }) as never);
    on('room:presence', ((p: RoomPresence) => {
      if (p.roomId === this.roomId) {
        this.presence = p;
        this.driverId = p.driverId || this.driverId;
      }
    }) as never);
    on('room:typing', ((e: { roomId: string; userId: string; typing: boolean }) => {
      if (e.roomId === this.roomId) this.typing = { ...this.typing, [e.userId]: e.typing };
    }) as never);
    on('room:pointer', ((e: { roomId: string; userId: string; x: number; y: number }) => {
      if (e.roomId === this.roomId)
        this.pointers = {
          ...this.pointers,
          [e.userId]: { userId: e.userId, x: e.x, y: e.y, at: Date.now() },
        };
    }) as never);
    on('room:chat', ((m: RoomChatMessage) => {
      if (m.roomId === this.roomId) this.addChat([m]);
    }) as never);
    on('room:annotation', ((a: RoomAnnotation) => {
      if (a.roomId === this.roomId) this.addAnnotations([a]);
    }) as never);
    on('room:annotation-deleted', ((e: { roomId: string; annotationId: string }) => {
      if (e.roomId === this.roomId)
        this.annotations = this.annotations.filter((a) => a.id !== e.annotationId);
    }) as never);
    // Every (re)connect: join again (the new node learns our seat) and re-sync the clock.
    on('connect', (() => void this.join()) as never);
    if (s.connected) void this.join();
  }

  stop(): void {
    this.stopSync?.();
    for (const off of this.off.splice(0)) off();
    if (this.socket.connected) this.socket.emit('room:leave', { roomId: this.roomId }, () => {});
  }

  private call<T>(event: string, payload: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      (this.socket as unknown as { emit(e: string, p: unknown, a: (r: Ack<T>) => void): void }).emit(
        event,
        payload,
        (r) => (r.ok ? resolve(r.data) : reject(new Error(r.error.message))),
      );
    });
  }

  private async join(): Promise<void> {
    try {
      const j = await this.call<RoomJoined>('room:join', { roomId: this.roomId });
      this.joined = j;
      this.error = null;
      this.state = newerState(this.state, j.live.playback);
      this.driverId = j.live.driverId;
      this.presence = j.presence;
      this.addChat(j.chat);
      this.addAnnotations(j.annotations);
      this.stopSync?.();
      const sync = keepClockSynced(
        this.clock,
        async (clientSentAt) =>
          (await this.call<{ serverTime: number }>('room:time', { clientSentAt })).serverTime,
        () => Date.now(),
        { intervalMs: 30_000, burst: 6 },
      );
      this.stopSync = sync.stop;
      await sync.first;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private addChat(ms: RoomChatMessage[]): void {
    const byId = new Map(this.chat.map((m) => [m.id, m]));
    for (const m of ms) byId.set(m.id, m);
    this.chat = [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private addAnnotations(as: RoomAnnotation[]): void {
    const byId = new Map(this.annotations.map((a) => [a.id, a]));
    for (const a of as) byId.set(a.id, a);
    this.annotations = [...byId.values()].sort((a, b) => a.time - b.time);
  }

  private refused(e: unknown): void {
    this.notice = e instanceof Error ? e.message : String(e);
    setTimeout(() => (this.notice = null), 4000);
  }

  async control(c: ControlInput): Promise<void> {
    try {
      const live = await this.call<RoomLive>('room:control', { ...c, roomId: this.roomId });
      this.state = newerState(this.state, live.playback);
    } catch (e) {
      this.refused(e);
    }
  }

  async passDriver(toUserId: string): Promise<void> {
    try {
      const live = await this.call<RoomLive>('room:pass-driver', { roomId: this.roomId, toUserId });
      this.driverId = live.driverId;
    } catch (e) {
      this.refused(e);
    }
  }

  async sendChat(text: string): Promise<boolean> {
    try {
      const m = await this.call<RoomChatMessage>('room:chat', {
        roomId: this.roomId,
        clientId: crypto.randomUUID(),
        text,
      });
      this.addChat([m]);
      return true;
    } catch (e) {
      this.refused(e);
      return false;
    }
  }

  async annotate(a: {
    time: number;
    kind: AnnotationKind;
    text?: string;
    points: FieldPoint[];
  }): Promise<void> {
    try {
      const saved = await this.call<RoomAnnotation>('room:annotate', {
        ...a,
        roomId: this.roomId,
        clientId: crypto.randomUUID(),
      });
      this.addAnnotations([saved]);
    } catch (e) {
      this.refused(e);
    }
  }

  async deleteAnnotation(annotationId: string): Promise<void> {
    try {
      await this.call('room:annotation-delete', { roomId: this.roomId, annotationId });
      this.annotations = this.annotations.filter((a) => a.id !== annotationId);
    } catch (e) {
      this.refused(e);
    }
  }

  setTyping(typing: boolean): void {
    this.socket.emit('room:typing', { roomId: this.roomId, typing });
  }

  private lastPointer = 0;
  /** Throttled to 10 a second on this side (the server allows 20). */
  pointer(x: number, y: number, time: number): void {
    const now = Date.now();
    if (now - this.lastPointer < 100) return;
    this.lastPointer = now;
    this.socket.emit('room:pointer', { roomId: this.roomId, x, y, time: Math.max(0, time) });
  }
}
