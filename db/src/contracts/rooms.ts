/**
 * Review rooms: teammates watch one replay together, in sync, and mark it up. The contract
 * between realtime (owns the playback state, relays everything), the browser and test clients.
 *
 * The server owns each room's playback state (kept in Redis, so any realtime node serves any
 * room). Every change carries the server time it took effect and a sequence number; a client
 * derives "where should I be now" from the last state and its estimate of the server clock
 * (rooms/sync-clock.ts), so nobody waits for anybody.
 *
 * Client → server payloads are untrusted: each has a zod schema here and realtime parses every
 * one before it looks at it.
 */
import { z } from 'zod';

/** Who a member is in a room: the owner opened it; members may drive and annotate; viewers watch and chat. */
export type RoomRole = 'owner' | 'member' | 'viewer';
export const ROOM_ROLES = ['owner', 'member', 'viewer'] as const satisfies readonly RoomRole[];
/** Who may play, pause, seek and change speed: the driver only, or every owner/member. */
export type ControlMode = 'driver' | 'everyone';
export const CONTROL_MODES = ['driver', 'everyone'] as const satisfies readonly ControlMode[];

export type AnnotationKind = 'note' | 'arrow' | 'circle' | 'freehand';
export const ANNOTATION_KINDS = [
  'note',
  'arrow',
  'circle',
  'freehand',
] as const satisfies readonly AnnotationKind[];

/** Playback speeds a room may use (the viewer's speed menu). */
export const ROOM_RATES = [0.25, 0.5, 1, 2, 4] as const;

/** The server-owned playback state of one room. */
export interface PlaybackState {
  playing: boolean;
  /** Replay seconds (the positions track's clock) at `serverTime`. */
  position: number;
  /** Playback speed: replay seconds per real second while playing. */
  rate: number;
  /** Server clock (ms since the epoch) when this state took effect. */
  serverTime: number;
  /** Increments by one with every change; a client ignores a state older than the one it holds. */
  seq: number;
}

/** A room's live state: the playback and who drives it. */
export interface RoomLive {
  playback: PlaybackState;
  /** The member whose controls move everyone who follows. */
  driverId: string;
}

/** Field coordinates in unreal units, the positions track's frame (x across, y along the pitch, goals included). */
export const FIELD_BOUNDS = { x: 4200, y: 6100 } as const;
const fieldX = z.number().finite().min(-FIELD_BOUNDS.x).max(FIELD_BOUNDS.x);
const fieldY = z.number().finite().min(-FIELD_BOUNDS.y).max(FIELD_BOUNDS.y);
export const fieldPointSchema = z.object({ x: fieldX, y: fieldY }).strict();
export type FieldPoint = z.infer<typeof fieldPointSchema>;

const uuid = z.uuid();
/** Replay seconds: a generous ceiling (a replay with overtime is well under two hours). */
const replaySeconds = z.number().finite().min(0).max(7200);
const rate = z.number().refine((r) => (ROOM_RATES as readonly number[]).includes(r), {
  message: `rate must be one of ${ROOM_RATES.join(', ')}`,
});
/** The client's own id for a chat message or annotation, so a resend after a reconnect is stored once. */
const clientId = z.uuid();

export const MAX_CHAT_CHARS = 1000;
export const MAX_NOTE_CHARS = 500;
export const MAX_DRAWING_POINTS = 200;

export const roomJoinSchema = z
  .object({
    roomId: uuid,
    /** An invite token from a link; absent when the caller is already a member. */
    invite: z.string().min(10).max(400).optional(),
  })
  .strict();
export type RoomJoin = z.infer<typeof roomJoinSchema>;

export const roomRefSchema = z.object({ roomId: uuid }).strict();
export type RoomRef = z.infer<typeof roomRefSchema>;

export const roomControlSchema = z.discriminatedUnion('action', [
  z.object({ roomId: uuid, action: z.literal('play'), position: replaySeconds.optional() }).strict(),
  z.object({ roomId: uuid, action: z.literal('pause'), position: replaySeconds.optional() }).strict(),
  z.object({ roomId: uuid, action: z.literal('seek'), position: replaySeconds }).strict(),
  z.object({ roomId: uuid, action: z.literal('rate'), rate }).strict(),
]);
export type RoomControl = z.infer<typeof roomControlSchema>;

export const roomPassDriverSchema = z.object({ roomId: uuid, toUserId: uuid }).strict();
export type RoomPassDriver = z.infer<typeof roomPassDriverSchema>;

export const roomTypingSchema = z.object({ roomId: uuid, typing: z.boolean() }).strict();
export type RoomTypingInput = z.infer<typeof roomTypingSchema>;

export const roomPointerSchema = z
  .object({ roomId: uuid, x: fieldX, y: fieldY, time: replaySeconds })
  .strict();
export type RoomPointerInput = z.infer<typeof roomPointerSchema>;

export const roomChatSchema = z
  .object({ roomId: uuid, clientId, text: z.string().trim().min(1).max(MAX_CHAT_CHARS) })
  .strict();
export type RoomChatInput = z.infer<typeof roomChatSchema>;

/** How many field points each kind takes: [min, max]. */
export const POINTS_PER_KIND: Record<AnnotationKind, readonly [number, number]> = {
  note: [1, 1],
  arrow: [2, 2],
  circle: [2, 2],
  freehand: [2, MAX_DRAWING_POINTS],
};

export const roomAnnotateSchema = z
  .object({
    roomId: uuid,
    clientId,
    /** Replay seconds the annotation is pinned to. */
    time: replaySeconds,
    kind: z.enum(ANNOTATION_KINDS),
    /** Note text (required for notes, an optional caption for drawings). */
    text: z.string().trim().max(MAX_NOTE_CHARS).optional(),
    /** A note: one point. An arrow: from, to. A circle: centre, a point on the rim. Freehand: 2+ points. */
    points: z.array(fieldPointSchema).min(1).max(MAX_DRAWING_POINTS),
  })
  .strict()
  .superRefine((a, ctx) => {
    const [min, max] = POINTS_PER_KIND[a.kind];
    if (a.points.length < min || a.points.length > max)
      ctx.addIssue({
        code: 'custom',
        path: ['points'],
        message: `a ${a.kind} takes ${min === max ? min : `${min}–${max}`} point(s)`,
      });
    if (a.kind === 'note' && !a.text)
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'a note needs text' });
  });
export type RoomAnnotateInput = z.infer<typeof roomAnnotateSchema>;

export const roomAnnotationDeleteSchema = z.object({ roomId: uuid, annotationId: uuid }).strict();
export type RoomAnnotationDelete = z.infer<typeof roomAnnotationDeleteSchema>;

export const roomTimePingSchema = z.object({ clientSentAt: z.number().finite() }).strict();
export type RoomTimePing = z.infer<typeof roomTimePingSchema>;

/** What a socket holds for each room it has joined (SocketData.reviewRooms), read across nodes for presence. */
export interface RoomSeat {
  name: string;
  role: RoomRole;
  typing: boolean;
  replayId: string;
  controlMode: ControlMode;
}

/** One person in the room right now (several tabs of one user count once). */
export interface RoomPresenceMember {
  userId: string;
  name: string;
  role: RoomRole;
  typing: boolean;
}

export interface RoomPresence {
  roomId: string;
  driverId: string;
  members: RoomPresenceMember[];
}

export interface RoomChatMessage {
  id: string;
  roomId: string;
  clientId: string;
  authorId: string;
  authorName: string;
  text: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface RoomAnnotation {
  id: string;
  replayId: string;
  /** The room it was made in; null once that room is gone (the annotation stays with the replay). */
  roomId: string | null;
  clientId: string;
  authorId: string;
  authorName: string;
  time: number;
  kind: AnnotationKind;
  text: string | null;
  points: FieldPoint[];
  createdAt: string;
}

/** What `room:join` answers: everything a client needs to render the room from scratch. */
export interface RoomJoined {
  room: {
    id: string;
    replayId: string;
    title: string;
    ownerId: string;
    controlMode: ControlMode;
  };
  me: { userId: string; role: RoomRole };
  live: RoomLive;
  presence: RoomPresence;
  /** The latest messages, oldest first. */
  chat: RoomChatMessage[];
  annotations: RoomAnnotation[];
}

export interface RoomPlaybackEvent {
  roomId: string;
  playback: PlaybackState;
  /** Who made the change. */
  by: string;
}

export interface RoomDriverEvent {
  roomId: string;
  driverId: string;
  by: string;
}

export interface RoomTypingEvent {
  roomId: string;
  userId: string;
  typing: boolean;
}

export interface RoomPointerEvent {
  roomId: string;
  userId: string;
  x: number;
  y: number;
  time: number;
}

export interface RoomAnnotationDeleted {
  roomId: string;
  annotationId: string;
}

export interface RoomTimePong {
  clientSentAt: number;
  /** The server clock (ms) when it answered. */
  serverTime: number;
}
