/**
 * The AI coach's contract between realtime (takes the question, relays the answer), the worker
 * (runs the `coach.reply` job: the Messages API stream and its tool loop) and the browser.
 *
 * One assistant message is one stream. Every event of it carries a sequence number (1, 2, 3, …
 * per message, no gaps) and is both emitted live to `user:<id>` and appended to a Redis stream,
 * so a client that reloads or reconnects asks `coach:resume` with the last seq it holds and gets
 * exactly the events after it: nothing duplicated, nothing lost.
 */

/** `chat`: a free conversation; `review-session`: review the last play session, ending in ≤ 3 priorities. */
export type CoachMode = 'chat' | 'review-session';

/** A message's state in Postgres; `partial` = stopped or failed mid-answer, text kept as far as it got. */
export type CoachMessageStatus = 'streaming' | 'complete' | 'partial' | 'failed';

interface CoachEventBase {
  conversationId: string;
  /** The assistant message this event belongs to. */
  messageId: string;
  /** 1-based, consecutive within a message. */
  seq: number;
}

/** The model is thinking (extended thinking); the UI shows an indicator, never the thought text. */
export interface CoachThinking extends CoachEventBase {
  type: 'thinking';
}

/** A piece of the answer's text, in order. */
export interface CoachDelta extends CoachEventBase {
  type: 'delta';
  text: string;
}

/** A tool call as it starts ("Looking at your last 10 games…") and when it finishes. */
export interface CoachTool extends CoachEventBase {
  type: 'tool';
  toolUseId: string;
  name: string;
  /** Human-readable, safe to show. */
  label: string;
  state: 'running' | 'done' | 'error';
}

/** Budget use after this answer, so the UI can warn at 80 % and stop at 100 %. */
export interface CoachUsage {
  usedTokens: number;
  limitTokens: number;
  /** ISO 8601: when the monthly budget starts again. */
  resetsAt: string;
}

/** The last event of every message: the final text as stored, and how it ended. */
export interface CoachDone extends CoachEventBase {
  type: 'done';
  status: Exclude<CoachMessageStatus, 'streaming'>;
  /** The full stored text (the concatenated deltas). */
  text: string;
  /** Human-readable reason when partial or failed (stopped, upstream error, budget). */
  reason: string | null;
  usage: CoachUsage | null;
}

export type CoachEvent = CoachThinking | CoachDelta | CoachTool | CoachDone;

export interface CoachAsk {
  /** Null starts a new conversation. */
  conversationId: string | null;
  text: string;
  mode: CoachMode;
}

export interface CoachAskAccepted {
  conversationId: string;
  userMessageId: string;
  /** The assistant message that will stream; the `coach:*` events carry it. */
  messageId: string;
  /** True when this is a free player's one preview answer. */
  preview: boolean;
}

export interface CoachResume {
  messageId: string;
  /** The last seq the client holds (0 for none). */
  afterSeq: number;
}

export interface CoachResumed {
  events: CoachEvent[];
  /** True when the message has ended (its `done` is in `events` or was already received). */
  finished: boolean;
}

/** Redis keys shared by the worker (writes) and realtime (reads, publishes stop). */
export const coachKeys = {
  /** A Redis stream of one message's events, trimmed and expired after the answer ends. */
  events: (messageId: string) => `coach:events:${messageId}`,
  /** Pub/sub channel: realtime publishes here when the user presses stop; the worker aborts upstream. */
  stop: (messageId: string) => `coach:stop:${messageId}`,
} as const;

/**
 * The reason of an answer that could not start because the server has no ANTHROPIC_API_KEY. The UI
 * says so before anyone asks; the job ends such an answer `failed` with exactly this text.
 */
export const COACH_NOT_CONFIGURED = 'The coach is not configured on this server';

/**
 * Answers cite game moments as `[[moment:<replayId>:<seconds>|<label>]]` (seconds of replay time,
 * the viewer's clock): the page links each to `/replays/<replayId>?t=<seconds>`. Citations are
 * checked against the player's own replays before the answer is stored, and an invalid one is
 * replaced by its label, so `CoachDone.text` (the stored text) is the one to render once it arrives;
 * parsing and checking live in db/src/coach/citations.ts.
 */
export const MOMENT_CITATION_SYNTAX = '[[moment:<replayId>:<seconds>|<label>]]';
