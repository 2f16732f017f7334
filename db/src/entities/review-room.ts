/**
 * Review rooms (contracts/rooms.ts): a room on one replay, its members, invite links and chat, and
 * the annotations made in it. Annotations belong to the replay, not the room: they outlive it
 * (`room` set null when the room is deleted) so a coach reads them later.
 */
import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { AnnotationKind, ControlMode, FieldPoint, RoomRole } from '../contracts/rooms.js';
import { ANNOTATION_KINDS, CONTROL_MODES, ROOM_ROLES } from '../contracts/rooms.js';
import type { Replay } from './replay.js';
import type { User } from './user.js';

export class ReviewRoom {
  id: string = randomUUID();
  replay!: Ref<Replay>;
  owner!: Ref<User>;
  title!: string;
  controlMode: ControlMode & Opt = 'driver';
  createdAt: Date & Opt = new Date();
  /** Closed by the owner: nobody joins any more; chat and annotations stay. */
  closedAt: Date | null = null;
}

export const ReviewRoomSchema = new EntitySchema<ReviewRoom>({
  class: ReviewRoom,
  tableName: 'review_rooms',
  indexes: [{ name: 'review_rooms_replay_idx', properties: ['replay'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    replay: { kind: 'm:1', entity: 'Replay', ref: true, deleteRule: 'cascade' },
    owner: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    title: { type: 'string', length: 120 },
    controlMode: { enum: true, items: () => [...CONTROL_MODES], default: 'driver' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    closedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});

export class ReviewRoomMember {
  room!: Ref<ReviewRoom>;
  user!: Ref<User>;
  role!: RoomRole;
  joinedAt: Date & Opt = new Date();
}

export const ReviewRoomMemberSchema = new EntitySchema<ReviewRoomMember>({
  class: ReviewRoomMember,
  tableName: 'review_room_members',
  indexes: [{ name: 'review_room_members_user_idx', properties: ['user'] }],
  properties: {
    room: { kind: 'm:1', entity: 'ReviewRoom', primary: true, ref: true, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: 'User', primary: true, ref: true, deleteRule: 'cascade' },
    role: { enum: true, items: () => [...ROOM_ROLES] },
    joinedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

/** An invite link: the link carries the id and an HMAC (rooms/invite-token.ts); expiry and revocation live here. */
export class ReviewRoomInvite {
  id: string = randomUUID();
  room!: Ref<ReviewRoom>;
  /** The role a user joining through this link gets (never owner). */
  role!: Exclude<RoomRole, 'owner'>;
  createdBy!: Ref<User>;
  createdAt: Date & Opt = new Date();
  expiresAt!: Date;
  revokedAt: Date | null = null;
}

export const ReviewRoomInviteSchema = new EntitySchema<ReviewRoomInvite>({
  class: ReviewRoomInvite,
  tableName: 'review_room_invites',
  indexes: [{ name: 'review_room_invites_room_idx', properties: ['room'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    room: { kind: 'm:1', entity: 'ReviewRoom', ref: true, deleteRule: 'cascade' },
    role: { enum: true, items: () => ['member', 'viewer'] },
    createdBy: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    expiresAt: { type: 'datetime', columnType: 'timestamptz' },
    revokedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});

export class ReviewRoomMessage {
  id: string = randomUUID();
  room!: Ref<ReviewRoom>;
  author!: Ref<User>;
  /** The sender's id for it: a resend after a reconnect finds the stored row instead of adding one. */
  clientId!: string;
  text!: string;
  createdAt: Date & Opt = new Date();
}

export const ReviewRoomMessageSchema = new EntitySchema<ReviewRoomMessage>({
  class: ReviewRoomMessage,
  tableName: 'review_room_messages',
  indexes: [{ name: 'review_room_messages_room_created_idx', properties: ['room', 'createdAt'] }],
  uniques: [{ name: 'review_room_messages_client_uq', properties: ['author', 'clientId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    room: { kind: 'm:1', entity: 'ReviewRoom', ref: true, deleteRule: 'cascade' },
    author: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    clientId: { type: 'uuid' },
    text: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

export class ReplayAnnotation {
  id: string = randomUUID();
  replay!: Ref<Replay>;
  room!: Ref<ReviewRoom> | null;
  author!: Ref<User>;
  clientId!: string;
  /** Replay seconds (positions-track clock). */
  time!: number;
  kind!: AnnotationKind;
  text: string | null = null;
  /** Field points in unreal units (contracts/rooms.ts FIELD_BOUNDS). */
  points!: FieldPoint[];
  createdAt: Date & Opt = new Date();
}

export const ReplayAnnotationSchema = new EntitySchema<ReplayAnnotation>({
  class: ReplayAnnotation,
  tableName: 'replay_annotations',
  indexes: [{ name: 'replay_annotations_replay_time_idx', properties: ['replay', 'time'] }],
  uniques: [{ name: 'replay_annotations_client_uq', properties: ['author', 'clientId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    replay: { kind: 'm:1', entity: 'Replay', ref: true, deleteRule: 'cascade' },
    room: { kind: 'm:1', entity: 'ReviewRoom', ref: true, nullable: true, deleteRule: 'set null' },
    author: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    clientId: { type: 'uuid' },
    time: { type: 'double' },
    kind: { enum: true, items: () => [...ANNOTATION_KINDS] },
    text: { type: 'text', nullable: true },
    points: { type: 'json' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

export const reviewRoomEntities = [
  ReviewRoomSchema,
  ReviewRoomMemberSchema,
  ReviewRoomInviteSchema,
  ReviewRoomMessageSchema,
  ReplayAnnotationSchema,
];
