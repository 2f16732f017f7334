/**
 * A local stand-in for the Anthropic Messages API, for tests only: a node:http server speaking the
 * real wire format, so the real `@anthropic-ai/sdk` can be pointed at it (`baseURL`).
 *
 * - `POST /v1/messages` with `stream: true` answers with server-sent events exactly as the API
 *   does: `message_start`, `ping`, per block `content_block_start` / `content_block_delta`
 *   (`text_delta`, `thinking_delta` + `signature_delta`, `input_json_delta`) / `content_block_stop`,
 *   `message_delta` (stop reason and cumulative usage), `message_stop`; or an `error` event mid
 *   stream; or an HTTP error such as 529 `overloaded_error` before any event.
 * - `POST /v1/messages/count_tokens` answers `{ input_tokens }` with the same count the stream's
 *   `message_start` reports for the same request, so a budget reservation made from it is exact.
 *
 * Each request takes the next scripted turn (`script(...)`), or asks `respond(request)` when set.
 * Every request is recorded (body, headers, whether the client went away mid-stream).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBlock =
  /** `chunks`: how many text_delta events the text is split into (default: about 3 words each). */
  | { type: 'text'; text: string; chunks?: number }
  | { type: 'thinking'; thinking: string; signature?: string; chunks?: number }
  /** The input's JSON arrives split across `chunks` input_json_delta events (default 3). */
  | { type: 'tool_use'; name: string; input: unknown; id?: string; chunks?: number };

export interface FakeTurn {
  content?: FakeBlock[];
  /** Default: `tool_use` when a tool_use block is present, else `end_turn`. */
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';
  /** Default input: the count_tokens count of the request; output: ≈ 1 token per 4 characters generated. */
  usage?: { input_tokens?: number; output_tokens?: number };
  /** Answer with this HTTP error instead of a stream (e.g. 529 overloaded_error). */
  httpError?: { status: number; type: string; message: string };
  /** Send an `error` event after this many delta events (then end the response). */
  streamError?: { afterDeltas: number; type: string; message: string };
  /** Wait this long between events (ms). */
  delayMs?: number;
  /**
   * Stop sending after this many delta events and hold the response open until the client goes
   * away or `release()` is called (stop tests).
   */
  holdAfterDeltas?: number;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The client closed the connection before the response ended (an aborted stream). */
  aborted: boolean;
  /** The turn it was answered with (undefined for count_tokens). */
  turn?: FakeTurn;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`new Anthropic({ baseURL })`). */
  url: string;
  requests: RecordedRequest[];
  /** Queue turns; each `POST /v1/messages` takes the next one. */
  script(...turns: FakeTurn[]): void;
  /** Answer every request from a function instead of the queue (null: back to the queue). */
  respond(fn: ((req: RecordedRequest) => FakeTurn) | null): void;
  /** Let held streams (`holdAfterDeltas`) carry on. */
  release(): void;
  /** Resolves once a request to /v1/messages has delivered `n` delta events in all. */
  deltasSent(n: number): Promise<void>;
  /** Turns queued and not yet used. */
  pending(): number;
  close(): Promise<void>;
}

/** ≈ 4 characters a token, at least 1: the fake's tokenizer for counts and usage. */
export const fakeTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** What count_tokens (and message_start) report for a request body. */
export function fakeInputTokens(body: Record<string, unknown>): number {
  return fakeTokens(
    JSON.stringify({ system: body.system ?? null, messages: body.messages ?? [], tools: body.tools ?? [] }),
  );
}

function split(text: string, chunks: number | undefined, byWords = true): string[] {
  if (chunks === undefined && byWords) {
    const words = text.match(/\S+\s*|\s+/g) ?? [text];
    const out: string[] = [];
    for (let i = 0; i < words.length; i += 3) out.push(words.slice(i, i + 3).join(''));
    return out.length ? out : [''];
  }
  const n = Math.max(1, Math.min(chunks ?? 3, Math.max(1, text.length)));
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  const raw = Buffer.concat(parts).toString('utf8');
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

let nextId = 0;
const id = (prefix: string) => `${prefix}_fake${(++nextId).toString().padStart(6, '0')}`;

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const queue: FakeTurn[] = [];
  const requests: RecordedRequest[] = [];
  let responder: ((req: RecordedRequest) => FakeTurn) | null = null;
  let releases: Array<() => void> = [];
  let deltaCount = 0;
  let deltaWaiters: Array<{ n: number; resolve: () => void }> = [];

  const countDelta = () => {
    deltaCount++;
    deltaWaiters = deltaWaiters.filter((w) => (deltaCount >= w.n ? (w.resolve(), false) : true));
  };

  function sendError(res: ServerResponse, status: number, type: string, message: string) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(JSON.stringify({ type: 'error', error: { type, message } }));
  }

  async function stream(res: ServerResponse, rec: RecordedRequest, turn: FakeTurn): Promise<void> {
    const closed = () => res.destroyed || res.writableEnded;
    const write = async (event: string, data: unknown) => {
      if (closed()) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...(data as object) })}\n\n`);
      if (turn.delayMs) await sleep(turn.delayMs);
    };
    let deltas = 0;
    /** Before each delta: hold or fail when the script says so. Returns false to stop sending. */
    const beforeDelta = async (): Promise<boolean> => {
      if (turn.streamError && deltas >= turn.streamError.afterDeltas) {
        await write('error', { error: { type: turn.streamError.type, message: turn.streamError.message } });
        res.end();
        return false;
      }
      if (turn.holdAfterDeltas !== undefined && deltas >= turn.holdAfterDeltas) {
        await new Promise<void>((resolve) => {
          releases.push(resolve);
          res.once('close', () => resolve());
        });
        turn = { ...turn, holdAfterDeltas: undefined };
        if (closed()) return false;
      }
      return !closed();
    };
    const delta = async (index: number, d: unknown): Promise<boolean> => {
      if (!(await beforeDelta())) return false;
      await write('content_block_delta', { index, delta: d });
      deltas++;
      countDelta();
      return true;
    };

    const content = turn.content ?? [];
    const input = turn.usage?.input_tokens ?? fakeInputTokens(rec.body);
    let generated = '';
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'request-id': id('req'),
    });
    await write('message_start', {
      message: {
        id: id('msg'),
        type: 'message',
        role: 'assistant',
        model: String(rec.body.model ?? 'fake'),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: input,
          output_tokens: 1,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    });
    await write('ping', {});
    for (const [index, block] of content.entries()) {
      if (block.type === 'text') {
        await write('content_block_start', { index, content_block: { type: 'text', text: '' } });
        for (const piece of split(block.text, block.chunks)) {
          if (!(await delta(index, { type: 'text_delta', text: piece }))) return;
          generated += piece;
        }
      } else if (block.type === 'thinking') {
        await write('content_block_start', {
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        });
        for (const piece of split(block.thinking, block.chunks)) {
          if (!(await delta(index, { type: 'thinking_delta', thinking: piece }))) return;
          generated += piece;
        }
        if (
          !(await delta(index, { type: 'signature_delta', signature: block.signature ?? `sig-${id('th')}` }))
        )
          return;
      } else {
        await write('content_block_start', {
          index,
          content_block: { type: 'tool_use', id: block.id ?? id('toolu'), name: block.name, input: {} },
        });
        const json = JSON.stringify(block.input);
        for (const piece of split(json, block.chunks ?? 3, false)) {
          if (!(await delta(index, { type: 'input_json_delta', partial_json: piece }))) return;
          generated += piece;
        }
      }
      await write('content_block_stop', { index });
    }
    if (!(await beforeDelta())) return;
    const stop = turn.stopReason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
    await write('message_delta', {
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { input_tokens: input, output_tokens: turn.usage?.output_tokens ?? fakeTokens(generated) },
    });
    await write('message_stop', {});
    res.end();
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (req.method !== 'POST') return sendError(res, 404, 'not_found_error', 'not found');
      let body: Record<string, unknown>;
      try {
        body = await readBody(req);
      } catch {
        return sendError(res, 400, 'invalid_request_error', 'body is not JSON');
      }
      const rec: RecordedRequest = { path: url.pathname, headers: req.headers, body, aborted: false };
      requests.push(rec);
      res.on('close', () => {
        if (!res.writableEnded) rec.aborted = true;
      });
      if (url.pathname === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': id('req') });
        return res.end(JSON.stringify({ input_tokens: fakeInputTokens(body) }));
      }
      if (url.pathname !== '/v1/messages') return sendError(res, 404, 'not_found_error', 'not found');
      const turn = responder ? responder(rec) : queue.shift();
      if (!turn) return sendError(res, 500, 'api_error', 'fake-anthropic: no scripted turn left');
      rec.turn = turn;
      if (turn.httpError) {
        // The real API adds retry hints; a short one keeps tests quick without changing the SDK's logic.
        res.setHeader('retry-after-ms', '20');
        return sendError(res, turn.httpError.status, turn.httpError.type, turn.httpError.message);
      }
      if (body.stream !== true)
        return sendError(res, 400, 'invalid_request_error', 'fake-anthropic streams only');
      await stream(res, rec, turn);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'api_error', String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  const release = () => {
    const waiting = releases;
    releases = [];
    for (const r of waiting) r();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...turns) => void queue.push(...turns),
    respond: (fn) => void (responder = fn),
    release,
    deltasSent: (n) =>
      deltaCount >= n ? Promise.resolve() : new Promise((resolve) => deltaWaiters.push({ n, resolve })),
    pending: () => queue.length,
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
