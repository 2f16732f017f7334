/**
 * The coach's socket commands against a real realtime node, real Postgres and Redis, with
 * socket.io-client: who may ask (Pro, a free player's one preview, never a guest or the signed
 * out), the hourly limit, the coach.reply job each accepted question enqueues, resume by seq from
 * the Redis stream or, once it has expired, from Postgres, stop, and ownership of every message id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startFakeAnthropic, type FakeAnthropic } from '@rlcoach/db/testing/fake-anthropic';
import { User, UserKind } from '@rlcoach/db';
import { setPlanGrant } from '@rlcoach/db/billing/entitlement';
import { coachKeys, type CoachAskAccepted, type CoachEvent } from '@rlcoach/db/contracts/coach';
import { JobName, jobIdFor } from '@rlcoach/db/contracts/jobs';
import { appendCoachEvent, finishCoachAnswer, readCoachMessage } from '@rlcoach/db/coach/index';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import type { Ack } from '@rlcoach/db/contracts/socket-events';
import {
  REDIS_URL,
  TEST_SECRET,
  client,
  connectError,
  connected,
  startNode,
  uniqueKey,
  type TestClient,
  type TestNode,
} from './support/node.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

let platform: TestPlatform;
let unconfigured: TestPlatform;
let node: TestNode;
let bareNode: TestNode;
let redis: Redis;
const sockets: TestClient[] = [];

beforeAll(async () => {
  [platform, unconfigured] = await Promise.all([
    createTestPlatform('coach_rt'),
    createTestPlatform('coach_rt_nokey', { coachConfigured: false }),
  ]);
  node = await startNode(platform.deps, { socketIoKey: uniqueKey('coach') });
  bareNode = await startNode(unconfigured.deps, { socketIoKey: uniqueKey('coach-nokey') });
  redis = new Redis(REDIS_URL);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  redis?.disconnect();
  await node?.close();
  await bareNode?.close();
  await Promise.all([platform?.close(), unconfigured?.close()]);
});

async function user(p: TestPlatform, kind: UserKind, pro = false): Promise<string> {
  const em = p.db.orm.em.fork();
  const u = em.create(User, { displayName: `coach ${kind}`, kind } as User);
  await em.flush();
  if (pro) await setPlanGrant(em, u.id, 'pro');
  return u.id;
}

async function socketFor(userId: string, kind: UserKind = UserKind.Member, at: TestNode = node) {
  const s = await connected(client(at.url, signSessionToken(TEST_SECRET, userId, { kind })));
  sockets.push(s);
  return s;
}

/** Emit anything, bypassing the typed map, as a hostile client may. */
function send<T>(s: TestClient, event: string, payload: unknown): Promise<Ack<T>> {
  return (s as unknown as { timeout(ms: number): { emitWithAck(ev: string, p: unknown): Promise<Ack<T>> } })
    .timeout(5000)
    .emitWithAck(event, payload);
}

const ask = (s: TestClient, text = 'How are my kickoffs?', conversationId: string | null = null) =>
  send<CoachAskAccepted>(s, 'coach:ask', { conversationId, text, mode: 'chat' });

function expectRefused(ack: Ack<unknown>, code: string) {
  expect(ack).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
}

/** Append events exactly as the worker's job does (db's event log). */
async function appendEvents(events: CoachEvent[]) {
  for (const e of events) await appendCoachEvent(redis, e);
}

function answerEvents(accepted: CoachAskAccepted, words: string[]): CoachEvent[] {
  const base = { conversationId: accepted.conversationId, messageId: accepted.messageId };
  const events: CoachEvent[] = [
    { ...base, type: 'thinking', seq: 1 },
    ...words.map((text, i): CoachEvent => ({ ...base, type: 'delta', seq: i + 2, text })),
  ];
  events.push({
    ...base,
    type: 'done',
    seq: events.length + 1,
    status: 'complete',
    text: words.join(''),
    reason: null,
    usage: null,
  });
  return events;
}

describe('coach:ask', () => {
  it('refuses a socket without a sign-in before any command', async () => {
    const err = await connectError(client(node.url));
    expect(err.data?.code).toBe('UNAUTHENTICATED');
  });

  it('takes a Pro question and enqueues coach.reply with a job id derived from the message', async () => {
    const id = await user(platform, UserKind.Member, true);
    const ack = await ask(await socketFor(id));
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.data.preview).toBe(false);
    const job = await platform.coachJobs.queue.getJob(jobIdFor(JobName.CoachReply, ack.data.messageId));
    expect(job?.name).toBe(JobName.CoachReply);
    expect(job?.data).toEqual({
      userId: id,
      conversationId: ack.data.conversationId,
      messageId: ack.data.messageId,
      mode: 'chat',
      preview: false,
    });
  });

  it('gives a free player one preview answer, then PREVIEW_USED', async () => {
    const id = await user(platform, UserKind.Member);
    const s = await socketFor(id);
    const first = await ask(s);
    expect(first).toMatchObject({ ok: true, data: { preview: true } });
    expectRefused(await ask(s, 'And my saves?'), 'PREVIEW_USED');
    // Even racing: two more at once, neither gets a second preview.
    const again = await Promise.all([ask(s), ask(s)]);
    for (const a of again) expectRefused(a, 'PREVIEW_USED');
  });

  it('refuses guests', async () => {
    const id = await user(platform, UserKind.Guest);
    expectRefused(await ask(await socketFor(id, UserKind.Guest)), 'FORBIDDEN');
  });

  it('refuses with COACH_NOT_CONFIGURED without an API key, and enqueues nothing', async () => {
    const id = await user(unconfigured, UserKind.Member, true);
    expectRefused(await ask(await socketFor(id, UserKind.Member, bareNode)), 'COACH_NOT_CONFIGURED');
    expect(await unconfigured.coachJobs.queue.getJobCountByTypes('waiting', 'active', 'delayed')).toBe(0);
  });

  it('allows 10 questions an hour, then COACH_RATE_LIMITED', async () => {
    const id = await user(platform, UserKind.Member, true);
    const s = await socketFor(id);
    for (let i = 0; i < 10; i++) expect((await ask(s, `question ${i}`)).ok).toBe(true);
    expectRefused(await ask(s, 'one too many'), 'COACH_RATE_LIMITED');
  });

  it.each([
    ['nothing', undefined],
    ['an empty question', { conversationId: null, text: '   ', mode: 'chat' }],
    ['a question too long', { conversationId: null, text: 'x'.repeat(4001), mode: 'chat' }],
    ['an unknown mode', { conversationId: null, text: 'hi', mode: 'root' }],
    ['a conversation id that is not one', { conversationId: '../x', text: 'hi', mode: 'chat' }],
  ])('answers BAD_REQUEST for %s', async (_label, payload) => {
    const id = await user(platform, UserKind.Member, true);
    expectRefused(await send(await socketFor(id), 'coach:ask', payload), 'BAD_REQUEST');
  });

  it("refuses to continue another player's conversation", async () => {
    const owner = await socketFor(await user(platform, UserKind.Member, true));
    const accepted = await ask(owner);
    if (!accepted.ok) throw new Error('ask refused');
    const other = await socketFor(await user(platform, UserKind.Member, true));
    expectRefused(await ask(other, 'mine now?', accepted.data.conversationId), 'NOT_FOUND');
  });
});

describe('coach:resume and coach:stop', () => {
  let owner: TestClient;
  let stranger: TestClient;
  let accepted: CoachAskAccepted;

  beforeAll(async () => {
    owner = await socketFor(await user(platform, UserKind.Member, true));
    stranger = await socketFor(await user(platform, UserKind.Member, true));
    const ack = await ask(owner, 'Review my rotation');
    if (!ack.ok) throw new Error(`ask refused: ${ack.error.code}`);
    accepted = ack.data;
  });

  it('answers nothing yet for an answer whose job has not started', async () => {
    const ack = await send(owner, 'coach:resume', { messageId: accepted.messageId, afterSeq: 0 });
    expect(ack).toEqual({ ok: true, data: { events: [], finished: false } });
  });

  it('publishes a stop for the owner, and refuses a stranger', async () => {
    const sub = new Redis(REDIS_URL);
    try {
      const heard = new Promise<string>((resolve) => sub.on('message', (channel) => resolve(channel)));
      await sub.subscribe(coachKeys.stop(accepted.messageId));
      expectRefused(await send(stranger, 'coach:stop', { messageId: accepted.messageId }), 'NOT_FOUND');
      const ack = await send(owner, 'coach:stop', { messageId: accepted.messageId });
      expect(ack).toEqual({ ok: true, data: { stopped: true } });
      expect(await heard).toBe(coachKeys.stop(accepted.messageId));
    } finally {
      sub.disconnect();
    }
  });

  it('gives exactly the events after N from the stream', async () => {
    const events = answerEvents(accepted, ['You ', 'rotate ', 'late ', 'after ', 'kickoffs.']);
    await appendEvents(events);
    for (const n of [0, 1, 3, events.length - 1]) {
      const ack = await send<{ events: CoachEvent[]; finished: boolean }>(owner, 'coach:resume', {
        messageId: accepted.messageId,
        afterSeq: n,
      });
      expect(ack).toEqual({ ok: true, data: { events: events.slice(n), finished: true } });
    }
    expect(
      await send(owner, 'coach:resume', { messageId: accepted.messageId, afterSeq: events.length }),
    ).toMatchObject({ ok: true, data: { events: [] } });
  });

  it("refuses another player's message id, and ids that are not ids", async () => {
    expectRefused(
      await send(stranger, 'coach:resume', { messageId: accepted.messageId, afterSeq: 0 }),
      'NOT_FOUND',
    );
    expectRefused(await send(owner, 'coach:resume', { messageId: 'nope', afterSeq: 0 }), 'BAD_REQUEST');
    expectRefused(
      await send(owner, 'coach:resume', { messageId: accepted.messageId, afterSeq: -1 }),
      'BAD_REQUEST',
    );
  });

  it('after the stream expired, answers one done built from Postgres', async () => {
    const text = 'You rotate late after kickoffs.';
    await finishCoachAnswer(platform.db.orm.em.fork(), accepted.messageId, {
      status: 'partial',
      text,
      reason: 'Stopped.',
      toolCalls: null,
      usage: { inputTokens: 10, outputTokens: 8 },
      lastSeq: 7,
    });
    await redis.del(coachKeys.events(accepted.messageId));
    const ack = await send<{ events: CoachEvent[]; finished: boolean }>(owner, 'coach:resume', {
      messageId: accepted.messageId,
      afterSeq: 3,
    });
    expect(ack).toMatchObject({
      ok: true,
      data: {
        finished: true,
        events: [{ type: 'done', seq: 7, status: 'partial', text, reason: 'Stopped.' }],
      },
    });
    // A client that already holds the done gets nothing more.
    expect(await send(owner, 'coach:resume', { messageId: accepted.messageId, afterSeq: 7 })).toEqual({
      ok: true,
      data: { events: [], finished: true },
    });
    // Stopping an answer that has ended is a no-op.
    expect(await send(owner, 'coach:stop', { messageId: accepted.messageId })).toEqual({
      ok: true,
      data: { stopped: false },
    });
  });
});

describe('coach:stop with the real worker answering (fake Anthropic at the wire)', () => {
  const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../worker/dist/main.js');
  let fake: FakeAnthropic;
  let worker: ChildProcess;
  let output = '';

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    // The questions asked above were never meant to be answered: the worker starts on an empty queue.
    await platform.coachJobs.queue.obliterate({ force: true });
    worker = spawn(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: platform.db.url,
        REDIS_URL,
        BULLMQ_PREFIX: platform.prefix,
        SOCKET_IO_KEY: node.options.socketIoKey,
        STORAGE_DIR: platform.storage.root,
        ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key',
        ANTHROPIC_BASE_URL: fake.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
    worker.stdout?.on('data', keep);
    worker.stderr?.on('data', keep);
    // Ready once its coach-queue Worker has connected (a busy machine can take a while to boot it).
    const until = Date.now() + 60_000;
    while ((await platform.coachJobs.queue.getWorkersCount()) === 0) {
      if (worker.exitCode !== null || Date.now() > until)
        throw new Error(`the worker did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 70_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await fake?.close();
  });

  it('aborts the upstream stream and ends the answer partial with the text so far', async () => {
    // Five text deltas, then the fake holds the stream open: only a stop can end it.
    fake.respond(() => ({
      content: [
        { type: 'text', text: 'One two three four five six seven eight nine ten eleven twelve', chunks: 12 },
      ],
      holdAfterDeltas: 5,
    }));
    const owner = await user(platform, UserKind.Member, true);
    const s = await socketFor(owner);
    const done = new Promise<CoachEvent>((resolve) => s.on('coach:done', resolve));
    const ack = await ask(s, 'Talk to me');
    if (!ack.ok) throw new Error(`ask refused: ${ack.error.code}`);
    // The player sees text arrive, then presses stop.
    await Promise.race([
      new Promise((resolve) => s.once('coach:delta', resolve)),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no deltas:\n${output}`)), 20_000)),
    ]);
    expect(await send(s, 'coach:stop', { messageId: ack.data.messageId })).toEqual({
      ok: true,
      data: { stopped: true },
    });
    const end = await done;
    expect(end).toMatchObject({ type: 'done', messageId: ack.data.messageId, status: 'partial' });
    const stored = await readCoachMessage(platform.db.orm.em.fork(), owner, ack.data.messageId);
    expect(stored?.status).toBe('partial');
    expect(stored?.text).toBe(end.type === 'done' ? end.text : null);
    expect(stored?.text.length).toBeGreaterThan(0);
    expect(fake.requests.some((r) => r.path.endsWith('/messages') && r.aborted)).toBe(true);
  }, 60_000);
});
