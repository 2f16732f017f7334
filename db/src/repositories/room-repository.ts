/**
 * Review rooms in Postgres: rooms, members, invite links, chat and annotations (contracts/rooms.ts).
 * Chat messages and annotations are written idempotently on (author, client id): a client that
 * resends after a reconnect gets the stored row back, so everything is present exactly once.
 * The replay's report and track are read through a room only for that room's members.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  AnnotationKind,
  ControlMode,
  FieldPoint,
  RoomAnnotation,
  RoomChatMessage,
  RoomRole,
} from '../contracts/rooms.js';
import { ReplayTrack } from '../entities/replay-track.js';
import { sqlAll, sqlRun } from './sql-exec.js';
import { toDate } from './summary-list-row.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (s: string) => UUID.test(s);

export interface RoomRow {
  id: string;
  replayId: string;
  ownerId: string;
  title: string;
  controlMode: ControlMode;
  createdAt: Date;
  closedAt: Date | null;
}

export interface RoomMemberRow {
  userId: string;
  name: string;
  role: RoomRole;
}

export interface RoomInviteRow {
  id: string;
  roomId: string;
  role: Exclude<RoomRole, 'owner'>;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Why an invite does not let someone in. */
export type InviteRefusal = 'unknown' | 'expired' | 'revoked' | 'closed';

interface RoomSql {
  id: string;
  replay_id: string;
  owner_id: string;
  title: string;
  control_mode: ControlMode;
  created_at: Date | string;
  closed_at: Date | string | null;
}
const roomOf = (r: RoomSql): RoomRow => ({
  id: r.id,
  replayId: r.replay_id,
  ownerId: r.owner_id,
  title: r.title,
  controlMode: r.control_mode,
  createdAt: toDate(r.created_at),
  closedAt: r.closed_at === null ? null : toDate(r.closed_at),
});

/** Opens a room on a replay with its owner as the first member (the caller checked the owner may). */
export async function createRoom(
  em: EntityManager,
  input: { ownerId: string; replayId: string; title: string; controlMode?: ControlMode },
): Promise<RoomRow> {
  return em.transactional(async (tx) => {
    const [row] = await sqlAll<RoomSql>(
      tx,
      `insert into review_rooms (id, replay_id, owner_id, title, control_mode, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, now()) returning *`,
      [input.replayId, input.ownerId, input.title.slice(0, 120), input.controlMode ?? 'driver'],
    );
    await sqlRun(
      tx,
      `insert into review_room_members (room_id, user_id, role, joined_at) values (?, ?, 'owner', now())`,
      [row!.id, input.ownerId],
    );
    return roomOf(row!);
  });
}

export async function findRoom(em: EntityManager, roomId: string): Promise<RoomRow | null> {
  if (!isUuid(roomId)) return null;
  const [row] = await sqlAll<RoomSql>(em, 'select * from review_rooms where id = ?', [roomId]);
  return row ? roomOf(row) : null;
}

/** The rooms opened on a replay that this user belongs to, newest first. */
export async function listRoomsOnReplay(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<Array<RoomRow & { role: RoomRole }>> {
  if (!isUuid(replayId)) return [];
  const rows = await sqlAll<RoomSql & { role: RoomRole }>(
    em,
    `select r.*, m.role from review_rooms r join review_room_members m on m.room_id = r.id and m.user_id = ?
     where r.replay_id = ? order by r.created_at desc`,
    [userId, replayId],
  );
  return rows.map((r) => ({ ...roomOf(r), role: r.role }));
}

export async function closeRoom(em: EntityManager, roomId: string): Promise<boolean> {
  return (
    (await sqlRun(em, 'update review_rooms set closed_at = now() where id = ? and closed_at is null', [
      roomId,
    ])) > 0
  );
}

export async function setControlMode(em: EntityManager, roomId: string, mode: ControlMode): Promise<void> {
  await sqlRun(em, 'update review_rooms set control_mode = ? where id = ?', [mode, roomId]);
}

/** The user's role in the room, or null when they are not a member (or the id is not a uuid). */
export async function roomRoleOf(
  em: EntityManager,
  roomId: string,
  userId: string,
): Promise<RoomRole | null> {
  if (!isUuid(roomId) || !isUuid(userId)) return null;
  const [row] = await sqlAll<{ role: RoomRole }>(
    em,
    'select role from review_room_members where room_id = ? and user_id = ?',
    [roomId, userId],
  );
  return row?.role ?? null;
}

export async function listRoomMembers(em: EntityManager, roomId: string): Promise<RoomMemberRow[]> {
  const rows = await sqlAll<{ user_id: string; display_name: string; role: RoomRole }>(
    em,
    `select m.user_id, u.display_name, m.role from review_room_members m join users u on u.id = m.user_id
     where m.room_id = ? order by m.joined_at`,
    [roomId],
  );
  return rows.map((r) => ({ userId: r.user_id, name: r.display_name, role: r.role }));
}

export async function displayNameOf(em: EntityManager, userId: string): Promise<string> {
  const [row] = await sqlAll<{ display_name: string }>(em, 'select display_name from users where id = ?', [
    userId,
  ]);
  return row?.display_name ?? 'Someone';
}

export async function createInvite(
  em: EntityManager,
  input: { roomId: string; createdBy: string; role: Exclude<RoomRole, 'owner'>; expiresAt: Date },
): Promise<RoomInviteRow> {
  const [row] = await sqlAll<InviteSql>(
    em,
    `insert into review_room_invites (id, room_id, role, created_by_id, created_at, expires_at)
     values (gen_random_uuid(), ?, ?, ?, now(), ?) returning *`,
    [input.roomId, input.role, input.createdBy, input.expiresAt],
  );
  return inviteOf(row!);
}

interface InviteSql {
  id: string;
  room_id: string;
  role: Exclude<RoomRole, 'owner'>;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
}
const inviteOf = (r: InviteSql): RoomInviteRow => ({
  id: r.id,
  roomId: r.room_id,
  role: r.role,
  createdAt: toDate(r.created_at),
  expiresAt: toDate(r.expires_at),
  revokedAt: r.revoked_at === null ? null : toDate(r.revoked_at),
});

export async function listInvites(em: EntityManager, roomId: string): Promise<RoomInviteRow[]> {
  const rows = await sqlAll<InviteSql>(
    em,
    'select * from review_room_invites where room_id = ? order by created_at desc',
    [roomId],
  );
  return rows.map(inviteOf);
}

/** Revokes one invite of this room (an id from another room changes nothing). */
export async function revokeInvite(em: EntityManager, roomId: string, inviteId: string): Promise<boolean> {
  if (!isUuid(inviteId)) return false;
  return (
    (await sqlRun(
      em,
      'update review_room_invites set revoked_at = now() where id = ? and room_id = ? and revoked_at is null',
      [inviteId, roomId],
    )) > 0
  );
}

/**
 * Lets a user in through an invite of this room: a live invite makes them a member with its role
 * (an existing member keeps their role). Returns their role, or why the invite does not admit them.
 */
export async function redeemInvite(
  em: EntityManager,
  input: { roomId: string; inviteId: string; userId: string; now?: Date },
): Promise<{ ok: true; role: RoomRole } | { ok: false; reason: InviteRefusal }> {
  if (!isUuid(input.inviteId) || !isUuid(input.roomId)) return { ok: false, reason: 'unknown' };
  const now = input.now ?? new Date();
  const [inv] = await sqlAll<InviteSql & { closed_at: Date | string | null }>(
    em,
    `select i.*, r.closed_at from review_room_invites i join review_rooms r on r.id = i.room_id
     where i.id = ? and i.room_id = ?`,
    [input.inviteId, input.roomId],
  );
  if (!inv) return { ok: false, reason: 'unknown' };
  if (inv.revoked_at !== null) return { ok: false, reason: 'revoked' };
  if (toDate(inv.expires_at) <= now) return { ok: false, reason: 'expired' };
  if (inv.closed_at !== null) return { ok: false, reason: 'closed' };
  await sqlRun(
    em,
    `insert into review_room_members (room_id, user_id, role, joined_at) values (?, ?, ?, now())
     on conflict (room_id, user_id) do nothing`,
    [input.roomId, input.userId, inv.role],
  );
  const role = await roomRoleOf(em, input.roomId, input.userId);
  return role ? { ok: true, role } : { ok: false, reason: 'unknown' };
}

interface ChatSql {
  id: string;
  room_id: string;
  client_id: string;
  author_id: string;
  display_name: string;
  text: string;
  created_at: Date | string;
}
const chatOf = (r: ChatSql): RoomChatMessage => ({
  id: r.id,
  roomId: r.room_id,
  clientId: r.client_id,
  authorId: r.author_id,
  authorName: r.display_name,
  text: r.text,
  createdAt: toDate(r.created_at).toISOString(),
});

/** Stores a chat message once per (author, client id); a resend returns the stored one, `created` false. */
export async function addChatMessage(
  em: EntityManager,
  input: { roomId: string; authorId: string; clientId: string; text: string },
): Promise<{ message: RoomChatMessage; created: boolean } | null> {
  const inserted = await sqlRun(
    em,
    `insert into review_room_messages (id, room_id, author_id, client_id, text, created_at)
     values (gen_random_uuid(), ?, ?, ?, ?, clock_timestamp()) on conflict (author_id, client_id) do nothing`,
    [input.roomId, input.authorId, input.clientId, input.text],
  );
  const [row] = await sqlAll<ChatSql>(
    em,
    `select m.*, u.display_name from review_room_messages m join users u on u.id = m.author_id
     where m.author_id = ? and m.client_id = ? and m.room_id = ?`,
    [input.authorId, input.clientId, input.roomId],
  );
  // A client id already used in another room: refused rather than answered with that room's row.
  return row ? { message: chatOf(row), created: inserted > 0 } : null;
}

/** The room's latest messages, oldest first. */
export async function listChat(em: EntityManager, roomId: string, limit = 200): Promise<RoomChatMessage[]> {
  const rows = await sqlAll<ChatSql>(
    em,
    `select * from (select m.*, u.display_name from review_room_messages m join users u on u.id = m.author_id
       where m.room_id = ? order by m.created_at desc, m.id desc limit ?) latest order by created_at, id`,
    [roomId, limit],
  );
  return rows.map(chatOf);
}

interface AnnotationSql {
  id: string;
  replay_id: string;
  room_id: string | null;
  client_id: string;
  author_id: string;
  display_name: string;
  time: number;
  kind: AnnotationKind;
  text: string | null;
  points: FieldPoint[];
  created_at: Date | string;
}
const annotationOf = (r: AnnotationSql): RoomAnnotation => ({
  id: r.id,
  replayId: r.replay_id,
  roomId: r.room_id,
  clientId: r.client_id,
  authorId: r.author_id,
  authorName: r.display_name,
  time: Number(r.time),
  kind: r.kind,
  text: r.text,
  points: r.points,
  createdAt: toDate(r.created_at).toISOString(),
});

/** Stores an annotation once per (author, client id), on the room's replay; a resend returns the stored one. */
export async function addAnnotation(
  em: EntityManager,
  input: {
    roomId: string;
    replayId: string;
    authorId: string;
    clientId: string;
    time: number;
    kind: AnnotationKind;
    text: string | null;
    points: FieldPoint[];
  },
): Promise<{ annotation: RoomAnnotation; created: boolean } | null> {
  const inserted = await sqlRun(
    em,
    `insert into replay_annotations (id, replay_id, room_id, author_id, client_id, time, kind, text, points, created_at)
     values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?::jsonb, clock_timestamp()) on conflict (author_id, client_id) do nothing`,
    [
      input.replayId,
      input.roomId,
      input.authorId,
      input.clientId,
      input.time,
      input.kind,
      input.text,
      JSON.stringify(input.points),
    ],
  );
  const [row] = await sqlAll<AnnotationSql>(
    em,
    `select a.*, u.display_name from replay_annotations a join users u on u.id = a.author_id
     where a.author_id = ? and a.client_id = ? and a.room_id = ?`,
    [input.authorId, input.clientId, input.roomId],
  );
  return row ? { annotation: annotationOf(row), created: inserted > 0 } : null;
}

/** Deletes an annotation made in this room: its author's own, or any when `anyAuthor` (the room owner). */
export async function deleteAnnotation(
  em: EntityManager,
  input: { roomId: string; annotationId: string; userId: string; anyAuthor: boolean },
): Promise<boolean> {
  if (!isUuid(input.annotationId)) return false;
  return (
    (await sqlRun(
      em,
      `delete from replay_annotations where id = ? and room_id = ? and (? or author_id = ?)`,
      [input.annotationId, input.roomId, input.anyAuthor, input.userId],
    )) > 0
  );
}

/** The annotations made in one room, in replay-time order. */
export async function listRoomAnnotations(em: EntityManager, roomId: string): Promise<RoomAnnotation[]> {
  const rows = await sqlAll<AnnotationSql>(
    em,
    `select a.*, u.display_name from replay_annotations a join users u on u.id = a.author_id
     where a.room_id = ? order by a.time, a.created_at`,
    [roomId],
  );
  return rows.map(annotationOf);
}

/**
 * Every annotation ever made on a replay, rooms closed or deleted included, in replay-time order:
 * what a coach reads when reviewing the replay later. The caller checks the reader may see it.
 */
export async function listReplayAnnotations(em: EntityManager, replayId: string): Promise<RoomAnnotation[]> {
  if (!isUuid(replayId)) return [];
  const rows = await sqlAll<AnnotationSql>(
    em,
    `select a.*, u.display_name from replay_annotations a join users u on u.id = a.author_id
     where a.replay_id = ? order by a.time, a.created_at`,
    [replayId],
  );
  return rows.map(annotationOf);
}

/** The positions track of a room's replay, for a member of that room only (null otherwise). */
export async function readRoomReplayTrack(
  em: EntityManager,
  userId: string,
  roomId: string,
): Promise<Uint8Array | null> {
  const room = await findRoom(em, roomId);
  if (!room || !(await roomRoleOf(em, roomId, userId))) return null;
  const t = await em.findOne(ReplayTrack, { replay: room.replayId });
  return t ? new Uint8Array(t.data) : null;
}

/** The report (and header facts) of a room's replay, for a member of that room only. */
export async function readRoomReplayReport(
  em: EntityManager,
  userId: string,
  roomId: string,
): Promise<{
  replayId: string;
  mapCode: string | null;
  /** The map's display name from the stored header, when it has one. */
  mapName: string | null;
  playedAt: Date | null;
  report: Record<string, unknown> | null;
  hasTrack: boolean;
} | null> {
  if (!isUuid(roomId) || !isUuid(userId)) return null;
  const [r] = await sqlAll<{
    id: string;
    map_code: string | null;
    map_name: string | null;
    played_at: Date | string | null;
    report: Record<string, unknown> | null;
    has_track: boolean;
  }>(
    em,
    `select r.id, r.map_code, r.header->>'mapName' as map_name, r.played_at, res.report,
       exists(select 1 from replay_tracks t where t.replay_id = r.id) as has_track
     from review_rooms room join review_room_members m on m.room_id = room.id and m.user_id = ?
     join replays r on r.id = room.replay_id left join replay_results res on res.replay_id = r.id
     where room.id = ?`,
    [userId, roomId],
  );
  if (!r) return null;
  return {
    replayId: r.id,
    mapCode: r.map_code,
    mapName: r.map_name,
    playedAt: r.played_at === null ? null : toDate(r.played_at),
    report: r.report,
    hasTrack: r.has_track,
  };
}
