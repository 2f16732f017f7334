/**
 * One streamed coach answer as the browser holds it, and the pure step that folds one event in.
 * Events carry per-message sequence numbers (1, 2, 3, …): an event at or below the last applied seq
 * is a duplicate (a resume overlapping live events) and is dropped; one beyond the next is held
 * until the gap is filled, so the text is built exactly once and in order whatever the arrival order.
 */
import type { CoachDone, CoachEvent, CoachUsage } from '@rlcoach/db/contracts/coach';

export interface ToolCall {
  toolUseId: string;
  label: string;
  state: 'running' | 'done' | 'error';
}

export interface Answer {
  messageId: string;
  conversationId: string;
  /** Highest seq applied; the client resumes after it. */
  lastSeq: number;
  text: string;
  /** The model is thinking and has not written since. */
  thinking: boolean;
  tools: ToolCall[];
  /** Events that arrived ahead of a gap, by seq. */
  held: Record<number, CoachEvent>;
  end: { status: CoachDone['status']; reason: string | null; usage: CoachUsage | null } | null;
}

export function newAnswer(messageId: string, conversationId: string): Answer {
  return { messageId, conversationId, lastSeq: 0, text: '', thinking: false, tools: [], held: {}, end: null };
}

/** A stored, finished answer (from the page load). */
export function finishedAnswer(
  messageId: string,
  conversationId: string,
  text: string,
  status: CoachDone['status'],
  reason: string | null,
  tools: ToolCall[] = [],
): Answer {
  return { ...newAnswer(messageId, conversationId), text, tools, end: { status, reason, usage: null } };
}

/** Fold one event in; returns a new Answer (the old one is left as it was). */
export function applyEvent(answer: Answer, event: CoachEvent): Answer {
  if (event.messageId !== answer.messageId || answer.end) return answer;
  if (event.seq <= answer.lastSeq || answer.held[event.seq]) return answer;
  if (event.seq > answer.lastSeq + 1) return { ...answer, held: { ...answer.held, [event.seq]: event } };
  let next = step(answer, event);
  // Drain whatever was waiting for this one.
  while (!next.end && next.held[next.lastSeq + 1]) {
    const { [next.lastSeq + 1]: ready, ...rest } = next.held;
    next = step({ ...next, held: rest }, ready!);
  }
  return next;
}

/** Whether events are being held behind a gap (the caller asks `coach:resume` to fill it). */
export function hasGap(answer: Answer): boolean {
  return Object.keys(answer.held).length > 0;
}

function step(answer: Answer, event: CoachEvent): Answer {
  const base = { ...answer, lastSeq: event.seq };
  switch (event.type) {
    case 'thinking':
      return { ...base, thinking: true };
    case 'delta':
      return { ...base, thinking: false, text: answer.text + event.text };
    case 'tool': {
      const call: ToolCall = { toolUseId: event.toolUseId, label: event.label, state: event.state };
      const at = answer.tools.findIndex((t) => t.toolUseId === event.toolUseId);
      const tools = at === -1 ? [...answer.tools, call] : answer.tools.map((t, i) => (i === at ? call : t));
      return { ...base, thinking: false, tools };
    }
    case 'done':
      // The stored text is the truth: it equals the deltas, and covers a resume that began late.
      return {
        ...base,
        thinking: false,
        text: event.text,
        held: {},
        end: { status: event.status, reason: event.reason, usage: event.usage },
      };
    default: {
      const never: never = event;
      return never;
    }
  }
}
