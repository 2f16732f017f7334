/**
 * Review rooms on the web side: opening one from a replay, the room page's data (the room's replay
 * report and track are read THROUGH the room, for its members only), and the owner's invite links
 * (signed with the session secret so realtime verifies the same links; expiry and revocation in
 * Postgres). Every function asks db's policy first.
 */
import type { EntityManager } from '@rlcoach/db';
import { policy, type Actor } from '@rlcoach/db/auth/policy';
import type { RoomRole } from '@rlcoach/db/contracts/rooms';
import {
  createInvite,
  createRoom,
  findRoom,
  listInvites,
  listRoomsOnReplay,
  readRoomReplayReport,
  redeemInvite,
  revokeInvite,
  roomRoleOf,
  type InviteRefusal,
} from '@rlcoach/db/repositories/room-repository';
import { signInviteToken, verifyInviteToken } from '@rlcoach/db/rooms/invite-token';
import { webConfig } from './env';

/** Invite lifetimes the owner may pick, in hours. */
export const INVITE_HOURS = [1, 24, 168] as const;

export interface RoomSummary {
  id: string;
  title: string;
  role: RoomRole;
  createdAt: string;
  closed: boolean;
}

export interface InviteView {
  id: string;
  role: 'member' | 'viewer';
  /** Path of the link (the page prefixes its origin). */
  path: string;
  expiresAt: string;
  state: 'live' | 'expired' | 'revoked';
}

export interface RoomPageData {
  room: { id: string; title: string; replayId: string; ownerId: string; controlMode: 'driver' | 'everyone' };
  role: RoomRole;
  mapName: string;
  playedAt: string | null;
  report: Record<string, unknown> | null;
  hasTrack: boolean;
  invites: InviteView[] | null;
}

export async function roomsOnReplay(
  em: EntityManager,
  userId: string,
  replayId: string,
): Promise<RoomSummary[]> {
  return (await listRoomsOnReplay(em, userId, replayId)).map((r) => ({
    id: r.id,
    title: r.title,
    role: r.role,
    createdAt: r.createdAt.toISOString(),
    closed: r.closedAt !== null,
  }));
}

export async function openRoom(
  em: EntityManager,
  actor: Actor,
  replayId: string,
  title: string,
): Promise<{ ok: true; roomId: string } | { ok: false; status: number; message: string }> {
  const decision = await policy.canOpenRoom(em, actor, replayId);
  if (!decision.allowed)
    return {
      ok: false,
      status: decision.status,
      message: decision.status === 403 ? 'Sign in with an account to open a review room.' : 'No such replay.',
    };
  const room = await createRoom(em, {
    ownerId: actor.userId,
    replayId: replayId.toLowerCase(),
    title: title.trim().slice(0, 120) || 'Review room',
  });
  return { ok: true, roomId: room.id };
}

function inviteView(
  roomId: string,
  i: Awaited<ReturnType<typeof listInvites>>[number],
  now: Date,
): InviteView {
  return {
    id: i.id,
    role: i.role,
    path: `/rooms/join/${signInviteToken(webConfig().sessionSecret, { roomId, inviteId: i.id })}`,
    expiresAt: i.expiresAt.toISOString(),
    state: i.revokedAt ? 'revoked' : i.expiresAt <= now ? 'expired' : 'live',
  };
}

/** The room page: the route guard already checked membership (policy.canViewRoom). */
export async function loadRoomPage(
  em: EntityManager,
  userId: string,
  roomId: string,
): Promise<RoomPageData | null> {
  const [room, role, replay] = await Promise.all([
    findRoom(em, roomId),
    roomRoleOf(em, roomId, userId),
    readRoomReplayReport(em, userId, roomId),
  ]);
  if (!room || !role || !replay) return null;
  const now = new Date();
  const invites =
    role === 'owner' ? (await listInvites(em, room.id)).map((i) => inviteView(room.id, i, now)) : null;
  return {
    room: {
      id: room.id,
      title: room.title,
      replayId: room.replayId,
      ownerId: room.ownerId,
      controlMode: room.controlMode,
    },
    role,
    mapName: replay.mapName ?? replay.mapCode ?? 'Unknown map',
    playedAt: replay.playedAt?.toISOString() ?? null,
    report: replay.report,
    hasTrack: replay.hasTrack,
    invites,
  };
}

export async function createRoomInvite(
  em: EntityManager,
  actor: Actor,
  roomId: string,
  role: string,
  hours: number,
): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  const decision = await policy.canManageRoom(em, actor, roomId);
  if (!decision.allowed)
    return { ok: false, status: decision.status, message: 'Only the room owner can invite.' };
  if (role !== 'member' && role !== 'viewer')
    return { ok: false, status: 400, message: 'Pick member or viewer.' };
  if (!(INVITE_HOURS as readonly number[]).includes(hours))
    return { ok: false, status: 400, message: 'Pick how long the link works.' };
  await createInvite(em, {
    roomId,
    createdBy: actor.userId,
    role,
    expiresAt: new Date(Date.now() + hours * 3600_000),
  });
  return { ok: true };
}

export async function revokeRoomInvite(
  em: EntityManager,
  actor: Actor,
  roomId: string,
  inviteId: string,
): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  const decision = await policy.canManageRoom(em, actor, roomId);
  if (!decision.allowed)
    return { ok: false, status: decision.status, message: 'Only the room owner can revoke.' };
  return (await revokeInvite(em, roomId, inviteId))
    ? { ok: true }
    : { ok: false, status: 404, message: 'No such live invite in this room.' };
}

const REFUSALS: Record<InviteRefusal, string> = {
  unknown: 'This invite link is not valid.',
  expired: 'This invite link has expired. Ask the room owner for a new one.',
  revoked: 'This invite link was revoked by the room owner.',
  closed: 'This review room has been closed.',
};

/** What the join page shows before the user accepts: the room's title, or why the link does not work. */
export async function previewInvite(
  em: EntityManager,
  token: string,
): Promise<{ ok: true; roomId: string; title: string } | { ok: false; message: string }> {
  const claims = verifyInviteToken(webConfig().sessionSecret, token);
  if (!claims) return { ok: false, message: REFUSALS.unknown };
  const room = await findRoom(em, claims.roomId);
  if (!room) return { ok: false, message: REFUSALS.unknown };
  const invite = (await listInvites(em, room.id)).find((i) => i.id === claims.inviteId);
  if (!invite) return { ok: false, message: REFUSALS.unknown };
  if (invite.revokedAt) return { ok: false, message: REFUSALS.revoked };
  if (invite.expiresAt <= new Date()) return { ok: false, message: REFUSALS.expired };
  if (room.closedAt) return { ok: false, message: REFUSALS.closed };
  return { ok: true, roomId: room.id, title: room.title };
}

/** Accepting an invite: the user becomes a member with the invite's role (or keeps their own). */
export async function acceptInvite(
  em: EntityManager,
  actor: Actor,
  token: string,
): Promise<{ ok: true; roomId: string } | { ok: false; message: string }> {
  if (actor.kind === 'guest') return { ok: false, message: 'Sign in with an account to join a review room.' };
  const claims = verifyInviteToken(webConfig().sessionSecret, token);
  if (!claims) return { ok: false, message: REFUSALS.unknown };
  const r = await redeemInvite(em, {
    roomId: claims.roomId,
    inviteId: claims.inviteId,
    userId: actor.userId,
  });
  return r.ok ? { ok: true, roomId: claims.roomId } : { ok: false, message: REFUSALS[r.reason] };
}
