/**
 * What realtime needs from the rest of the platform, as narrow interfaces.
 * main.ts (and the tests) plug in the real db/worker implementations; the
 * HTTP and socket code only ever sees these shapes.
 */
import type { UploadOutcome } from '@rlcoach/db/enums';
import type { ReplayStatusSnapshot } from '@rlcoach/db/contracts/socket-events';
import type { CoachAsk, CoachAskAccepted, CoachResume, CoachResumed } from '@rlcoach/db/contracts/coach';
import type { SafeError } from './errors.js';
import type {
  RoomAnnotateInput,
  RoomAnnotation,
  RoomChatMessage,
  RoomRole,
} from '@rlcoach/db/contracts/rooms';
import type { InviteRefusal, RoomRow } from '@rlcoach/db/repositories/room-repository';

export interface IngestFileInput {
  userId: string;
  batchId: string;
  fileName: string;
  /** A complete file on disk; realtime deletes it after ingest returns (ingest copies what it keeps). */
  tempPath: string;
  sizeBytes: number;
}

export interface IngestFileResult {
  outcome: UploadOutcome;
  replayId?: string;
  uploadItemId?: string;
  error?: SafeError;
  /** Header summary parsed at upload time, shown before the full analysis finishes. */
  preview?: unknown;
}

/** A file refused by realtime itself (limits) before it ever reached ingest. */
export interface RefusedFileInput {
  userId: string;
  batchId: string;
  fileName: string;
  sizeBytes: number;
  error: SafeError;
}

export interface UploadIngestor {
  createBatch(userId: string, fileCount: number): Promise<{ batchId: string }>;
  ingestFile(input: IngestFileInput): Promise<IngestFileResult>;
  /** Optional: record a refusal as an upload item so the batch history is complete. */
  recordRefused?(input: RefusedFileInput): Promise<{ uploadItemId?: string }>;
}

export interface QueueGauge {
  /** Jobs waiting or running; compared with QUEUE_MAX_DEPTH before an upload is read. */
  depth(): Promise<number>;
}

export interface ReplayStatusReader {
  /** Current state of the given replays, restricted to the ones `userId` owns (others are simply absent). */
  statusFor(userId: string, replayIds: string[]): Promise<ReplayStatusSnapshot[]>;
}

/** One named dependency check for /healthz: resolves when healthy, throws with a reason when not. */
export type HealthCheck = () => Promise<void | Record<string, unknown>>;

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What a database session looks like to realtime: see @rlcoach/db/auth/sessions. */
export type SessionState = 'live' | 'missing' | 'expired';

export interface SessionLookup {
  /** State of session `sessionId` for `userId` (a session of another user counts as missing). */
  state(sessionId: string, userId: string): Promise<SessionState>;
}

/** Users' roles, read fresh from Postgres (db's ops-repository): who may operate. */
export interface RoleLookup {
  roleOf(userId: string): Promise<'player' | 'admin' | null>;
  rolesOf(userIds: string[]): Promise<Map<string, 'player' | 'admin'>>;
}

/**
 * The coach as realtime serves it (coach/desk.ts): every method re-checks who asks and what they
 * own; refusals are AppErrors with their own codes (COACH_NOT_CONFIGURED, PREVIEW_USED, …).
 */
export interface CoachDesk {
  ask(userId: string, ask: CoachAsk): Promise<CoachAskAccepted>;
  stop(userId: string, messageId: string): Promise<{ stopped: boolean }>;
  resume(userId: string, request: CoachResume): Promise<CoachResumed>;
}

/** Review rooms in Postgres (db's room-repository), as the room handlers need them. */
export interface RoomDirectory {
  find(roomId: string): Promise<RoomRow | null>;
  roleOf(roomId: string, userId: string): Promise<RoomRole | null>;
  redeemInvite(
    roomId: string,
    inviteId: string,
    userId: string,
  ): Promise<{ ok: true; role: RoomRole } | { ok: false; reason: InviteRefusal }>;
  displayName(userId: string): Promise<string>;
  addChat(input: {
    roomId: string;
    authorId: string;
    clientId: string;
    text: string;
  }): Promise<{ message: RoomChatMessage; created: boolean } | null>;
  listChat(roomId: string): Promise<RoomChatMessage[]>;
  addAnnotation(
    input: Omit<RoomAnnotateInput, 'text'> & { replayId: string; authorId: string; text: string | null },
  ): Promise<{ annotation: RoomAnnotation; created: boolean } | null>;
  deleteAnnotation(input: {
    roomId: string;
    annotationId: string;
    userId: string;
    anyAuthor: boolean;
  }): Promise<boolean>;
  listAnnotations(roomId: string): Promise<RoomAnnotation[]>;
}
