/**
 * The Coach page's data, read through db's coach repositories for the signed-in player only:
 * whether they may ask (configured? guest? Pro? preview left?), their conversations, the open one,
 * their notes and their budget. Realtime re-checks every question; this only shapes the page.
 */
import type { EntityManager } from '@rlcoach/db';
import { entitlementOf } from '@rlcoach/db/billing/entitlement';
import {
  CoachNoteError,
  coachPreviewTaken,
  deleteCoachNote as deleteNote,
  listCoachNotes,
  listConversations,
  readBudgetStatus,
  readConversation,
  updateCoachNote,
  type CoachLimits,
} from '@rlcoach/db/coach/index';
import type { CoachAccess, CoachPageData } from '$lib/coach/page-data';
import type { SessionUser } from '$lib/server/ports';

export interface CoachPageInput {
  user: SessionUser;
  /** `?c=`: the conversation to open (untrusted: anything not the user's reads as none). */
  conversationId: string | null;
  configured: boolean;
  limits: CoachLimits;
}

export async function loadCoachPage(em: EntityManager, input: CoachPageInput): Promise<CoachPageData> {
  const { user } = input;
  const [entitlement, conversations, current, notes] = await Promise.all([
    entitlementOf(em.fork(), user.id),
    listConversations(em.fork(), user.id),
    input.conversationId ? readConversation(em.fork(), user.id, input.conversationId) : null,
    listCoachNotes(em.fork(), user.id),
  ]);
  const pro = entitlement.plan === 'pro';
  const budget = pro ? await readBudgetStatus(em.fork(), user.id, input.limits.monthlyTokens) : null;
  return {
    access: await accessOf(em, input, pro),
    conversations: conversations.map((c) => ({
      id: c.id,
      title: c.title,
      updatedAt: c.updatedAt.toISOString(),
    })),
    current: current && {
      id: current.id,
      title: current.title,
      messages: current.messages.map((m) => ({
        id: m.id,
        role: m.role,
        text: m.text,
        status: m.status,
        reason: m.reason,
        tools: m.toolCalls.map((t) => ({ id: t.id, label: t.label, isError: t.isError })),
      })),
    },
    notes: notes.map((n) => ({ id: n.id, text: n.text, updatedAt: n.updatedAt.toISOString() })),
    budget: budget && {
      // Held tokens count: a running answer's reservation is already spoken for.
      usedTokens: budget.usedTokens + budget.reservedTokens,
      limitTokens: budget.limitTokens,
      resetsAt: budget.resetsAt.toISOString(),
    },
  };
}

async function accessOf(em: EntityManager, input: CoachPageInput, pro: boolean): Promise<CoachAccess> {
  if (!input.configured) return { kind: 'not-configured' };
  if (input.user.kind === 'guest') return { kind: 'guest' };
  if (pro) return { kind: 'pro' };
  return { kind: 'free', previewAvailable: !(await coachPreviewTaken(em.fork(), input.user.id)) };
}

/** A note edit or delete refused, with a status and a message for the page. */
export class NoteError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export async function editCoachNote(
  em: EntityManager,
  userId: string,
  id: FormDataEntryValue | null,
  text: FormDataEntryValue | null,
): Promise<void> {
  if (typeof id !== 'string' || typeof text !== 'string')
    throw new NoteError(400, 'Send a note id and text.');
  try {
    const note = await updateCoachNote(em, userId, id, text);
    if (!note) throw new NoteError(404, 'That note does not exist.');
  } catch (e) {
    if (e instanceof CoachNoteError) throw new NoteError(400, e.message);
    throw e;
  }
}

export async function deleteCoachNote(
  em: EntityManager,
  userId: string,
  id: FormDataEntryValue | null,
): Promise<void> {
  if (typeof id !== 'string') throw new NoteError(400, 'Send a note id.');
  if (!(await deleteNote(em, userId, id))) throw new NoteError(404, 'That note does not exist.');
}
