/**
 * The Socket.IO contract, both directions: room names, payloads and event maps. Declared here, in the
 * worker, because the worker emits through the Redis emitter and realtime depends on the worker (a
 * project-reference cycle is not allowed); realtime/src/events.ts re-exports it for servers and clients.
 * Names are `<domain>:<event>` so coach and review rooms can grow beside replays: `coach:token`, `room:join`, …
 */
import type { ProcessingStage, ReplayStatus } from '../enums.js';
import type {
  CoachAsk,
  CoachAskAccepted,
  CoachDelta,
  CoachDone,
  CoachResume,
  CoachResumed,
  CoachThinking,
  CoachTool,
} from './coach.js';
import type { OpsSnapshot } from './ops.js';
import type {
  RoomAnnotateInput,
  RoomAnnotation,
  RoomAnnotationDelete,
  RoomAnnotationDeleted,
  RoomChatInput,
  RoomChatMessage,
  RoomControl,
  RoomDriverEvent,
  RoomJoin,
  RoomJoined,
  RoomPassDriver,
  RoomPlaybackEvent,
  RoomPointerEvent,
  RoomPointerInput,
  RoomPresence,
  RoomRef,
  RoomTimePing,
  RoomTimePong,
  RoomTypingEvent,
  RoomTypingInput,
  RoomLive,
  RoomSeat,
} from './rooms.js';

/** Room names: emits target rooms, never socket ids held in memory. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  replay: (replayId: string) => `replay:${replayId}`,
  /** Admins watching the ops page (joined only after policy.canOperate; left on demotion). */
  ops: () => 'ops',
  /** A review room's Socket.IO room (contracts/rooms.ts): joined only after `room:join` is authorized. */
  review: (roomId: string) => `room:${roomId}`,
} as const;

export interface Scoreboard {
  replayId: string;
  matchGuid: string | null;
  map: { code: string; name: string };
  /** The playlist label every view shows (db/src/repositories/match-labels.ts). */
  playlist: string | null;
  /** Match start, ISO 8601, from the replay header (never upload time). */
  playedAt: string | null;
  /**
   * The header's Date (recorder's wall clock, no zone), shown when `playedAt` is null. Absent in
   * scoreboards stored before it was added.
   */
  dateLocal?: string | null;
  durationSeconds: number | null;
  overtime: boolean;
  teams: {
    blue: { goals: number; players: ScoreboardPlayer[] };
    orange: { goals: number; players: ScoreboardPlayer[] };
  };
}

export interface ScoreboardPlayer {
  name: string;
  platform: string | null;
  platformId: string | null;
  score: number | null;
  goals: number | null;
  assists: number | null;
  saves: number | null;
  shots: number | null;
}

export interface ReplayProgress {
  replayId: string;
  stage: ProcessingStage;
  /** 0–100 within the stage (parsing reports real decode progress). */
  percent: number;
}

export interface ReplayDone {
  replayId: string;
  status: Extract<ReplayStatus, 'analysed' | 'partial'>;
  scoreboard: Scoreboard;
}

export interface ReplayFailed {
  replayId: string;
  /** Human-readable reason, safe to show. */
  reason: string;
}

/** `export:*`: progress of one "Export my data" request, to its owner's room only. */
export interface ExportProgress {
  exportId: string;
  /** collecting: reading the database; writing: adding files to the archive. */
  stage: 'collecting' | 'writing';
  /** 0–100 over the archive's entries. */
  percent: number;
}

export interface ExportReady {
  exportId: string;
  bytes: number;
  /** ISO 8601: the archive is refused and removed after this. */
  expiresAt: string;
}

export interface ExportFailed {
  exportId: string;
  /** Human-readable reason, safe to show. */
  reason: string;
}

/** One replay's state as `replay:status` returns it: the progress shape plus the terminal facts a reconnecting client needs. */
export interface ReplayStatusSnapshot extends ReplayProgress {
  status: ReplayStatus;
  /** Human-readable reason when failed or partial; null otherwise. */
  reason: string | null;
}

/** Acknowledgement shape for every client → server command. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface ServerToClientEvents {
  'replay:progress': (p: ReplayProgress) => void;
  'replay:done': (p: ReplayDone) => void;
  'replay:failed': (p: ReplayFailed) => void;
  /** Emitted by the worker's `user.export` job to `user:<id>` only. */
  'export:progress': (p: ExportProgress) => void;
  'export:ready': (p: ExportReady) => void;
  'export:failed': (p: ExportFailed) => void;
  /** The coach's answer, streamed by the worker's `coach.reply` job to `user:<id>` (contracts/coach.ts). */
  'coach:thinking': (e: CoachThinking) => void;
  'coach:delta': (e: CoachDelta) => void;
  'coach:tool': (e: CoachTool) => void;
  'coach:done': (e: CoachDone) => void;
  /** The ops page's live picture (contracts/ops.ts), sampled by realtime for the `ops` room only. */
  'ops:snapshot': (s: OpsSnapshot) => void;
  /**
   * This node is stopping (deploy, restart): the socket closes right after; reconnect after about
   * `reconnectAfterMs` plus jitter (behind the proxy, to any node).
   */
  'server:shutdown': (p: { reconnectAfterMs: number }) => void;
  /** Review rooms (contracts/rooms.ts), to `room:<id>` only. */
  'room:playback': (e: RoomPlaybackEvent) => void;
  'room:driver': (e: RoomDriverEvent) => void;
  'room:presence': (e: RoomPresence) => void;
  'room:typing': (e: RoomTypingEvent) => void;
  /** Live pointers: volatile, dropped rather than queued. */
  'room:pointer': (e: RoomPointerEvent) => void;
  'room:chat': (e: RoomChatMessage) => void;
  'room:annotation': (e: RoomAnnotation) => void;
  'room:annotation-deleted': (e: RoomAnnotationDeleted) => void;
}

export interface ClientToServerEvents {
  /** Current state of replays the caller owns (after a reconnect, to catch up). */
  'replay:status': (p: { replayIds: string[] }, ack: (r: Ack<ReplayStatusSnapshot[]>) => void) => void;
  /** Ask the coach (Pro, or a free player's preview); the answer streams as `coach:*` events. */
  'coach:ask': (p: CoachAsk, ack: (r: Ack<CoachAskAccepted>) => void) => void;
  /** Stop the answer being written; the text so far is kept as partial. */
  'coach:stop': (p: { messageId: string }, ack: (r: Ack<{ stopped: boolean }>) => void) => void;
  /** After a reload or reconnect: the events of a message after the last seq the client holds. */
  'coach:resume': (p: CoachResume, ack: (r: Ack<CoachResumed>) => void) => void;
  /** Admins only: join the `ops` room; the ack carries a first snapshot, then `ops:snapshot` follows. */
  'ops:watch': (p: Record<string, never>, ack: (r: Ack<OpsSnapshot>) => void) => void;
  /** Leave the `ops` room (sampling stops when nobody watches). */
  'ops:unwatch': (p: Record<string, never>, ack: (r: Ack<{ watching: false }>) => void) => void;
  /** Review rooms (contracts/rooms.ts): every payload is parsed with its zod schema there. */
  'room:join': (p: RoomJoin, ack: (r: Ack<RoomJoined>) => void) => void;
  'room:leave': (p: RoomRef, ack: (r: Ack<{ left: boolean }>) => void) => void;
  /** Play, pause, seek or change speed: the driver (or any owner/member in "everyone" mode). */
  'room:control': (p: RoomControl, ack: (r: Ack<RoomLive>) => void) => void;
  'room:pass-driver': (p: RoomPassDriver, ack: (r: Ack<RoomLive>) => void) => void;
  /** Current state (after a reconnect, or when a client doubts its own). */
  'room:state': (p: RoomRef, ack: (r: Ack<RoomLive>) => void) => void;
  'room:typing': (p: RoomTypingInput) => void;
  /** Throttled on the client and the server; no acknowledgement. */
  'room:pointer': (p: RoomPointerInput) => void;
  'room:chat': (p: RoomChatInput, ack: (r: Ack<RoomChatMessage>) => void) => void;
  'room:annotate': (p: RoomAnnotateInput, ack: (r: Ack<RoomAnnotation>) => void) => void;
  'room:annotation-delete': (p: RoomAnnotationDelete, ack: (r: Ack<{ deleted: boolean }>) => void) => void;
  /** Clock ping for the NTP-style offset estimate (rooms/sync-clock.ts). */
  'room:time': (p: RoomTimePing, ack: (r: Ack<RoomTimePong>) => void) => void;
}

export interface SocketData {
  userId: string;
  /** The token's kind (guest, demo, member); the role is looked up fresh when it matters. */
  kind?: 'guest' | 'demo' | 'member';
  /** Database session the socket's token was minted for (null for legacy session-less tokens). */
  sessionId: string | null;
  /**
   * Review rooms this socket has joined (after authorization), with what presence shows.
   * Other nodes read it through the adapter's fetchSockets, so presence spans every node.
   */
  reviewRooms?: Record<string, RoomSeat>;
}

/** What the worker's emitter may send: every server → client event (it has no sockets of its own). */
export type WorkerToClientEvents = ServerToClientEvents;

export const userRoom = rooms.user;
