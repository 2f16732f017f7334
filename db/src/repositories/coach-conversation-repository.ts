/**
 * Conversations and messages of the coach: the reads of the coach page (always filtered by the
 * owner: another user's id reads as nothing), the context the `coach.reply` job starts from, and
 * how an answer ends (complete, partial or failed, exactly once).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoachMessageStatus, CoachMode } from '../contracts/coach.js';
import type { CoachRole, StoredToolCall, StoredUsage } from '../entities/coach.js';
import { sqlAll, sqlRun } from './sql-exec.js';
import { toDate, toDateOrNull } from './summary-list-row.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CoachConversationSummary {
  id: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
  messages: number;
  /** The newest answer's status (null before any). */
  lastStatus: CoachMessageStatus | null;
}

/** A tool call as the page shows it: no inputs or results, only what ran and how it ended. */
export interface CoachToolCallView {
  id: string;
  name: string;
  label: string;
  isError: boolean;
}

export interface CoachMessageView {
  id: string;
  role: CoachRole;
  status: CoachMessageStatus;
  mode: CoachMode;
  text: string;
  reason: string | null;
  preview: boolean;
  toolCalls: CoachToolCallView[];
  usage: StoredUsage | null;
  /** Seq of the answer's `done` event (null while streaming). */
  lastSeq: number | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface CoachConversationView {
  id: string;
  title: string;
  createdAt: Date;
  updatedAt: Date;
  messages: CoachMessageView[];
}

interface MessageRecord {
  id: string;
  conversation_id: string;
  role: CoachRole;
  status: CoachMessageStatus;
  mode: CoachMode;
  text: string;
  reason: string | null;
  preview: boolean;
  tool_calls: StoredToolCall[] | null;
  usage: StoredUsage | null;
  last_seq: number | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

const MESSAGE_COLUMNS = `m.id, m.conversation_id, m.role, m.status, m.mode, m.text, m.reason, m.preview,
  m.tool_calls, m.usage, m.last_seq, m.created_at, m.finished_at`;

const toMessageView = (m: MessageRecord): CoachMessageView => ({
  id: m.id,
  role: m.role,
  status: m.status,
  mode: m.mode,
  text: m.text,
  reason: m.reason,
  preview: m.preview,
  toolCalls: (m.tool_calls ?? []).map((t) => ({
    id: t.id,
    name: t.name,
    label: t.label,
    isError: t.isError,
  })),
  usage: m.usage,
  lastSeq: m.last_seq,
  createdAt: toDate(m.created_at),
  finishedAt: toDateOrNull(m.finished_at),
});

/** The user's conversations, latest first. */
export async function listConversations(
  em: EntityManager,
  userId: string,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<CoachConversationSummary[]> {
  const rows = await sqlAll<{
    id: string;
    title: string;
    created_at: Date | string;
    updated_at: Date | string;
    messages: number;
    last_status: CoachMessageStatus | null;
  }>(
    em,
    `select c.id, c.title, c.created_at, c.updated_at,
            (select count(*)::int from coach_messages m where m.conversation_id = c.id) as messages,
            (select m.status from coach_messages m where m.conversation_id = c.id and m.role = 'assistant'
              order by m.created_at desc limit 1) as last_status
       from coach_conversations c where c.user_id = ?
      order by c.updated_at desc, c.id limit ? offset ?`,
    [userId, Math.min(Math.max(limit, 1), 200), Math.max(offset, 0)],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    messages: r.messages,
    lastStatus: r.last_status,
  }));
}

/** One conversation with its messages in order, or null (unknown, not a uuid, or another user's). */
export async function readConversation(
  em: EntityManager,
  userId: string,
  conversationId: string,
): Promise<CoachConversationView | null> {
  if (!UUID.test(conversationId)) return null;
  const [c] = await sqlAll<{
    id: string;
    title: string;
    created_at: Date | string;
    updated_at: Date | string;
  }>(em, 'select id, title, created_at, updated_at from coach_conversations where id = ? and user_id = ?', [
    conversationId,
    userId,
  ]);
  if (!c) return null;
  const messages = await sqlAll<MessageRecord>(
    em,
    `select ${MESSAGE_COLUMNS} from coach_messages m where m.conversation_id = ? and m.user_id = ?
      order by m.created_at, m.id`,
    [conversationId, userId],
  );
  return {
    id: c.id,
    title: c.title,
    createdAt: toDate(c.created_at),
    updatedAt: toDate(c.updated_at),
    messages: messages.map(toMessageView),
  };
}

/** Delete one of the user's conversations with its messages; false when it is not theirs. */
export async function deleteConversation(
  em: EntityManager,
  userId: string,
  conversationId: string,
): Promise<boolean> {
  if (!UUID.test(conversationId)) return false;
  return (
    (await sqlRun(em, 'delete from coach_conversations where id = ? and user_id = ?', [
      conversationId,
      userId,
    ])) > 0
  );
}

/** One message of the user's (for stop and resume: is it theirs, has it ended), or null. */
export async function readCoachMessage(
  em: EntityManager,
  userId: string,
  messageId: string,
): Promise<(CoachMessageView & { conversationId: string }) | null> {
  if (!UUID.test(messageId)) return null;
  const [m] = await sqlAll<MessageRecord>(
    em,
    `select ${MESSAGE_COLUMNS} from coach_messages m where m.id = ? and m.user_id = ?`,
    [messageId, userId],
  );
  return m ? { ...toMessageView(m), conversationId: m.conversation_id } : null;
}

/** What the `coach.reply` job starts from: the answer to write and the conversation before it. */
export interface CoachReplyContext {
  messageId: string;
  conversationId: string;
  userId: string;
  status: CoachMessageStatus;
  mode: CoachMode;
  preview: boolean;
  /** Earlier turns (text only, oldest first), ending with the question being answered. */
  history: Array<{ role: CoachRole; text: string }>;
}

/** The answer `messageId` of `userId` with up to `maxTurns` turns before it; null when not found. */
export async function readReplyContext(
  em: EntityManager,
  userId: string,
  messageId: string,
  maxTurns = 20,
): Promise<CoachReplyContext | null> {
  if (!UUID.test(messageId)) return null;
  const [m] = await sqlAll<MessageRecord>(
    em,
    `select ${MESSAGE_COLUMNS} from coach_messages m where m.id = ? and m.user_id = ? and m.role = 'assistant'`,
    [messageId, userId],
  );
  if (!m) return null;
  const before = await sqlAll<{ role: CoachRole; text: string }>(
    em,
    `select role, text from (
        select m.role, m.text, m.created_at, m.id from coach_messages m
         where m.conversation_id = ? and m.created_at < ? and m.text <> ''
         order by m.created_at desc, m.id desc limit ?) t
      order by t.created_at, t.id`,
    [m.conversation_id, m.created_at, maxTurns],
  );
  return {
    messageId: m.id,
    conversationId: m.conversation_id,
    userId,
    status: m.status,
    mode: m.mode,
    preview: m.preview,
    history: before,
  };
}

export interface CoachAnswerEnd {
  status: Exclude<CoachMessageStatus, 'streaming'>;
  text: string;
  reason: string | null;
  toolCalls: StoredToolCall[] | null;
  usage: StoredUsage | null;
  /** Seq of the `done` event announcing this end. */
  lastSeq: number | null;
}

/**
 * End an answer that is still streaming; false when it had already ended (a retried job, a second
 * stop), in which case nothing changes.
 */
export async function finishCoachAnswer(
  em: EntityManager,
  messageId: string,
  end: CoachAnswerEnd,
  now: Date = new Date(),
): Promise<boolean> {
  const changed = await sqlRun(
    em,
    `update coach_messages set status = ?, text = ?, reason = ?, tool_calls = ?, usage = ?, last_seq = ?, finished_at = ?
      where id = ? and role = 'assistant' and status = 'streaming'`,
    [
      end.status,
      end.text,
      end.reason,
      end.toolCalls === null ? null : JSON.stringify(end.toolCalls),
      end.usage === null ? null : JSON.stringify(end.usage),
      end.lastSeq,
      now,
      messageId,
    ],
  );
  return changed > 0;
}

/** The user's coach data for "Export my data": every conversation with its messages, notes and budget months. */
export interface ExportedCoachData {
  conversations: Array<{
    id: string;
    title: string;
    created_at: Date;
    messages: Array<
      Pick<
        MessageRecord,
        'id' | 'role' | 'status' | 'mode' | 'text' | 'reason' | 'preview' | 'tool_calls' | 'usage'
      > & {
        created_at: Date;
      }
    >;
  }>;
  notes: Array<{ id: string; text: string; source: string; created_at: Date; updated_at: Date }>;
  budgets: Array<{ period_start: Date; used_tokens: number }>;
}

export async function readCoachDataForExport(em: EntityManager, userId: string): Promise<ExportedCoachData> {
  const conversations = await sqlAll<{ id: string; title: string; created_at: Date }>(
    em,
    'select id, title, created_at from coach_conversations where user_id = ? order by created_at, id',
    [userId],
  );
  const messages = await sqlAll<MessageRecord & { created_at: Date }>(
    em,
    `select ${MESSAGE_COLUMNS} from coach_messages m where m.user_id = ? order by m.created_at, m.id`,
    [userId],
  );
  const notes = await sqlAll<ExportedCoachData['notes'][number]>(
    em,
    'select id, text, source, created_at, updated_at from coach_notes where user_id = ? order by created_at, id',
    [userId],
  );
  const budgets = await sqlAll<{ period_start: Date; used_tokens: string | number }>(
    em,
    'select period_start, used_tokens from coach_budgets where user_id = ? order by period_start',
    [userId],
  );
  return {
    conversations: conversations.map((c) => ({
      ...c,
      messages: messages
        .filter((m) => m.conversation_id === c.id)
        .map((m) => ({
          id: m.id,
          role: m.role,
          status: m.status,
          mode: m.mode,
          text: m.text,
          reason: m.reason,
          preview: m.preview,
          tool_calls: m.tool_calls,
          usage: m.usage,
          created_at: m.created_at,
        })),
    })),
    notes,
    budgets: budgets.map((b) => ({ period_start: b.period_start, used_tokens: Number(b.used_tokens) })),
  };
}

/** The reason of an answer whose job never ran or never finished (ended by the worker's sweep). */
export const COACH_ANSWER_LOST = 'The coach did not get to finish this answer. Ask again.';

/**
 * End answers still `streaming` that were created before `olderThan`: their job was lost (never
 * enqueued, or its process died for good). Without this a lost answer would keep its conversation
 * busy forever. Returns the ids ended.
 */
export async function failStaleCoachAnswers(em: EntityManager, olderThan: Date): Promise<string[]> {
  const rows = await sqlAll<{ id: string }>(
    em,
    `update coach_messages set status = 'failed', reason = ?, finished_at = now()
      where role = 'assistant' and status = 'streaming' and created_at < ? returning id`,
    [COACH_ANSWER_LOST, olderThan],
  );
  return rows.map((r) => r.id);
}
