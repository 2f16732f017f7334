/**
 * The coach's rows against a real Postgres: who may ask and within which limits (createAsk), the
 * owner-only reads of conversations and notes, and the token budget — including 20 reservations
 * racing one budget from 20 connections without overspending it by a single token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User, UserKind, createOrm, setPlanGrant, type MikroORM } from '../src/index.js';
import {
  CoachAskError,
  CoachNoteError,
  DEFAULT_COACH_LIMITS,
  createAsk,
  coachSpendSince,
  createCoachNote,
  COACH_ANSWER_LOST,
  deleteCoachNote,
  failStaleCoachAnswers,
  finishCoachAnswer,
  listCoachNotes,
  listConversations,
  readBudgetStatus,
  readCoachMessage,
  readConversation,
  readReplyContext,
  reserveTokens,
  settleAbandonedReservations,
  settleReservation,
  updateCoachNote,
} from '../src/coach/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';
import { loadWorkerConfig } from '../src/config/worker.js';
import { ConfigError } from '../src/config/env-schema.js';

let db: TestDatabase;
const limits = { ...DEFAULT_COACH_LIMITS, requestsPerHour: 1_000 };

async function user(kind: UserKind, pro: boolean): Promise<string> {
  const em = db.orm.em.fork();
  const u = em.create(User, { displayName: `u-${Math.random()}`, kind } as User);
  await em.flush();
  if (pro) await setPlanGrant(em, u.id, 'pro');
  return u.id;
}

const ask = (userId: string, body: unknown, l = limits, now?: Date) =>
  createAsk(db.orm.em.fork(), userId, body, l, now);

async function refused(p: Promise<unknown>): Promise<CoachAskError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoachAskError);
  return err as CoachAskError;
}

const end = (status: 'complete' | 'partial' | 'failed', text = 'ok') => ({
  status,
  text,
  reason: null,
  toolCalls: null,
  usage: { inputTokens: 10, outputTokens: 5 },
  lastSeq: 3,
});

beforeAll(async () => {
  db = await createTestDatabase('coach');
});
afterAll(async () => {
  await db?.drop();
});

describe('createAsk', () => {
  it('opens a conversation with the question and a streaming answer, and continues it', async () => {
    const pro = await user(UserKind.Member, true);
    const first = await ask(pro, {
      conversationId: null,
      text: '  How was my last session?  ',
      mode: 'chat',
    });
    expect(first.preview).toBe(false);
    const view = await readConversation(db.orm.em.fork(), pro, first.conversationId);
    expect(view?.title).toBe('How was my last session?');
    expect(view?.messages.map((m) => [m.id, m.role, m.status])).toEqual([
      [first.userMessageId, 'user', 'complete'],
      [first.messageId, 'assistant', 'streaming'],
    ]);

    // Still streaming: a second question in the same conversation waits.
    const busy = await refused(
      ask(pro, { conversationId: first.conversationId, text: 'and?', mode: 'chat' }),
    );
    expect(busy.code).toBe('BUSY');

    expect(
      await finishCoachAnswer(db.orm.em.fork(), first.messageId, end('complete', 'You won 3 of 5.')),
    ).toBe(true);
    // Ends once: a second finish changes nothing.
    expect(await finishCoachAnswer(db.orm.em.fork(), first.messageId, end('failed', 'x'))).toBe(false);
    // The ops page's month-so-far spend counts the stored usage of ended answers (this file's other
    // tests add theirs, so compare before/after windows rather than a total).
    const spent = await coachSpendSince(db.orm.em.fork(), new Date(Date.now() - 60_000));
    expect(spent.inputTokens).toBeGreaterThanOrEqual(10);
    expect(spent.outputTokens).toBeGreaterThanOrEqual(5);
    expect(await coachSpendSince(db.orm.em.fork(), new Date(Date.now() + 60_000))).toEqual({
      inputTokens: 0,
      outputTokens: 0,
    });

    const second = await ask(pro, {
      conversationId: first.conversationId.toUpperCase(),
      text: 'What should I work on?',
      mode: 'review-session',
    });
    expect(second.conversationId).toBe(first.conversationId);
    const ctx = await readReplyContext(db.orm.em.fork(), pro, second.messageId);
    expect(ctx).toMatchObject({ mode: 'review-session', preview: false, status: 'streaming' });
    expect(ctx!.history).toEqual([
      { role: 'user', text: 'How was my last session?' },
      { role: 'assistant', text: 'You won 3 of 5.' },
      { role: 'user', text: 'What should I work on?' },
    ]);
    const list = await listConversations(db.orm.em.fork(), pro);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: first.conversationId, messages: 4, lastStatus: 'streaming' });
  });

  it('ends answers whose job was lost, so their conversation is not busy forever', async () => {
    const pro = await user(UserKind.Member, true);
    const old = await ask(
      pro,
      { conversationId: null, text: 'lost', mode: 'chat' },
      limits,
      new Date(Date.now() - 7_200_000),
    );
    const fresh = await ask(pro, { conversationId: null, text: 'running', mode: 'chat' });
    const ended = await failStaleCoachAnswers(db.orm.em.fork(), new Date(Date.now() - 3_600_000));
    expect(ended).toContain(old.messageId);
    expect(ended).not.toContain(fresh.messageId);
    expect(await readCoachMessage(db.orm.em.fork(), pro, old.messageId)).toMatchObject({
      status: 'failed',
      reason: COACH_ANSWER_LOST,
    });
    await ask(pro, { conversationId: old.conversationId, text: 'again', mode: 'chat' });
  });

  it("treats another user's conversation and messages as not found", async () => {
    const alice = await user(UserKind.Member, true);
    const bob = await user(UserKind.Member, true);
    const a = await ask(alice, { conversationId: null, text: 'hi', mode: 'chat' });
    const err = await refused(ask(bob, { conversationId: a.conversationId, text: 'peek', mode: 'chat' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(await readConversation(db.orm.em.fork(), bob, a.conversationId)).toBeNull();
    expect(await readCoachMessage(db.orm.em.fork(), bob, a.messageId)).toBeNull();
    expect(await readReplyContext(db.orm.em.fork(), bob, a.messageId)).toBeNull();
    expect((await readCoachMessage(db.orm.em.fork(), alice, a.messageId))?.status).toBe('streaming');
    expect(await listConversations(db.orm.em.fork(), bob)).toEqual([]);
  });

  it('refuses bad input and guests with typed errors', async () => {
    const pro = await user(UserKind.Member, true);
    const guest = await user(UserKind.Guest, false);
    expect((await refused(ask(pro, { conversationId: null, text: '   ', mode: 'chat' }))).code).toBe(
      'INVALID',
    );
    expect((await refused(ask(pro, { conversationId: 'nope', text: 'x', mode: 'chat' }))).code).toBe(
      'INVALID',
    );
    expect((await refused(ask(pro, { conversationId: null, text: 'x', mode: 'rant' }))).code).toBe('INVALID');
    expect(
      (await refused(ask(pro, { conversationId: null, text: 'x'.repeat(4001), mode: 'chat' }))).code,
    ).toBe('INVALID');
    expect((await refused(ask(guest, { conversationId: null, text: 'x', mode: 'chat' }))).code).toBe(
      'FORBIDDEN',
    );
  });

  it('gives a free player one preview answer in all, even when asked concurrently', async () => {
    const free = await user(UserKind.Member, false);
    const tries = await Promise.allSettled(
      Array.from({ length: 5 }, () => ask(free, { conversationId: null, text: 'preview?', mode: 'chat' })),
    );
    const ok = tries.filter((t) => t.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    expect((ok[0] as PromiseFulfilledResult<{ preview: boolean }>).value.preview).toBe(true);
    for (const t of tries.filter((t) => t.status === 'rejected'))
      expect((t as PromiseRejectedResult).reason).toMatchObject({ code: 'PREVIEW_USED' });
  });

  it('gives the preview again when it failed before answering (e.g. the coach was not configured)', async () => {
    const free = await user(UserKind.Member, false);
    const first = await ask(free, { conversationId: null, text: 'a', mode: 'chat' });
    await finishCoachAnswer(db.orm.em.fork(), first.messageId, end('failed', ''));
    const again = await ask(free, { conversationId: null, text: 'b', mode: 'chat' });
    expect(again.preview).toBe(true);
    await finishCoachAnswer(db.orm.em.fork(), again.messageId, end('complete'));
    expect((await refused(ask(free, { conversationId: null, text: 'c', mode: 'chat' }))).code).toBe(
      'PREVIEW_USED',
    );
  });

  it('allows requestsPerHour questions per rolling hour', async () => {
    const pro = await user(UserKind.Member, true);
    const hourly = { ...limits, requestsPerHour: 3 };
    const t0 = new Date('2026-12-06T10:00:00Z');
    for (let i = 0; i < 3; i++)
      await ask(
        pro,
        { conversationId: null, text: `q${i}`, mode: 'chat' },
        hourly,
        new Date(t0.getTime() + i * 60_000),
      );
    const err = await refused(
      ask(
        pro,
        { conversationId: null, text: 'q3', mode: 'chat' },
        hourly,
        new Date(t0.getTime() + 30 * 60_000),
      ),
    );
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAt?.toISOString()).toBe('2026-12-06T11:00:00.000Z');
    // An hour after the first, one more fits.
    await ask(
      pro,
      { conversationId: null, text: 'q4', mode: 'chat' },
      hourly,
      new Date(t0.getTime() + 61 * 60_000),
    );
  });

  it('refuses a Pro player whose monthly budget is used up, naming the reset date', async () => {
    const pro = await user(UserKind.Member, true);
    const now = new Date('2026-12-06T10:00:00Z');
    const r = await reserveTokens(db.orm.em.fork(), {
      userId: pro,
      messageId: null,
      tokens: 1000,
      limitTokens: 1000,
      now,
    });
    expect(r.granted).toBe(true);
    const err = await refused(
      ask(pro, { conversationId: null, text: 'x', mode: 'chat' }, { ...limits, monthlyTokens: 1000 }, now),
    );
    expect(err.code).toBe('BUDGET_EXHAUSTED');
    expect(err.message).toContain('2027-01-01');
  });
});

describe('notes', () => {
  it('are created, listed, edited and deleted by their owner only', async () => {
    const alice = await user(UserKind.Member, true);
    const bob = await user(UserKind.Member, true);
    const note = await createCoachNote(db.orm.em.fork(), alice, 'Rotates too late on defence', 'coach');
    expect(note.source).toBe('coach');
    expect(await updateCoachNote(db.orm.em.fork(), bob, note.id, 'hacked')).toBeNull();
    expect(await deleteCoachNote(db.orm.em.fork(), bob, note.id)).toBe(false);
    const edited = await updateCoachNote(
      db.orm.em.fork(),
      alice,
      note.id,
      'Rotates late on defence (working on it)',
    );
    expect(edited).toMatchObject({ source: 'player', text: 'Rotates late on defence (working on it)' });
    expect((await listCoachNotes(db.orm.em.fork(), alice)).map((n) => n.id)).toEqual([note.id]);
    expect(await listCoachNotes(db.orm.em.fork(), bob)).toEqual([]);
    await expect(createCoachNote(db.orm.em.fork(), alice, ' ', 'player')).rejects.toBeInstanceOf(
      CoachNoteError,
    );
    expect(await deleteCoachNote(db.orm.em.fork(), alice, note.id)).toBe(true);
    expect(await listCoachNotes(db.orm.em.fork(), alice)).toEqual([]);
  });
});

describe('token budget', () => {
  const now = new Date('2026-12-06T10:00:00Z');

  it('settles a reservation once, with the real usage, and reports 80 % as a warning', async () => {
    const pro = await user(UserKind.Member, true);
    const em = () => db.orm.em.fork();
    const r = await reserveTokens(em(), {
      userId: pro,
      messageId: null,
      tokens: 900,
      limitTokens: 1000,
      now,
    });
    if (!r.granted) throw new Error('refused');
    expect(r.status).toMatchObject({ usedTokens: 0, reservedTokens: 900, warn: true, exhausted: false });
    expect(await settleReservation(em(), r.reservationId, 650)).toBe(true);
    expect(await settleReservation(em(), r.reservationId, 10)).toBe(false);
    const s = await readBudgetStatus(em(), pro, 1000, now);
    expect(s).toMatchObject({ usedTokens: 650, reservedTokens: 0, warn: false, exhausted: false });
    expect(s.resetsAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    // Another month is another budget.
    expect((await readBudgetStatus(em(), pro, 1000, new Date('2027-01-02T00:00:00Z'))).usedTokens).toBe(0);
  });

  it('charges abandoned reservations in full', async () => {
    const pro = await user(UserKind.Member, true);
    const a = await ask(pro, { conversationId: null, text: 'x', mode: 'chat' });
    await reserveTokens(db.orm.em.fork(), {
      userId: pro,
      messageId: a.messageId,
      tokens: 300,
      limitTokens: 1000,
      now,
    });
    expect(await settleAbandonedReservations(db.orm.em.fork(), { messageId: a.messageId })).toBe(1);
    expect(await readBudgetStatus(db.orm.em.fork(), pro, 1000, now)).toMatchObject({
      usedTokens: 300,
      reservedTokens: 0,
    });
  });

  describe('racing', () => {
    let wide: MikroORM;
    beforeAll(async () => {
      // 20 connections, so the 20 reservations really run at once.
      wide = await createOrm({ databaseUrl: db.url, overrides: { pool: { min: 20, max: 20 } } });
    });
    afterAll(async () => {
      await wide?.close(true);
    });

    it('20 concurrent reservations never hold more than the budget, not by a single token', async () => {
      const pro = await user(UserKind.Member, true);
      const limit = 150_000;
      const ask = 17_389; // 8 fit (139 112), a 9th would exceed
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          reserveTokens(wide.em.fork(), {
            userId: pro,
            messageId: null,
            tokens: ask,
            limitTokens: limit,
            now,
          }),
        ),
      );
      const granted = results.filter((r) => r.granted);
      expect(granted).toHaveLength(Math.floor(limit / ask));
      const held = await readBudgetStatus(db.orm.em.fork(), pro, limit, now);
      expect(held.reservedTokens).toBe(granted.length * ask);
      expect(held.usedTokens + held.reservedTokens).toBeLessThanOrEqual(limit);

      // Settle them concurrently with their real (smaller) usage while 20 more race for what is freed.
      const usages = granted.map((_, i) => 9_000 + i * 37);
      const second = await Promise.all([
        ...granted.map((r, i) =>
          settleReservation(wide.em.fork(), (r as { reservationId: string }).reservationId, usages[i]!),
        ),
        ...Array.from({ length: 20 }, () =>
          reserveTokens(wide.em.fork(), {
            userId: pro,
            messageId: null,
            tokens: ask,
            limitTokens: limit,
            now,
          }),
        ),
      ]);
      const regranted = second.slice(granted.length).filter((r) => typeof r === 'object' && r.granted);
      const after = await readBudgetStatus(db.orm.em.fork(), pro, limit, now);
      const used = usages.reduce((a, b) => a + b, 0);
      expect(after.usedTokens).toBe(used);
      expect(after.reservedTokens).toBe(regranted.length * ask);
      expect(after.usedTokens + after.reservedTokens).toBeLessThanOrEqual(limit);
      // The reservations table agrees with the budget row.
      const [open] = await wide.em
        .fork()
        .getConnection()
        .execute<{ n: number; held: string }[]>(
          'select count(*)::int as n, coalesce(sum(reserved_tokens), 0) as held from coach_reservations where user_id = ? and settled_at is null',
          [pro],
        );
      expect(open!.n).toBe(regranted.length);
      expect(Number(open!.held)).toBe(after.reservedTokens);
    });
  });
});

describe('coach settings (worker)', () => {
  const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/x' };

  it('default to 150K tokens a month, 10 questions an hour, and no key (not configured)', () => {
    const c = loadWorkerConfig(base).coach;
    expect(c).toMatchObject({
      apiKey: null,
      baseUrl: null,
      maxTokens: 4096,
      thinkingBudget: 2048,
      maxSteps: 6,
    });
    expect(c.limits).toEqual({ monthlyTokens: 150_000, requestsPerHour: 10, previewTokens: 20_000 });
  });

  it('refuse a thinking budget the API would refuse, naming the variable', () => {
    for (const COACH_THINKING_BUDGET of ['500', '4096']) {
      const err = (() => {
        try {
          loadWorkerConfig({ ...base, COACH_THINKING_BUDGET });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join()).toMatch(/COACH_THINKING_BUDGET/);
    }
    expect(loadWorkerConfig({ ...base, COACH_THINKING_BUDGET: '0' }).coach.thinkingBudget).toBe(0);
    expect(() => loadWorkerConfig({ ...base, ANTHROPIC_BASE_URL: 'ftp://x' })).toThrow(/ANTHROPIC_BASE_URL/);
  });
});
