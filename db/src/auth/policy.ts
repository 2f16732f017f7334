/**
 * Authorization in one place. Every HTTP endpoint, form action, load function and
 * socket handler asks here; nothing else decides who may see or do what.
 *
 * Denials say how to answer: 401 when nobody is signed in, 404 (never 403) for
 * another user's replay so ids cannot be probed for existence, 403 when the actor
 * is known but the action is not theirs to take.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { isOwner } from '../repositories/ownership-repository.js';
import { exportOfOwner } from './data-exports.js';
import type { Entitlement } from '../billing/entitlement.js';
import type { ControlMode, RoomRole } from '../contracts/rooms.js';
import { findRoom, roomRoleOf } from '../repositories/room-repository.js';

export interface Actor {
  userId: string;
  kind: 'guest' | 'demo' | 'member';
  /** Operators administer queues and see the ops area; absent means player. */
  role?: 'player' | 'admin';
}

export type DenialCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';
export type Decision = { allowed: true } | { allowed: false; status: 401 | 403 | 404; code: DenialCode };

export const ALLOW: Decision = { allowed: true };
const SIGNED_OUT: Decision = { allowed: false, status: 401, code: 'UNAUTHENTICATED' };
const NOT_FOUND: Decision = { allowed: false, status: 404, code: 'NOT_FOUND' };
const FORBIDDEN: Decision = { allowed: false, status: 403, code: 'FORBIDDEN' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rule names the route table refers to (web/test/auth/route-rules.ts). */
export type RuleName = keyof typeof policy;

export const policy = {
  /** Any page or API about the signed-in user's own data (home, replay list, settings, uploads). */
  signedIn(actor: Actor | null): Decision {
    return actor ? ALLOW : SIGNED_OUT;
  },

  /** Uploading: any signed-in account (the per-user rate limit bounds it); a guest is not an account. */
  canUpload(actor: Actor | null): Decision {
    if (!actor) return SIGNED_OUT;
    return actor.kind === 'guest' ? FORBIDDEN : ALLOW;
  },

  /** A replay is visible to the users who uploaded it. */
  async canViewReplay(em: EntityManager, actor: Actor | null, replayId: string): Promise<Decision> {
    if (!actor) return SIGNED_OUT;
    if (!UUID.test(replayId)) return NOT_FOUND;
    return (await isOwner(em, actor.userId, replayId.toLowerCase())) ? ALLOW : NOT_FOUND;
  },

  /** Live events of a replay room follow the same rule as viewing it. */
  async canJoinReplayRoom(em: EntityManager, actor: Actor | null, replayId: string): Promise<Decision> {
    return policy.canViewReplay(em, actor, replayId);
  },

  /** A data export archive is downloadable by the user it belongs to; anyone else gets 404. */
  async canDownloadExport(em: EntityManager, actor: Actor | null, exportId: string): Promise<Decision> {
    if (!actor) return SIGNED_OUT;
    return (await exportOfOwner(em, actor.userId, exportId)) ? ALLOW : NOT_FOUND;
  },

  /**
   * Scheduling (or cancelling) the deletion of one's own account. The seeded demo account is a
   * shared showcase, not a person's data: nobody may delete it through the app.
   */
  canDeleteAccount(actor: Actor | null): Decision {
    if (!actor) return SIGNED_OUT;
    return actor.kind === 'demo' ? FORBIDDEN : ALLOW;
  },

  /** The ops area (queue monitor, live ops page, retry/clean actions): admins only. */
  canOperate(actor: Actor | null): Decision {
    if (!actor) return SIGNED_OUT;
    return actor.role === 'admin' ? ALLOW : FORBIDDEN;
  },

  /**
   * A full coach answer: Pro only (`entitlementOf` in billing/entitlement.ts says who is Pro).
   * Free players get the preview answer the coach grants separately; guests get nothing.
   */
  canUseCoach(actor: Actor | null, entitlement: Entitlement): Decision {
    if (!actor) return SIGNED_OUT;
    if (actor.kind === 'guest') return FORBIDDEN;
    return entitlement.plan === 'pro' ? ALLOW : FORBIDDEN;
  },

  /**
   * Buying or managing a subscription (Checkout, the Billing Portal): member accounts only. A guest
   * has no lasting account to attach it to; the demo account is a shared showcase.
   */
  canManageBilling(actor: Actor | null): Decision {
    if (!actor) return SIGNED_OUT;
    return actor.kind === 'member' ? ALLOW : FORBIDDEN;
  },

  /** Opening a review room on a replay: an account (not a guest) that can see the replay. */
  async canOpenRoom(em: EntityManager, actor: Actor | null, replayId: string): Promise<Decision> {
    if (!actor) return SIGNED_OUT;
    if (actor.kind === 'guest') return FORBIDDEN;
    return policy.canViewReplay(em, actor, replayId);
  },

  /**
   * A review room and, through it, THAT room's replay: its report and positions track only (never
   * the owner's other replays or data). Members of the room, whatever their role; anyone else 404.
   */
  async canViewRoom(em: EntityManager, actor: Actor | null, roomId: string): Promise<Decision> {
    if (!actor) return SIGNED_OUT;
    return (await roomRoleOf(em, roomId.toLowerCase(), actor.userId)) ? ALLOW : NOT_FOUND;
  },

  /** Reading a replay reached through a room: the room is live for the actor and is on that replay. */
  async canViewRoomReplay(
    em: EntityManager,
    actor: Actor | null,
    roomId: string,
    replayId: string,
  ): Promise<Decision> {
    const member = await policy.canViewRoom(em, actor, roomId);
    if (!member.allowed) return member;
    const room = await findRoom(em, roomId.toLowerCase());
    return room && room.replayId === replayId.toLowerCase() ? ALLOW : NOT_FOUND;
  },

  /** Invite links, control mode, closing: the room's owner; other members 403, strangers 404. */
  async canManageRoom(em: EntityManager, actor: Actor | null, roomId: string): Promise<Decision> {
    if (!actor) return SIGNED_OUT;
    const role = await roomRoleOf(em, roomId.toLowerCase(), actor.userId);
    if (!role) return NOT_FOUND;
    return role === 'owner' ? ALLOW : FORBIDDEN;
  },

  /**
   * Play, pause, seek, speed: never a viewer; in "driver" mode only the driver, in "everyone"
   * mode any owner or member. (The playback store re-checks the driver atomically with the change.)
   */
  canControlRoomPlayback(
    role: RoomRole | null,
    ctx: { userId: string; driverId: string; controlMode: ControlMode },
  ): Decision {
    if (!role) return NOT_FOUND;
    if (role === 'viewer') return FORBIDDEN;
    return ctx.controlMode === 'everyone' || ctx.driverId === ctx.userId ? ALLOW : FORBIDDEN;
  },

  /** Handing the driver over: the driver or the owner, to a member who is not a viewer. */
  canPassRoomDriver(
    role: RoomRole | null,
    ctx: { userId: string; driverId: string; targetRole: RoomRole | null },
  ): Decision {
    if (!role) return NOT_FOUND;
    if (role !== 'owner' && ctx.driverId !== ctx.userId) return FORBIDDEN;
    if (!ctx.targetRole || ctx.targetRole === 'viewer') return FORBIDDEN;
    return ALLOW;
  },

  /** Notes and drawings: owners and members; viewers watch and chat. */
  canAnnotateRoom(role: RoomRole | null): Decision {
    if (!role) return NOT_FOUND;
    return role === 'viewer' ? FORBIDDEN : ALLOW;
  },

  /** Chat, typing, pointers, presence: any member of the room. */
  canTalkInRoom(role: RoomRole | null): Decision {
    return role ? ALLOW : NOT_FOUND;
  },

  /** `replay:status`: answered only for the caller's own replays (the query filters by ownership). */
  canQueryReplayStatus(actor: Actor | null): Decision {
    return actor ? ALLOW : SIGNED_OUT;
  },
} as const;
