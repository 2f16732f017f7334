/**
 * The coach's token budget: a reservation is taken before every upstream call and settled with the
 * call's real usage afterwards. Taking one is a single conditional UPDATE
 * (used + reserved + asked ≤ limit) on the user's row for the month; Postgres serialises
 * concurrent updates of that row and re-checks the condition after each wait, so no number of
 * concurrent calls can hold more than the limit. Settling releases the hold and charges the usage,
 * once (a second settle of the same reservation is a no-op).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { COACH_BUDGET_WARN_RATIO, budgetPeriodStart, budgetResetsAt } from '../coach/limits.js';
import { sqlAll, sqlRun } from './sql-exec.js';

export interface CoachBudgetStatus {
  usedTokens: number;
  /** Held by calls still running. */
  reservedTokens: number;
  limitTokens: number;
  /** When the month's budget starts again. */
  resetsAt: Date;
  /** At or past 80 % of the limit (used + reserved). */
  warn: boolean;
  /** Nothing left to reserve. */
  exhausted: boolean;
}

export type Reservation =
  | { granted: true; reservationId: string; status: CoachBudgetStatus }
  | { granted: false; status: CoachBudgetStatus };

interface BudgetRow {
  used_tokens: string | number;
  reserved_tokens: string | number;
}

function statusOf(row: BudgetRow | undefined, limitTokens: number, now: Date): CoachBudgetStatus {
  const usedTokens = Number(row?.used_tokens ?? 0);
  const reservedTokens = Number(row?.reserved_tokens ?? 0);
  const held = usedTokens + reservedTokens;
  return {
    usedTokens,
    reservedTokens,
    limitTokens,
    resetsAt: budgetResetsAt(now),
    warn: held >= limitTokens * COACH_BUDGET_WARN_RATIO,
    exhausted: held >= limitTokens,
  };
}

/** The user's budget this month against `limitTokens`. */
export async function readBudgetStatus(
  em: EntityManager,
  userId: string,
  limitTokens: number,
  now: Date = new Date(),
): Promise<CoachBudgetStatus> {
  const [row] = await sqlAll<BudgetRow>(
    em,
    'select used_tokens, reserved_tokens from coach_budgets where user_id = ? and period_start = ?',
    [userId, budgetPeriodStart(now)],
  );
  return statusOf(row, limitTokens, now);
}

/**
 * Hold `tokens` of the user's monthly budget for one upstream call of answer `messageId`; refused
 * (nothing held) when that would take used + reserved past `limitTokens`.
 */
export async function reserveTokens(
  em: EntityManager,
  input: { userId: string; messageId: string | null; tokens: number; limitTokens: number; now?: Date },
): Promise<Reservation> {
  const now = input.now ?? new Date();
  const period = budgetPeriodStart(now);
  const tokens = Math.max(0, Math.ceil(input.tokens));
  return em.transactional(async (tx) => {
    await sqlRun(
      tx,
      `insert into coach_budgets (user_id, period_start, used_tokens, reserved_tokens, updated_at)
       values (?, ?, 0, 0, now()) on conflict do nothing`,
      [input.userId, period],
    );
    const [held] = await sqlAll<BudgetRow>(
      tx,
      `update coach_budgets set reserved_tokens = reserved_tokens + ?, updated_at = now()
        where user_id = ? and period_start = ? and used_tokens + reserved_tokens + ? <= ?
        returning used_tokens, reserved_tokens`,
      [tokens, input.userId, period, tokens, input.limitTokens],
    );
    if (!held) {
      const [row] = await sqlAll<BudgetRow>(
        tx,
        'select used_tokens, reserved_tokens from coach_budgets where user_id = ? and period_start = ?',
        [input.userId, period],
      );
      return { granted: false, status: statusOf(row, input.limitTokens, now) };
    }
    const [r] = await sqlAll<{ id: string }>(
      tx,
      `insert into coach_reservations (id, user_id, period_start, message_id, reserved_tokens, created_at)
       values (gen_random_uuid(), ?, ?, ?, ?, now()) returning id`,
      [input.userId, period, input.messageId, tokens],
    );
    return { granted: true, reservationId: r!.id, status: statusOf(held, input.limitTokens, now) };
  });
}

/**
 * Release a reservation and charge `usedTokens` (the call's real input + output) to its month.
 * Returns false when it was already settled (nothing changes).
 */
export async function settleReservation(
  em: EntityManager,
  reservationId: string,
  usedTokens: number,
): Promise<boolean> {
  const used = Math.max(0, Math.ceil(usedTokens));
  return em.transactional(async (tx) => {
    const [r] = await sqlAll<{ user_id: string; period_start: Date; reserved_tokens: number }>(
      tx,
      `update coach_reservations set settled_at = now(), used_tokens = ?
        where id = ? and settled_at is null returning user_id, period_start, reserved_tokens`,
      [used, reservationId],
    );
    if (!r) return false;
    await sqlRun(
      tx,
      `update coach_budgets set reserved_tokens = greatest(0, reserved_tokens - ?),
              used_tokens = used_tokens + ?, updated_at = now()
        where user_id = ? and period_start = ?`,
      [r.reserved_tokens, used, r.user_id, r.period_start],
    );
    return true;
  });
}

/**
 * Reservations nobody will settle (the job that held them died): charged in full, since their real
 * usage is unknown. `messageId` settles one answer's (a restarted job); otherwise those older than
 * `olderThan` (the sweep).
 */
export async function settleAbandonedReservations(
  em: EntityManager,
  which: { messageId: string } | { olderThan: Date },
): Promise<number> {
  const open = await sqlAll<{ id: string; reserved_tokens: number }>(
    em,
    'messageId' in which
      ? 'select id, reserved_tokens from coach_reservations where message_id = ? and settled_at is null'
      : 'select id, reserved_tokens from coach_reservations where settled_at is null and created_at < ?',
    ['messageId' in which ? which.messageId : which.olderThan],
  );
  let settled = 0;
  for (const r of open) if (await settleReservation(em, r.id, r.reserved_tokens)) settled++;
  return settled;
}

export interface CoachSpend {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Tokens every coach answer used since `since` (the ops page shows the month so far): the real
 * usage each answer stored when it ended, so partial and failed answers count too.
 */
export async function coachSpendSince(em: EntityManager, since: Date): Promise<CoachSpend> {
  const [row] = await sqlAll<{ input: string | number | null; output: string | number | null }>(
    em,
    `select sum((usage->>'inputTokens')::bigint) as input, sum((usage->>'outputTokens')::bigint) as output
       from coach_messages where role = 'assistant' and usage is not null and created_at >= ?`,
    [since],
  );
  return { inputTokens: Number(row?.input ?? 0), outputTokens: Number(row?.output ?? 0) };
}
