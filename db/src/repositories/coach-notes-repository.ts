/**
 * The player's coach notes: saved by the coach (its `save_note` tool), read back at the start of
 * each answer, listed, edited and deleted by the player. Every call is scoped to the owner.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { coachNoteText } from '../coach/input.js';
import type { CoachNoteSource } from '../entities/coach.js';
import { sqlAll, sqlRun } from './sql-exec.js';
import { toDate } from './summary-list-row.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user holds at most this many notes; the coach is told when it is full. */
export const COACH_NOTES_MAX = 100;

export interface CoachNoteView {
  id: string;
  text: string;
  source: CoachNoteSource;
  createdAt: Date;
  updatedAt: Date;
}

/** A note's text was empty or too long, or the user has too many notes. */
export class CoachNoteError extends Error {
  override readonly name = 'CoachNoteError';
}

function textOf(raw: unknown): string {
  const parsed = coachNoteText.safeParse(raw);
  if (!parsed.success) throw new CoachNoteError(parsed.error.issues[0]?.message ?? 'Invalid note.');
  return parsed.data;
}

type NoteRecord = {
  id: string;
  text: string;
  source: CoachNoteSource;
  created_at: Date | string;
  updated_at: Date | string;
};
const toView = (r: NoteRecord): CoachNoteView => ({
  id: r.id,
  text: r.text,
  source: r.source,
  createdAt: toDate(r.created_at),
  updatedAt: toDate(r.updated_at),
});

/** The user's notes, most recently changed first. */
export async function listCoachNotes(em: EntityManager, userId: string): Promise<CoachNoteView[]> {
  const rows = await sqlAll<NoteRecord>(
    em,
    `select id, text, source, created_at, updated_at from coach_notes where user_id = ?
      order by updated_at desc, id limit ?`,
    [userId, COACH_NOTES_MAX],
  );
  return rows.map(toView);
}

/** Add a note (throws CoachNoteError on bad text or when the user already has COACH_NOTES_MAX). */
export async function createCoachNote(
  em: EntityManager,
  userId: string,
  text: unknown,
  source: CoachNoteSource,
): Promise<CoachNoteView> {
  const body = textOf(text);
  return em.transactional(async (tx) => {
    await sqlAll(tx, 'select id from users where id = ? for update', [userId]);
    const [count] = await sqlAll<{ n: number }>(
      tx,
      'select count(*)::int as n from coach_notes where user_id = ?',
      [userId],
    );
    if ((count?.n ?? 0) >= COACH_NOTES_MAX)
      throw new CoachNoteError(`You already have ${COACH_NOTES_MAX} notes; delete some first.`);
    const [row] = await sqlAll<NoteRecord>(
      tx,
      `insert into coach_notes (id, user_id, text, source, created_at, updated_at)
       values (gen_random_uuid(), ?, ?, ?, now(), now()) returning id, text, source, created_at, updated_at`,
      [userId, body, source],
    );
    return toView(row!);
  });
}

/** Change a note's text (the player edits it); null when the note is not the user's. */
export async function updateCoachNote(
  em: EntityManager,
  userId: string,
  noteId: string,
  text: unknown,
): Promise<CoachNoteView | null> {
  const body = textOf(text);
  if (!UUID.test(noteId)) return null;
  const [row] = await sqlAll<NoteRecord>(
    em,
    `update coach_notes set text = ?, source = 'player', updated_at = now() where id = ? and user_id = ?
      returning id, text, source, created_at, updated_at`,
    [body, noteId, userId],
  );
  return row ? toView(row) : null;
}

/** Delete a note; false when it is not the user's. */
export async function deleteCoachNote(em: EntityManager, userId: string, noteId: string): Promise<boolean> {
  if (!UUID.test(noteId)) return false;
  return (await sqlRun(em, 'delete from coach_notes where id = ? and user_id = ?', [noteId, userId])) > 0;
}
