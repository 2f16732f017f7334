import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import type { CoachMessageStatus, CoachMode } from '../contracts/coach.js';
import type { User } from './user.js';

/** One chat between a player and the coach; its messages in order of creation. */
export class CoachConversation {
  id: string = randomUUID();
  user!: Ref<User>;
  /** The first question, shortened: what the conversation list shows. */
  title!: string;
  createdAt: Date & Opt = new Date();
  /** Moves with every new question, so the list shows the latest first. */
  updatedAt: Date & Opt = new Date();
}

export const CoachRole = { User: 'user', Assistant: 'assistant' } as const;
export type CoachRole = (typeof CoachRole)[keyof typeof CoachRole];

/** One tool call of an answer as stored: what the model asked for and what it got back. */
export interface StoredToolCall {
  id: string;
  name: string;
  label: string;
  input: unknown;
  /** The tool's JSON answer, or its error text when `isError`. */
  result: unknown;
  isError: boolean;
}

export interface StoredUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * A question (role user, always complete) or an answer (role assistant: `streaming` while the
 * `coach.reply` job writes it, then complete, partial or failed). `userId` is the conversation's
 * owner, kept on the row so every read can filter on it directly.
 */
export class CoachMessage {
  id: string = randomUUID();
  conversation!: Ref<CoachConversation>;
  user!: Ref<User>;
  role!: CoachRole;
  status!: CoachMessageStatus;
  mode!: CoachMode;
  text: string & Opt = '';
  toolCalls: StoredToolCall[] | null = null;
  usage: StoredUsage | null = null;
  /** Why an answer is partial or failed, in words the player can read. */
  reason: string | null = null;
  /** A free player's one preview answer. */
  preview: boolean & Opt = false;
  /** The seq of the answer's `done` event, so a late resume can be answered from here. */
  lastSeq: number | null = null;
  createdAt: Date & Opt = new Date();
  finishedAt: Date | null = null;
}

export const CoachNoteSource = { Coach: 'coach', Player: 'player' } as const;
export type CoachNoteSource = (typeof CoachNoteSource)[keyof typeof CoachNoteSource];

/** Something worth remembering about the player: saved by the coach, edited by the player. */
export class CoachNote {
  id: string = randomUUID();
  user!: Ref<User>;
  text!: string;
  /** Who wrote it last. */
  source!: CoachNoteSource;
  createdAt: Date & Opt = new Date();
  updatedAt: Date & Opt = new Date();
}

/**
 * One user's token account for one calendar month (UTC): tokens really used, and tokens held by
 * reservations of calls still running. A reservation is granted only while
 * used + reserved + asked ≤ limit, in one conditional UPDATE, so concurrent calls never overspend.
 */
export class CoachBudget {
  user!: Ref<User>;
  /** First instant of the month (UTC). */
  periodStart!: Date;
  usedTokens: number & Opt = 0;
  reservedTokens: number & Opt = 0;
  updatedAt: Date & Opt = new Date();
}

/** Tokens held for one upstream call until it is settled with the call's real usage. */
export class CoachReservation {
  id: string = randomUUID();
  user!: Ref<User>;
  periodStart!: Date;
  /** The answer the call belongs to (null once that message is gone). */
  message: Ref<CoachMessage> | null = null;
  reservedTokens!: number;
  /** Real usage charged at settlement. */
  usedTokens: number | null = null;
  createdAt: Date & Opt = new Date();
  settledAt: Date | null = null;
}

const ts = { type: 'datetime', columnType: 'timestamptz' } as const;
const statuses = ['streaming', 'complete', 'partial', 'failed'];
const modes = ['chat', 'review-session'];

export const CoachConversationSchema = new EntitySchema<CoachConversation>({
  class: CoachConversation,
  tableName: 'coach_conversations',
  indexes: [{ name: 'coach_conversations_user_updated_idx', properties: ['user', 'updatedAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    title: { type: 'string', length: 120 },
    createdAt: ts,
    updatedAt: ts,
  },
});

export const CoachMessageSchema = new EntitySchema<CoachMessage>({
  class: CoachMessage,
  tableName: 'coach_messages',
  indexes: [
    { name: 'coach_messages_conversation_created_idx', properties: ['conversation', 'createdAt'] },
    // The hourly request limit counts a user's questions; the preview check finds their preview.
    { name: 'coach_messages_user_created_idx', properties: ['user', 'createdAt'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    conversation: { kind: 'm:1', entity: 'CoachConversation', ref: true, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    role: { enum: true, items: () => Object.values(CoachRole) },
    status: { enum: true, items: () => statuses },
    mode: { enum: true, items: () => modes },
    text: { type: 'text', default: '' },
    toolCalls: { type: 'json', nullable: true },
    usage: { type: 'json', nullable: true },
    reason: { type: 'text', nullable: true },
    preview: { type: 'boolean', default: false },
    lastSeq: { type: 'integer', nullable: true },
    createdAt: ts,
    finishedAt: { ...ts, nullable: true },
  },
});

export const CoachNoteSchema = new EntitySchema<CoachNote>({
  class: CoachNote,
  tableName: 'coach_notes',
  indexes: [{ name: 'coach_notes_user_updated_idx', properties: ['user', 'updatedAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    text: { type: 'text' },
    source: { enum: true, items: () => Object.values(CoachNoteSource) },
    createdAt: ts,
    updatedAt: ts,
  },
});

export const CoachBudgetSchema = new EntitySchema<CoachBudget>({
  class: CoachBudget,
  tableName: 'coach_budgets',
  properties: {
    user: { kind: 'm:1', entity: 'User', primary: true, ref: true, deleteRule: 'cascade' },
    periodStart: { ...ts, primary: true },
    usedTokens: { type: 'bigint', runtimeType: 'number', default: 0 },
    reservedTokens: { type: 'bigint', runtimeType: 'number', default: 0 },
    updatedAt: ts,
  },
});

export const CoachReservationSchema = new EntitySchema<CoachReservation>({
  class: CoachReservation,
  tableName: 'coach_reservations',
  indexes: [
    { name: 'coach_reservations_message_idx', properties: ['message'] },
    // The sweep finds reservations left open by a crashed job.
    { name: 'coach_reservations_open_idx', properties: ['settledAt', 'createdAt'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: 'User', ref: true, deleteRule: 'cascade' },
    periodStart: ts,
    message: { kind: 'm:1', entity: 'CoachMessage', ref: true, nullable: true, deleteRule: 'set null' },
    reservedTokens: { type: 'integer' },
    usedTokens: { type: 'integer', nullable: true },
    createdAt: ts,
    settledAt: { ...ts, nullable: true },
  },
});

export const coachEntities = [
  CoachConversationSchema,
  CoachMessageSchema,
  CoachNoteSchema,
  CoachBudgetSchema,
  CoachReservationSchema,
];
