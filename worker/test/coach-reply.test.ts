/**
 * The `coach.reply` job end to end: the real SDK against the local fake Messages API
 * (db/src/testing/fake-anthropic.ts), the coach Worker on a real BullMQ queue, real Postgres with
 * real analysed replays, real Redis, and a real socket.io-client on a Socket.IO server with the
 * Redis adapter receiving what the worker emits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { matchInfo, parseHeader } from '@rlcoach/parser';
import { setPlanGrant } from '@rlcoach/db';
import { playerKey } from '@rlcoach/db/auth/identity';
import {
  CoachJobs,
  DEFAULT_COACH_LIMITS,
  budgetPeriodStart,
  createAsk,
  readBudgetStatus,
  readCoachEvents,
  readCoachMessage,
  requestCoachStop,
  reserveTokens,
  resumeCoachAnswer,
  appendCoachEvent,
} from '@rlcoach/db/coach/index';
import { COACH_NOT_CONFIGURED, coachKeys, type CoachEvent } from '@rlcoach/db/contracts/coach';
import { loadWorkerConfig, type WorkerConfig } from '@rlcoach/db/config/worker';
import { createLogger } from '@rlcoach/db/logging/logger';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import {
  startFakeAnthropic,
  type FakeAnthropic,
  type RecordedRequest,
} from '@rlcoach/db/testing/fake-anthropic';
import { ReplayStorage } from '@rlcoach/db/storage/replay-storage';
import { inlineCompute } from '../src/compute/inline.js';
import { processReplay } from '../src/handlers/process-replay.js';
import { CoachEventWriter } from '../src/coach/events.js';
import { runCoachReply } from '../src/coach/reply.js';
import { runTool } from '../src/coach/tools.js';
import { coachClient, startCoachWorker, type RunningCoachWorker } from '../src/queues/coach-worker.js';
import { Emitter } from '@socket.io/redis-emitter';
import {
  REDIS_URL,
  createUser,
  deleteKeys,
  demoBytes,
  startSocketServer,
  tempDir,
  unique,
  uploadDemo,
  waitFor,
} from './support.js';

const log = createLogger('worker', { level: 'silent' });
const prefix = unique('coach');
const socketKey = `${prefix}.io`;

let db: TestDatabase;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeAnthropic;
let config: WorkerConfig;
let coach: RunningCoachWorker;
let jobs: CoachJobs;
let redis: Redis;
let sockets: Awaited<ReturnType<typeof startSocketServer>>;
let alice: string;
let bob: string;
let aliceReplay: string;
let bobReplay: string;
let aliceSocket: Socket;
const received: CoachEvent[] = [];

/** Upload a demo replay for `userId`, claim its first identified player, analyse it in-process. */
async function analysedReplay(userId: string, file: string, storage: ReplayStorage): Promise<string> {
  const info = matchInfo(parseHeader(await demoBytes(file)));
  const player = info.players.find((p) => playerKey(p.platform, p.platformId))!;
  await db.orm.em
    .getConnection()
    .execute(
      'insert into player_claims (user_id, player_key, replay_id, created_at) values (?, ?, gen_random_uuid(), now())',
      [userId, playerKey(player.platform, player.platformId)],
    );
  const replayId = await uploadDemo(db.orm, storage, userId, file);
  await processReplay({ orm: db.orm, storage, compute: inlineCompute, report: () => {} }, replayId);
  return replayId;
}

const messagesCalls = () => fake.requests.filter((r) => r.path === '/v1/messages');

async function ask(userId: string, text: string, mode: 'chat' | 'review-session' = 'chat') {
  const accepted = await createAsk(
    db.orm.em.fork(),
    userId,
    { conversationId: null, text, mode },
    config.coach.limits,
  );
  await jobs.enqueueReply({ userId, mode, preview: accepted.preview, ...accepted });
  return accepted;
}

async function ended(userId: string, messageId: string) {
  return waitFor(`answer ${messageId} to end`, async () => {
    const m = await readCoachMessage(db.orm.em.fork(), userId, messageId);
    return m && m.status !== 'streaming' ? m : null;
  });
}

const eventsOf = (messageId: string) => received.filter((e) => e.messageId === messageId);
const doneOf = async (messageId: string) =>
  waitFor(`done event of ${messageId}`, () => eventsOf(messageId).find((e) => e.type === 'done'));

/** The tool_result blocks a request sent back. */
function toolResults(
  req: RecordedRequest,
): Array<{ tool_use_id: string; content: string; is_error?: boolean }> {
  const messages = req.body.messages as Array<{ role: string; content: unknown }>;
  const last = messages.at(-1)!;
  return (Array.isArray(last.content) ? last.content : []).filter(
    (b: { type: string }) => b.type === 'tool_result',
  ) as Array<{ tool_use_id: string; content: string; is_error?: boolean }>;
}

beforeAll(async () => {
  db = await createTestDatabase('coach_reply');
  tmp = await tempDir('coach');
  const storage = new ReplayStorage(`${tmp.dir}/store`);
  alice = await createUser(db.orm, 'Alice');
  bob = await createUser(db.orm, 'Bob');
  for (const u of [alice, bob]) {
    await db.orm.em.getConnection().execute("update users set kind = 'member' where id = ?", [u]);
    await setPlanGrant(db.orm.em.fork(), u, 'pro');
  }
  aliceReplay = await analysedReplay(alice, '2026-ranked-doubles.replay', storage);
  bobReplay = await analysedReplay(bob, '2025-competitive-0925.replay', storage);

  fake = await startFakeAnthropic();
  config = loadWorkerConfig({
    DATABASE_URL: db.url,
    REDIS_URL,
    BULLMQ_PREFIX: prefix,
    SOCKET_IO_KEY: socketKey,
    STORAGE_DIR: storage.root,
    ANTHROPIC_API_KEY: 'sk-test',
    ANTHROPIC_BASE_URL: fake.url,
    COACH_MAX_TOKENS: '2048',
    COACH_THINKING_BUDGET: '1024',
    COACH_REQUESTS_PER_HOUR: '100',
    OUTBOX_SWEEP_MS: '600000',
  });
  redis = new Redis(REDIS_URL);
  sockets = await startSocketServer(socketKey);
  aliceSocket = await sockets.connect(alice);
  for (const name of ['coach:thinking', 'coach:delta', 'coach:tool', 'coach:done'] as const)
    aliceSocket.on(name, (e: CoachEvent) => received.push(e));
  coach = await startCoachWorker(config, db.orm, log);
  jobs = new CoachJobs({ redisUrl: REDIS_URL, prefix });
  await jobs.ready();
}, 120_000);

afterAll(async () => {
  await jobs?.close();
  await coach?.close();
  await sockets?.close();
  await fake?.close();
  redis?.disconnect();
  await deleteKeys(`${prefix}:*`);
  await db?.drop();
  await tmp?.cleanup();
});

describe('coach.reply', () => {
  it('runs a full tool loop: tool inputs assembled from streamed deltas, events in order to the socket and the Redis log', async () => {
    const before = messagesCalls().length;
    fake.script(
      {
        content: [
          {
            type: 'thinking',
            thinking: 'I should look at the recent games before saying anything.',
            signature: 'sig-a',
          },
          { type: 'text', text: 'Let me look at your games.' },
          { type: 'tool_use', name: 'recent_games', input: { limit: 5 }, chunks: 4 },
        ],
      },
      { content: [{ type: 'tool_use', name: 'game_details', input: { replay_id: aliceReplay }, chunks: 5 }] },
      {
        content: [
          {
            type: 'text',
            text: `You scored a fine goal at [[moment:${aliceReplay}:134.6|2:14, your first goal]]. Also [[moment:${bobReplay}:10|a moment from a game that is not yours]].`,
          },
        ],
      },
    );
    const a = await ask(alice, 'How did my last game go?');
    const msg = await ended(alice, a.messageId);
    const done = await doneOf(a.messageId);

    // Three calls; each one after a tool round carries the results of the tools run with the assembled input.
    const calls = messagesCalls().slice(before);
    expect(calls).toHaveLength(3);
    const second = calls[1]!.body.messages as Array<{
      role: string;
      content: Array<Record<string, unknown>>;
    }>;
    const assistantTurn = second.at(-2)!;
    expect(assistantTurn.content[0]).toMatchObject({ type: 'thinking', signature: 'sig-a' });
    expect(assistantTurn.content.find((b) => b.type === 'tool_use')).toMatchObject({
      name: 'recent_games',
      input: { limit: 5 },
    });
    const games = JSON.parse(toolResults(calls[1]!)[0]!.content) as Array<{
      replay_id: string;
      result: string;
    }>;
    expect(games.map((g) => g.replay_id)).toEqual([aliceReplay]);
    const detail = JSON.parse(toolResults(calls[2]!)[0]!.content) as {
      replay_id: string;
      you: { name: string };
      moments: { goals: Array<{ t: number }> };
    };
    expect(detail.replay_id).toBe(aliceReplay);
    expect(detail.you.name).toBe('Quantavious1234');
    expect(detail.moments.goals.length).toBe(5);
    expect(calls[0]!.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect((calls[0]!.body.tools as unknown[]).length).toBeGreaterThanOrEqual(8);

    // Events: consecutive seqs, the same on the socket and in the Redis log, done last.
    const live = eventsOf(a.messageId);
    expect(live.map((e) => e.seq)).toEqual(live.map((_, i) => i + 1));
    expect(await readCoachEvents(redis, a.messageId, 0)).toEqual(live);
    expect(await readCoachEvents(redis, a.messageId, 3)).toEqual(live.slice(3));
    expect(live[0]!.type).toBe('thinking');
    const tools = live.filter((e) => e.type === 'tool');
    expect(tools.map((e) => [e.name, e.state])).toEqual([
      ['recent_games', 'running'],
      ['recent_games', 'done'],
      ['game_details', 'running'],
      ['game_details', 'done'],
    ]);
    expect(tools[0]).toMatchObject({ label: 'Looking at your last 5 games…' });
    expect(live.at(-1)).toBe(done);
    const ttl = await redis.ttl(coachKeys.events(a.messageId));
    expect(ttl).toBeGreaterThan(3000);
    expect(ttl).toBeLessThanOrEqual(3600);

    // Stored: the streamed text, with the citation of another player's replay reduced to its label.
    const streamed = live.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    expect(streamed).toContain(`[[moment:${bobReplay}:10|`);
    expect(done).toMatchObject({ type: 'done', status: 'complete', reason: null });
    expect(msg.text).toBe(done.type === 'done' ? done.text : '');
    expect(msg.text).toContain(`[[moment:${aliceReplay}:134.6|2:14, your first goal]]`);
    expect(msg.text).toContain('Also a moment from a game that is not yours.');
    expect(msg.text.startsWith('Let me look at your games.\n\nYou scored')).toBe(true);
    expect(msg.toolCalls.map((t) => [t.name, t.isError])).toEqual([
      ['recent_games', false],
      ['game_details', false],
    ]);
    expect(msg.lastSeq).toBe(done.seq);

    // Budget: settled with the real usage of the three calls, nothing left held.
    const budget = await readBudgetStatus(db.orm.em.fork(), alice, config.coach.limits.monthlyTokens);
    expect(budget.reservedTokens).toBe(0);
    expect(budget.usedTokens).toBe(msg.usage!.inputTokens + msg.usage!.outputTokens);
    expect(done.type === 'done' && done.usage).toMatchObject({
      usedTokens: budget.usedTokens,
      limitTokens: 150_000,
    });
  });

  it("refuses another player's replay in a tool input, and a tool input that does not validate", async () => {
    const before = messagesCalls().length;
    fake.script(
      {
        content: [
          { type: 'tool_use', name: 'game_details', input: { replay_id: bobReplay } },
          { type: 'tool_use', name: 'recent_games', input: { limit: 99 } },
        ],
      },
      { content: [{ type: 'text', text: 'I cannot see that game.' }] },
    );
    const a = await ask(alice, `Look at ${bobReplay}`);
    const msg = await ended(alice, a.messageId);
    const results = toolResults(messagesCalls()[before + 1]!);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      is_error: true,
      content: `No replay ${bobReplay} in this player's library.`,
    });
    expect(results[1]!.is_error).toBe(true);
    expect(results[1]!.content).toMatch(/^Invalid input for recent_games: limit/);
    // Nothing of Bob's game reached the model: none of its players' names, not its map.
    const sent = JSON.stringify(messagesCalls()[before + 1]!.body.messages);
    const bobGame = matchInfo(parseHeader(await demoBytes('2025-competitive-0925.replay')));
    for (const p of bobGame.players) expect(sent).not.toContain(p.name);
    expect(sent).not.toContain(bobGame.mapName);
    expect(msg.status).toBe('complete');
    expect(msg.toolCalls.map((t) => t.isError)).toEqual([true, true]);
    expect(eventsOf(a.messageId).filter((e) => e.type === 'tool' && e.state === 'error')).toHaveLength(2);
  });

  it('stops mid-answer: the upstream stream is aborted, the text so far saved as partial, the budget settled', async () => {
    const before = messagesCalls().length;
    fake.script({
      content: [
        { type: 'text', text: 'one two three four five six seven eight nine ten eleven twelve thirteen' },
      ],
      holdAfterDeltas: 3,
    });
    const a = await ask(alice, 'Tell me everything');
    await waitFor(
      'three deltas on the socket',
      () => eventsOf(a.messageId).filter((e) => e.type === 'delta').length >= 3,
    );
    await requestCoachStop(redis, a.messageId);
    const msg = await ended(alice, a.messageId);
    const done = await doneOf(a.messageId);
    expect(msg).toMatchObject({ status: 'partial', reason: 'You stopped the answer.' });
    expect(msg.text).toBe('one two three four five six seven eight nine ');
    expect(done).toMatchObject({ status: 'partial', text: msg.text });
    const call = messagesCalls()[before]!;
    await waitFor('the fake to see the client go away', () => call.aborted);
    const budget = await readBudgetStatus(db.orm.em.fork(), alice, config.coach.limits.monthlyTokens);
    expect(budget.reservedTokens).toBe(0);
    expect(msg.usage!.inputTokens).toBeGreaterThan(0);
    expect(msg.usage!.outputTokens).toBeGreaterThanOrEqual(Math.ceil(msg.text.length / 3));
  });

  it('keeps the partial text when the upstream stream fails mid-answer', async () => {
    fake.script({
      content: [{ type: 'text', text: 'alpha beta gamma delta epsilon zeta eta theta iota' }],
      streamError: { afterDeltas: 2, type: 'overloaded_error', message: 'Overloaded' },
    });
    const a = await ask(alice, 'Go on');
    const msg = await ended(alice, a.messageId);
    expect(msg.status).toBe('partial');
    expect(msg.text).toBe('alpha beta gamma delta epsilon zeta ');
    expect(msg.reason).toMatch(/overloaded.*so far is kept/);
    expect(msg.toolCalls).toEqual([]);
    const budget = await readBudgetStatus(db.orm.em.fork(), alice, config.coach.limits.monthlyTokens);
    expect(budget.reservedTokens).toBe(0);
  });

  it('retries an overloaded (529) answer and completes', async () => {
    const before = messagesCalls().length;
    fake.script(
      { httpError: { status: 529, type: 'overloaded_error', message: 'Overloaded' } },
      { content: [{ type: 'text', text: 'Here you go.' }] },
    );
    const a = await ask(alice, 'Quick one');
    const msg = await ended(alice, a.messageId);
    expect(msg).toMatchObject({ status: 'complete', text: 'Here you go.' });
    expect(messagesCalls().length - before).toBe(2);
  });
});

describe('the tools, run directly on the stored games', () => {
  const run = (userId: string, name: string, input: unknown) =>
    runTool({ em: db.orm.em.fork(), userId }, name, input);

  it("read the asking player's own figures: playlists, sessions, a session's games, estimates, notes", async () => {
    const playlists = await run(alice, 'stats_by_playlist', {});
    expect(playlists).toMatchObject({
      isError: false,
      result: [{ playlist: 'Ranked Doubles', games: 1, wins: 1, losses: 0 }],
    });
    const goals = (playlists.result as Array<{ averages_per_game: Record<string, number> }>)[0]!
      .averages_per_game;
    expect(goals['core.goals']).toBe(3);

    const sessions = (await run(alice, 'play_sessions', {})).result as Array<{
      session_id: string;
      games: number;
    }>;
    expect(sessions).toHaveLength(1);
    const session = await run(alice, 'stats_for_period', { session_id: sessions[0]!.session_id });
    expect(session.result).toMatchObject({
      games: 1,
      wins: 1,
      game_list: [{ replay_id: aliceReplay, result: 'win' }],
    });
    // Bob's session id is not Alice's: nothing comes back, as an error the model can read.
    const bobSession = ((await run(bob, 'play_sessions', {})).result as Array<{ session_id: string }>)[0]!;
    expect(bobSession.session_id).not.toBe(sessions[0]!.session_id);
    expect(await run(alice, 'stats_for_period', { session_id: bobSession.session_id })).toMatchObject({
      isError: true,
      result: `No play session "${bobSession.session_id}" of yours.`,
    });
    const byDate = await run(alice, 'stats_for_period', { from: '2026-03-10', to: '2026-03-10' });
    expect(byDate.result).toMatchObject({ wins: 1, losses: 0 });
    expect(
      (await run(alice, 'stats_for_period', { from: '2026-03-11', to: '2026-03-12' })).result,
    ).toMatchObject({
      wins: 0,
    });
    expect((await run(alice, 'stats_for_period', { from: '2026-03-12', to: '2026-03-11' })).isError).toBe(
      true,
    );

    const estimates = await run(alice, 'rank_benchmarks', { ranks: ['GC1'], metrics: ['boost.bcpm'] });
    expect(estimates.result).toMatchObject({
      label: 'published estimate',
      metrics: [{ key: 'boost.bcpm', ranks: { GC1: { median: 380 } } }],
    });
    expect((await run(alice, 'rank_benchmarks', { metrics: ['boost.made_up'] })).isError).toBe(true);

    expect(await run(alice, 'save_note', { text: 'Wants to reach GC' })).toMatchObject({ isError: false });
    expect((await run(alice, 'read_notes', {})).result).toMatchObject([
      { text: 'Wants to reach GC', written_by: 'coach' },
    ]);
    expect((await run(bob, 'read_notes', {})).result).toEqual([]);
    expect(await run(alice, 'no_such_tool', {})).toMatchObject({ isError: true });
  });
});

describe('many answers at once', () => {
  it('20 concurrent answers of one player never take the month past its budget, by a single token', async () => {
    const limit = config.coach.limits.monthlyTokens;
    const carol = await createUser(db.orm, 'Carol');
    await db.orm.em.getConnection().execute("update users set kind = 'member' where id = ?", [carol]);
    await setPlanGrant(db.orm.em.fork(), carol, 'pro');
    // Leave room for a handful of calls only (each holds its input + COACH_MAX_TOKENS until settled).
    await db.orm.em
      .getConnection()
      .execute(
        'insert into coach_budgets (user_id, period_start, used_tokens, reserved_tokens, updated_at) values (?, ?, ?, 0, now())',
        [carol, budgetPeriodStart(new Date()), limit - 25_000],
      );
    fake.respond(() => ({ content: [{ type: 'text', text: 'A short answer for you.' }], delayMs: 5 }));
    try {
      const asked = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(carol, `question ${i}`)));
      const answers = await Promise.all(asked.map((a) => ended(carol, a.messageId)));
      const budget = await readBudgetStatus(db.orm.em.fork(), carol, limit);
      expect(budget.reservedTokens).toBe(0);
      expect(budget.usedTokens).toBeLessThanOrEqual(limit);
      const spent = answers.reduce(
        (s, m) => s + (m.usage ? m.usage.inputTokens + m.usage.outputTokens : 0),
        0,
      );
      expect(budget.usedTokens).toBe(limit - 25_000 + spent);
      const complete = answers.filter((m) => m.status === 'complete').length;
      const refused = answers.filter(
        (m) => m.status === 'failed' && /budget is used up/.test(m.reason ?? ''),
      ).length;
      expect(complete).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
      expect(complete + refused).toBe(20);
    } finally {
      fake.respond(null);
    }
  });
});

describe('review-session mode and resume', () => {
  it('keeps at most three priorities, and a late resume replays the stored answer', async () => {
    const before = messagesCalls().length;
    const priorities = [1, 2, 3, 4, 5].map((n) => `${n}. Priority number ${n}.`).join('\n');
    fake.script({
      content: [{ type: 'text', text: `Your session went fine.\n\n## Priorities\n${priorities}\n` }],
    });
    const a = await ask(alice, 'Review my last session', 'review-session');
    const msg = await ended(alice, a.messageId);
    await doneOf(a.messageId);
    expect(messagesCalls()[before]!.body.system).toMatch(/at most three concrete priorities/);
    expect(msg.text).toBe(
      'Your session went fine.\n\n## Priorities\n1. Priority number 1.\n2. Priority number 2.\n3. Priority number 3.',
    );

    // While the log lives, resume returns the events after the client's seq.
    const all = await readCoachEvents(redis, a.messageId, 0);
    const resumed = await resumeCoachAnswer(redis, db.orm.em.fork(), alice, a.messageId, 2);
    expect(resumed).toEqual({ events: all.slice(2), finished: true });
    // Another player gets nothing; after the log expired, the stored answer comes back as its done event.
    expect(await resumeCoachAnswer(redis, db.orm.em.fork(), bob, a.messageId, 0)).toBeNull();
    await redis.del(coachKeys.events(a.messageId));
    const late = await resumeCoachAnswer(redis, db.orm.em.fork(), alice, a.messageId, 1);
    expect(late?.events).toEqual([
      expect.objectContaining({ type: 'done', seq: msg.lastSeq, text: msg.text }),
    ]);
    expect(await resumeCoachAnswer(redis, db.orm.em.fork(), alice, a.messageId, msg.lastSeq!)).toEqual({
      events: [],
      finished: true,
    });
  });
});

describe('runCoachReply without the service or the budget', () => {
  const run = async (limits: typeof DEFAULT_COACH_LIMITS, client: 'none' | 'fake') => {
    const a = await createAsk(
      db.orm.em.fork(),
      bob,
      { conversationId: null, text: 'hi', mode: 'chat' },
      // The ask passes; the job's own limits decide whether a call can be covered.
      DEFAULT_COACH_LIMITS,
    );
    const emitter = new Emitter(redis, { key: socketKey });
    const data = { userId: bob, mode: 'chat' as const, preview: false, ...a };
    const result = await runCoachReply(
      {
        orm: db.orm,
        config: { ...config.coach, limits },
        client: client === 'none' ? null : coachClient(config.coach),
        log,
      },
      data,
      new CoachEventWriter(redis, emitter, data),
      { redis, stop: new AbortController().signal },
    );
    return { result, msg: (await readCoachMessage(db.orm.em.fork(), bob, a.messageId))!, a };
  };

  it('ends an answer whose earlier run died mid-stream with the text it had sent, continuing its seqs', async () => {
    const a = await createAsk(
      db.orm.em.fork(),
      bob,
      { conversationId: null, text: 'hi', mode: 'chat' },
      DEFAULT_COACH_LIMITS,
    );
    const ids = { conversationId: a.conversationId, messageId: a.messageId };
    await appendCoachEvent(redis, { type: 'delta', seq: 1, text: 'Hello ', ...ids });
    await appendCoachEvent(redis, { type: 'delta', seq: 2, text: 'world', ...ids });
    await reserveTokens(db.orm.em.fork(), {
      userId: bob,
      messageId: a.messageId,
      tokens: 700,
      limitTokens: 150_000,
    });
    const emitter = new Emitter(redis, { key: socketKey });
    const data = { userId: bob, mode: 'chat' as const, preview: false, ...a };
    await runCoachReply(
      { orm: db.orm, config: config.coach, client: coachClient(config.coach), log },
      data,
      new CoachEventWriter(redis, emitter, data),
      { redis, stop: new AbortController().signal },
    );
    const msg = (await readCoachMessage(db.orm.em.fork(), bob, a.messageId))!;
    expect(msg).toMatchObject({ status: 'partial', text: 'Hello world', lastSeq: 3 });
    const log3 = await readCoachEvents(redis, a.messageId, 0);
    expect(log3.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log3[2]).toMatchObject({ type: 'done', status: 'partial', text: 'Hello world' });
    // Its open reservation was charged in full (its real usage died with the process).
    expect((await readBudgetStatus(db.orm.em.fork(), bob, 150_000)).reservedTokens).toBe(0);
  });

  it('ends the answer failed with "not configured" when there is no API key', async () => {
    const { msg, a } = await run(DEFAULT_COACH_LIMITS, 'none');
    expect(msg).toMatchObject({ status: 'failed', reason: COACH_NOT_CONFIGURED, text: '' });
    const [done] = await readCoachEvents(redis, a.messageId, 0);
    expect(done).toMatchObject({ type: 'done', seq: 1, status: 'failed', reason: COACH_NOT_CONFIGURED });
  });

  it('makes no upstream call when the monthly budget cannot cover one', async () => {
    const before = fake.requests.filter((r) => r.path === '/v1/messages').length;
    const { msg } = await run({ ...DEFAULT_COACH_LIMITS, monthlyTokens: 500 }, 'fake');
    expect(msg.status).toBe('failed');
    expect(msg.reason).toMatch(/budget is used up\. It resets on \d{4}-\d{2}-01\./);
    expect(fake.requests.filter((r) => r.path === '/v1/messages').length).toBe(before);
  });
});
