/**
 * Taking a question for the coach (realtime's `coach:ask`): who may ask, within which limits, and
 * the rows the answer will fill, in one transaction under a lock on the user's row, so concurrent
 * asks of one user are decided one after the other (the hourly limit, the one preview answer and
 * the budget check cannot be raced).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { entitlementOf } from '../billing/entitlement.js';
import type { CoachAskAccepted } from '../contracts/coach.js';
import { coachAskInput } from '../coach/input.js';
import { budgetResetsAt, type CoachLimits } from '../coach/limits.js';
import { readBudgetStatus } from './coach-budget-repository.js';
import { sqlAll, sqlRun } from './sql-exec.js';

export type CoachAskErrorCode =
  'INVALID' | 'FORBIDDEN' | 'NOT_FOUND' | 'BUSY' | 'RATE_LIMITED' | 'BUDGET_EXHAUSTED' | 'PREVIEW_USED';

/** A question refused, with a message the player can read (and when to try again, where it applies). */
export class CoachAskError extends Error {
  override readonly name = 'CoachAskError';
  constructor(
    readonly code: CoachAskErrorCode,
    message: string,
    /** When asking again can succeed (rate limit, budget). */
    readonly retryAt: Date | null = null,
  ) {
    super(message);
  }
}

const HOUR_MS = 3_600_000;
const TITLE_CHARS = 80;

function titleOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= TITLE_CHARS ? line : `${line.slice(0, TITLE_CHARS - 1)}…`;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Accept a question: check the asker (a member or demo account; Pro, or a free player's one
 * preview), the hourly limit and the monthly budget, the conversation's owner (another user's id
 * reads as not found) and that no answer is still streaming in it; then store the question and
 * the assistant message (status `streaming`) the `coach.reply` job will fill. Throws CoachAskError.
 */
export async function createAsk(
  em: EntityManager,
  userId: string,
  raw: unknown,
  limits: CoachLimits,
  now: Date = new Date(),
): Promise<CoachAskAccepted> {
  const parsed = coachAskInput.safeParse(raw);
  if (!parsed.success)
    throw new CoachAskError('INVALID', parsed.error.issues[0]?.message ?? 'Invalid question.');
  const ask = parsed.data;
  return em.transactional(async (tx) => {
    const [user] = await sqlAll<{ kind: string }>(tx, 'select kind from users where id = ? for update', [
      userId,
    ]);
    if (!user || user.kind === 'guest')
      throw new CoachAskError('FORBIDDEN', 'Sign in with an account to talk to the coach.');
    const pro = (await entitlementOf(tx, userId, now)).plan === 'pro';

    const [counts] = await sqlAll<{ last_hour: number; oldest: Date | string | null; previews: number }>(
      tx,
      `select (count(*) filter (where role = 'user' and created_at > ?))::int as last_hour,
              min(created_at) filter (where role = 'user' and created_at > ?) as oldest,
              (count(*) filter (where role = 'assistant' and preview and status <> 'failed'))::int as previews
         from coach_messages where user_id = ?`,
      [new Date(now.getTime() - HOUR_MS), new Date(now.getTime() - HOUR_MS), userId],
    );
    if (!pro && (counts?.previews ?? 0) > 0)
      throw new CoachAskError('PREVIEW_USED', 'You have had your preview answer. The coach is part of Pro.');
    if ((counts?.last_hour ?? 0) >= limits.requestsPerHour) {
      const retryAt = new Date(new Date(counts!.oldest!).getTime() + HOUR_MS);
      throw new CoachAskError(
        'RATE_LIMITED',
        `You can ask ${limits.requestsPerHour} questions an hour; ask again after ${retryAt.toISOString().slice(11, 16)} UTC.`,
        retryAt,
      );
    }
    if (pro) {
      const budget = await readBudgetStatus(tx, userId, limits.monthlyTokens, now);
      if (budget.exhausted)
        throw new CoachAskError(
          'BUDGET_EXHAUSTED',
          `You have used this month's coaching budget. It resets on ${day(budget.resetsAt)}.`,
          budgetResetsAt(now),
        );
    }

    let conversationId = ask.conversationId;
    if (conversationId) {
      const [conv] = await sqlAll<{ streaming: boolean }>(
        tx,
        `select exists(select 1 from coach_messages m where m.conversation_id = c.id and m.status = 'streaming') as streaming
           from coach_conversations c where c.id = ? and c.user_id = ?`,
        [conversationId, userId],
      );
      if (!conv) throw new CoachAskError('NOT_FOUND', 'That conversation does not exist.');
      if (conv.streaming)
        throw new CoachAskError('BUSY', 'The coach is still answering in this conversation.');
      await sqlRun(tx, 'update coach_conversations set updated_at = ? where id = ?', [now, conversationId]);
    } else {
      const [conv] = await sqlAll<{ id: string }>(
        tx,
        `insert into coach_conversations (id, user_id, title, created_at, updated_at)
         values (gen_random_uuid(), ?, ?, ?, ?) returning id`,
        [userId, titleOf(ask.text), now, now],
      );
      conversationId = conv!.id;
    }

    const preview = !pro;
    // The answer is created a microsecond after the question so the two always sort in order.
    const [question] = await sqlAll<{ id: string }>(
      tx,
      `insert into coach_messages (id, conversation_id, user_id, role, status, mode, text, created_at, finished_at)
       values (gen_random_uuid(), ?, ?, 'user', 'complete', ?, ?, ?, ?) returning id`,
      [conversationId, userId, ask.mode, ask.text, now, now],
    );
    const [answer] = await sqlAll<{ id: string }>(
      tx,
      `insert into coach_messages (id, conversation_id, user_id, role, status, mode, preview, created_at)
       values (gen_random_uuid(), ?, ?, 'assistant', 'streaming', ?, ?, ?::timestamptz + interval '1 millisecond')
       returning id`,
      [conversationId, userId, ask.mode, preview, now],
    );
    return { conversationId, userMessageId: question!.id, messageId: answer!.id, preview };
  });
}
