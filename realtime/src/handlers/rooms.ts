/**
 * `room:*`: review rooms (db/src/contracts/rooms.ts). Every command is parsed with its zod schema,
 * authorized through db's policy on the caller's role in THAT room (joined sockets hold their
 * seat; a socket that has not joined a room can do nothing in it), and rate limited: Redis budgets
 * per user for joins, controls, chat and annotations; an in-memory throttle per socket for the
 * high-rate, stateless pointers, typing and clock pings.
 *
 * The playback state lives in Redis (db's RoomPlaybackStore), so whichever node a member reaches
 * serves the room; broadcasts go to Socket.IO room `room:<id>` through the Redis adapter, and
 * presence is read from every node's sockets (fetchSockets) rather than kept in a list that a dead
 * node would leave stale.
 */
import { policy, type Decision } from '@rlcoach/db/auth/policy';
import {
  roomAnnotateSchema,
  roomAnnotationDeleteSchema,
  roomChatSchema,
  roomControlSchema,
  roomJoinSchema,
  roomPassDriverSchema,
  roomPointerSchema,
  roomRefSchema,
  roomTimePingSchema,
  roomTypingSchema,
  type RoomLive,
  type RoomPresence,
  type RoomSeat,
} from '@rlcoach/db/contracts/rooms';
import { rooms, type Ack } from '@rlcoach/db/contracts/socket-events';
import { verifyInviteToken } from '@rlcoach/db/rooms/invite-token';
import type { RoomPlaybackStore } from '@rlcoach/db/rooms/playback-store';
import { RateRules, type RateRule } from '@rlcoach/db';
import { AppError, ErrorCode, defaultMessage, toSafeError } from '../errors.js';
import type { Logger, RoomDirectory } from '../ports.js';
import type { RealtimeServer, RealtimeSocket } from '../socket-types.js';

export interface RoomHandlerDeps {
  io: RealtimeServer;
  directory: RoomDirectory;
  playback: RoomPlaybackStore;
  /** Verifies invite links (the session secret: web signs them). */
  inviteSecret: string;
  log: Logger;
  /** Server clock for time pings; the playback store uses the same one. */
  now?: () => number;
}

/** Per socket and per second: 20 pointers, 4 typing changes, 20 clock pings (a sync burst is 6). */
const PER_SECOND = { pointer: 20, typing: 4, time: 20 } as const;

/** Events the socket guard lets through without its Redis budget: throttled here, in memory, per socket. */
export const THROTTLED_ROOM_EVENTS = new Set(['room:pointer', 'room:typing', 'room:time']);

/** The per-user Redis budget the socket guard spends for each room command (instead of the general one). */
export const ROOM_BUDGETS: Readonly<Record<string, RateRule>> = {
  'room:join': RateRules.roomJoinsPerUser,
  'room:control': RateRules.roomControlsPerUser,
  'room:pass-driver': RateRules.roomControlsPerUser,
  'room:chat': RateRules.roomChatPerUser,
  'room:annotate': RateRules.roomAnnotationsPerUser,
  'room:annotation-delete': RateRules.roomAnnotationsPerUser,
};

type Reply<T> = (r: Ack<T>) => void;

/** What the handlers need of a zod schema (db's contracts declare them). */
interface Schema<T> {
  safeParse(
    v: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

function fail(code: ErrorCode, message?: string): never {
  throw new AppError(code, message ?? defaultMessage(code));
}

function enforce(decision: Decision, message: string): void {
  if (decision.allowed) return;
  if (decision.status === 404) fail(ErrorCode.NotFound, 'No such room, or you are not in it.');
  fail(decision.status === 401 ? ErrorCode.Unauthenticated : ErrorCode.Forbidden, message);
}

export function registerRoomHandlers(socket: RealtimeSocket, deps: RoomHandlerDeps): void {
  const { io, directory, playback, log } = deps;
  const now = deps.now ?? Date.now;
  const userId = socket.data.userId;
  const seats = (socket.data.reviewRooms ??= {});
  // A fixed one-second window per kind: cheap, in memory, and enough against a flooding socket.
  const windows: Record<keyof typeof PER_SECOND, { start: number; used: number }> = {
    pointer: { start: 0, used: 0 },
    typing: { start: 0, used: 0 },
    time: { start: 0, used: 0 },
  };
  const throttled = (kind: keyof typeof PER_SECOND): boolean => {
    const t = now();
    const w = windows[kind];
    if (t - w.start >= 1000) {
      w.start = t;
      w.used = 0;
    }
    return ++w.used > PER_SECOND[kind];
  };

  /** The caller's seat in a room it joined on this socket; anything else is "not in it". */
  const seatIn = (roomId: string): RoomSeat => {
    const seat = seats[roomId];
    if (!seat) fail(ErrorCode.NotFound, 'Join the room first.');
    return seat;
  };

  /** Register a command: parse, then run; known refusals go back through the ack, others are logged. */
  function command<I, T>(event: string, schema: Schema<I>, run: (input: I) => Promise<T>): void {
    (socket as unknown as { on(e: string, fn: (p: unknown, a: unknown) => void): void }).on(
      event,
      (payload, ack) => {
        const reply = typeof ack === 'function' ? (ack as Reply<T>) : undefined;
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          reply?.({
            ok: false,
            error: {
              code: ErrorCode.BadRequest,
              message: `Invalid ${event} payload${first ? `: ${first.path.map(String).join('.') || 'payload'} ${first.message}` : ''}.`,
            },
          });
          return;
        }
        run(parsed.data).then(
          (data) => reply?.({ ok: true, data }),
          (err: unknown) => {
            const { error, known } = toSafeError(err);
            if (!known) log.error(`${event} failed`, { err, userId, socketId: socket.id });
            reply?.({ ok: false, error });
          },
        );
      },
    );
  }

  const presenceOf = async (roomId: string, driverId?: string): Promise<RoomPresence> => {
    const sockets = await io.in(rooms.review(roomId)).fetchSockets();
    const byUser = new Map<string, RoomPresence['members'][number]>();
    for (const s of sockets) {
      const seat = s.data.reviewRooms?.[roomId];
      if (!seat) continue;
      const seen = byUser.get(s.data.userId);
      if (seen) seen.typing ||= seat.typing;
      else
        byUser.set(s.data.userId, {
          userId: s.data.userId,
          name: seat.name,
          role: seat.role,
          typing: seat.typing,
        });
    }
    const driver = driverId ?? (await playback.get(roomId))?.driverId ?? '';
    return { roomId, driverId: driver, members: [...byUser.values()] };
  };

  const announcePresence = async (roomId: string) => {
    try {
      io.to(rooms.review(roomId)).emit('room:presence', await presenceOf(roomId));
    } catch (err) {
      log.warn('room presence update failed', { err, roomId });
    }
  };

  command('room:join', roomJoinSchema, async ({ roomId, invite }) => {
    let role = await directory.roleOf(roomId, userId);
    if (!role && invite !== undefined) {
      const claims = verifyInviteToken(deps.inviteSecret, invite);
      if (!claims || claims.roomId !== roomId) fail(ErrorCode.Forbidden, 'This invite link is not valid.');
      const redeemed = await directory.redeemInvite(roomId, claims.inviteId, userId);
      if (!redeemed.ok) {
        if (redeemed.reason === 'expired') fail(ErrorCode.InviteExpired);
        if (redeemed.reason === 'revoked') fail(ErrorCode.InviteRevoked);
        if (redeemed.reason === 'closed') fail(ErrorCode.RoomClosed);
        fail(ErrorCode.Forbidden, 'This invite link is not valid.');
      }
      role = redeemed.role;
    }
    enforce(policy.canTalkInRoom(role), 'You are not a member of this room.');
    const room = await directory.find(roomId);
    if (!room) fail(ErrorCode.NotFound, 'No such room, or you are not in it.');
    if (room.closedAt) fail(ErrorCode.RoomClosed);
    const [live, name, chat, annotations] = await Promise.all([
      playback.init(roomId, room.ownerId),
      directory.displayName(userId),
      directory.listChat(roomId),
      directory.listAnnotations(roomId),
    ]);
    seats[roomId] = {
      name,
      role: role!,
      typing: false,
      replayId: room.replayId,
      controlMode: room.controlMode,
    };
    await socket.join(rooms.review(roomId));
    const presence = await presenceOf(roomId, live.driverId);
    socket.to(rooms.review(roomId)).emit('room:presence', presence);
    return {
      room: {
        id: room.id,
        replayId: room.replayId,
        title: room.title,
        ownerId: room.ownerId,
        controlMode: room.controlMode,
      },
      me: { userId, role: role! },
      live,
      presence,
      chat,
      annotations,
    };
  });

  command('room:leave', roomRefSchema, async ({ roomId }) => {
    if (!seats[roomId]) return { left: false };
    delete seats[roomId];
    await socket.leave(rooms.review(roomId));
    await announcePresence(roomId);
    return { left: true };
  });

  command('room:state', roomRefSchema, async ({ roomId }): Promise<RoomLive> => {
    seatIn(roomId);
    const live = await playback.get(roomId);
    if (!live) fail(ErrorCode.NotFound, 'This room has no playback state; join it again.');
    return live;
  });

  command('room:control', roomControlSchema, async (control): Promise<RoomLive> => {
    const seat = seatIn(control.roomId);
    const current = await playback.get(control.roomId);
    if (!current) fail(ErrorCode.NotFound, 'This room has no playback state; join it again.');
    enforce(
      policy.canControlRoomPlayback(seat.role, {
        userId,
        driverId: current.driverId,
        controlMode: seat.controlMode,
      }),
      seat.role === 'viewer'
        ? 'Viewers watch; they do not control playback.'
        : 'Only the driver controls playback.',
    );
    // The store re-checks the driver atomically with the change (the driver may have just been passed).
    const result = await playback.control(control.roomId, control, {
      userId,
      onlyDriver: seat.controlMode === 'driver',
    });
    if (!result.ok)
      fail(
        result.reason === 'NOT_DRIVER' ? ErrorCode.Forbidden : ErrorCode.NotFound,
        result.reason === 'NOT_DRIVER' ? 'Only the driver controls playback.' : undefined,
      );
    io.to(rooms.review(control.roomId)).emit('room:playback', {
      roomId: control.roomId,
      playback: result.live.playback,
      by: userId,
    });
    return result.live;
  });

  command('room:pass-driver', roomPassDriverSchema, async ({ roomId, toUserId }): Promise<RoomLive> => {
    const seat = seatIn(roomId);
    const [current, targetRole] = await Promise.all([
      playback.get(roomId),
      directory.roleOf(roomId, toUserId),
    ]);
    if (!current) fail(ErrorCode.NotFound, 'This room has no playback state; join it again.');
    enforce(
      policy.canPassRoomDriver(seat.role, { userId, driverId: current.driverId, targetRole }),
      'Only the driver or the owner can pass the driver, and only to a member who is not a viewer.',
    );
    const result = await playback.passDriver(
      roomId,
      { userId, onlyCurrent: seat.role !== 'owner' },
      toUserId,
    );
    if (!result.ok) fail(ErrorCode.Forbidden, 'You are no longer the driver.');
    io.to(rooms.review(roomId)).emit('room:driver', { roomId, driverId: result.live.driverId, by: userId });
    return result.live;
  });

  // Typing and pointers have no acknowledgement: a refused one is dropped.
  socket.on('room:typing', (payload: unknown) => {
    const parsed = roomTypingSchema.safeParse(payload);
    if (!parsed.success || throttled('typing')) return;
    const seat = socket.data.reviewRooms?.[parsed.data.roomId];
    if (!seat || !policy.canTalkInRoom(seat.role).allowed) return;
    seat.typing = parsed.data.typing;
    socket
      .to(rooms.review(parsed.data.roomId))
      .emit('room:typing', { roomId: parsed.data.roomId, userId, typing: parsed.data.typing });
  });

  socket.on('room:pointer', (payload: unknown) => {
    const parsed = roomPointerSchema.safeParse(payload);
    if (!parsed.success || throttled('pointer')) return;
    const seat = socket.data.reviewRooms?.[parsed.data.roomId];
    if (!seat || !policy.canTalkInRoom(seat.role).allowed) return;
    const { roomId, x, y, time } = parsed.data;
    // Volatile: a pointer that cannot be sent now is stale by the next one.
    socket.volatile.to(rooms.review(roomId)).emit('room:pointer', { roomId, userId, x, y, time });
  });

  command('room:chat', roomChatSchema, async ({ roomId, clientId, text }) => {
    const seat = seatIn(roomId);
    enforce(policy.canTalkInRoom(seat.role), 'You are not a member of this room.');
    const saved = await directory.addChat({ roomId, authorId: userId, clientId, text });
    if (!saved) fail(ErrorCode.BadRequest, 'That message id was already used elsewhere.');
    // Re-sent too (after a reconnect the first broadcast may have been lost); clients keep one per id.
    io.to(rooms.review(roomId)).emit('room:chat', saved.message);
    if (seat.typing) seat.typing = false;
    return saved.message;
  });

  command('room:annotate', roomAnnotateSchema, async (input) => {
    const seat = seatIn(input.roomId);
    enforce(policy.canAnnotateRoom(seat.role), 'Viewers cannot annotate; ask the owner for member access.');
    const saved = await directory.addAnnotation({
      ...input,
      text: input.text ? input.text : null,
      replayId: seat.replayId,
      authorId: userId,
    });
    if (!saved) fail(ErrorCode.BadRequest, 'That annotation id was already used elsewhere.');
    io.to(rooms.review(input.roomId)).emit('room:annotation', saved.annotation);
    return saved.annotation;
  });

  command('room:annotation-delete', roomAnnotationDeleteSchema, async ({ roomId, annotationId }) => {
    const seat = seatIn(roomId);
    enforce(policy.canAnnotateRoom(seat.role), 'Viewers cannot change annotations.');
    const deleted = await directory.deleteAnnotation({
      roomId,
      annotationId,
      userId,
      anyAuthor: seat.role === 'owner',
    });
    if (!deleted) fail(ErrorCode.NotFound, 'No such annotation of yours in this room.');
    io.to(rooms.review(roomId)).emit('room:annotation-deleted', { roomId, annotationId });
    return { deleted };
  });

  command('room:time', roomTimePingSchema, async ({ clientSentAt }) => {
    if (throttled('time')) fail(ErrorCode.RateLimited);
    return { clientSentAt, serverTime: now() };
  });

  socket.on('disconnect', (reason) => {
    // This node is going away: its clients rejoin elsewhere, and that join announces presence.
    if (reason === 'server shutting down') return;
    // The socket has left its rooms by now: presence read from the nodes no longer includes it.
    for (const roomId of Object.keys(seats)) void announcePresence(roomId);
  });
}
