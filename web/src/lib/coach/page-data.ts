/** What the Coach page's load hands the browser (web/src/lib/server/coach/page-data.ts builds it). */
import type { CoachMessageStatus, CoachUsage } from '@rlcoach/db/contracts/coach';

/** Whether and how this player may ask, decided on the server (realtime re-checks every question). */
export type CoachAccess =
  /** No ANTHROPIC_API_KEY on this server: the page says so and offers nothing. */
  | { kind: 'not-configured' }
  /** A guest account: no coach. */
  | { kind: 'guest' }
  /** Free plan: the one preview answer is still available, or already used. */
  | { kind: 'free'; previewAvailable: boolean }
  | { kind: 'pro' };

export interface CoachConversationItem {
  id: string;
  title: string;
  /** ISO 8601. */
  updatedAt: string;
}

export interface CoachMessageView {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  status: CoachMessageStatus;
  /** Why a message ended partial or failed. */
  reason: string | null;
  /** The tools an answer used, as the player saw them run (labels only). */
  tools: { id: string; label: string; isError: boolean }[];
}

export interface CoachNoteView {
  id: string;
  text: string;
  /** ISO 8601. */
  updatedAt: string;
}

export interface CoachPageData {
  access: CoachAccess;
  conversations: CoachConversationItem[];
  current: { id: string; title: string; messages: CoachMessageView[] } | null;
  notes: CoachNoteView[];
  /** The month's token budget (Pro), null when there is none to show. */
  budget: CoachUsage | null;
}

/** Budget states the meter shows: a warning from 80 %, a clear stop at 100 %. */
export function budgetLevel(b: CoachUsage): 'ok' | 'warning' | 'exhausted' {
  if (b.limitTokens <= 0 || b.usedTokens >= b.limitTokens) return 'exhausted';
  return b.usedTokens >= 0.8 * b.limitTokens ? 'warning' : 'ok';
}
