/**
 * The browser's side of the coach: asks, stops, and the live answers, fed by the `coach:*` events
 * of the page-wide socket. Each answer keeps the last seq it applied; on every (re)connect, and
 * when the page loads with an answer still streaming, the unfinished answers are resumed with
 * `coach:resume` after that seq, so a reload or a dropped socket never duplicates or loses text.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { CoachAsk, CoachAskAccepted, CoachEvent, CoachResumed } from '@rlcoach/db/contracts/coach';
import type { Ack } from '@rlcoach/db/contracts/socket-events';
import type { RealtimeSocket } from '$lib/realtime/socket';
import { applyEvent, hasGap, newAnswer, type Answer } from './answer';

const ACK_TIMEOUT_MS = 10_000;
/** A gap that live events have not filled after this long is filled by a resume. */
const GAP_WAIT_MS = 400;

type Failure = Extract<Ack<never>, { ok: false }>;

const OFFLINE: Failure = {
  ok: false,
  error: { code: 'OFFLINE', message: 'Not connected to the live service; retry in a moment.' },
};

export class CoachChat {
  readonly answers = new SvelteMap<string, Answer>();
  /** The socket is up (asking needs it; answers resume when it comes back). */
  connected = $state(false);
  readonly #resuming = new Set<string>();
  readonly #gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #off: Array<() => void> = [];

  constructor(private readonly socket: RealtimeSocket) {
    const onEvent = (e: CoachEvent) => this.#apply(e);
    const onConnect = () => {
      this.connected = true;
      this.#resumeOpen();
    };
    const onDisconnect = () => {
      this.connected = false;
    };
    this.connected = socket.connected;
    socket.on('disconnect', onDisconnect);
    this.#off.push(() => socket.off('disconnect', onDisconnect));
    for (const name of ['coach:thinking', 'coach:delta', 'coach:tool', 'coach:done'] as const) {
      socket.on(name, onEvent);
      this.#off.push(() => socket.off(name, onEvent));
    }
    socket.on('connect', onConnect);
    this.#off.push(() => socket.off('connect', onConnect));
  }

  /** Stop listening (the page is left); the socket itself belongs to the layout. */
  dispose(): void {
    for (const off of this.#off) off();
    for (const t of this.#gapTimers.values()) clearTimeout(t);
  }

  get(messageId: string): Answer | undefined {
    return this.answers.get(messageId);
  }

  /** Follow an answer that is still being written (after a page load): fetch what was missed. */
  follow(messageId: string, conversationId: string): void {
    if (!this.answers.has(messageId)) this.answers.set(messageId, newAnswer(messageId, conversationId));
    void this.#resume(messageId);
  }

  async ask(ask: CoachAsk): Promise<Ack<CoachAskAccepted>> {
    if (!this.socket.connected) return OFFLINE;
    const reply = await this.#emit<CoachAskAccepted>((s) => s.emitWithAck('coach:ask', ask));
    if (reply.ok && !this.answers.has(reply.data.messageId))
      this.answers.set(reply.data.messageId, newAnswer(reply.data.messageId, reply.data.conversationId));
    return reply;
  }

  async stop(messageId: string): Promise<Ack<{ stopped: boolean }>> {
    if (!this.socket.connected) return OFFLINE;
    return this.#emit<{ stopped: boolean }>((s) => s.emitWithAck('coach:stop', { messageId }));
  }

  #apply(event: CoachEvent): void {
    const current = this.answers.get(event.messageId) ?? newAnswer(event.messageId, event.conversationId);
    const next = applyEvent(current, event);
    if (next !== current || !this.answers.has(event.messageId)) this.answers.set(event.messageId, next);
    if (hasGap(next)) this.#fillGapSoon(event.messageId);
  }

  #fillGapSoon(messageId: string): void {
    if (this.#gapTimers.has(messageId)) return;
    this.#gapTimers.set(
      messageId,
      setTimeout(() => {
        this.#gapTimers.delete(messageId);
        const answer = this.answers.get(messageId);
        if (answer && hasGap(answer)) void this.#resume(messageId);
      }, GAP_WAIT_MS),
    );
  }

  #resumeOpen(): void {
    for (const answer of this.answers.values()) if (!answer.end) void this.#resume(answer.messageId);
  }

  async #resume(messageId: string): Promise<void> {
    if (this.#resuming.has(messageId) || !this.socket.connected) return;
    this.#resuming.add(messageId);
    try {
      const answer = this.answers.get(messageId);
      if (!answer || answer.end) return;
      const reply = await this.#emit<CoachResumed>((s) =>
        s.emitWithAck('coach:resume', { messageId, afterSeq: answer.lastSeq }),
      );
      // Live events may have moved the answer on meanwhile: applyEvent drops what it already has.
      if (reply.ok) for (const e of reply.data.events) this.#apply(e);
    } finally {
      this.#resuming.delete(messageId);
    }
  }

  /** Send a command and wait for its ack; a timeout becomes a readable failure, never a hang. */
  async #emit<T>(send: (s: ReturnType<RealtimeSocket['timeout']>) => Promise<unknown>): Promise<Ack<T>> {
    try {
      // The event map types the payload; the ack's shape is the contract's (`Ack<T>` per command).
      return (await send(this.socket.timeout(ACK_TIMEOUT_MS))) as Ack<T>;
    } catch {
      return {
        ok: false,
        error: { code: 'TIMEOUT', message: 'The live service did not answer in time; retry.' },
      };
    }
  }
}
