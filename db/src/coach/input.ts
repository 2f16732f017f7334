/**
 * zod schemas of what a player sends the coach (the `coach:*` socket commands and the notes page).
 * The repositories parse with them too, so a caller that forgot cannot pass bad input through.
 */
import { z } from 'zod';

export const COACH_QUESTION_MAX_CHARS = 4_000;
export const COACH_NOTE_MAX_CHARS = 2_000;

const uuid = z.uuid({ error: 'must be an id' }).transform((v) => v.toLowerCase());

export const coachAskInput = z.object({
  conversationId: uuid.nullable(),
  text: z
    .string()
    .trim()
    .min(1, { error: 'Ask a question first.' })
    .max(COACH_QUESTION_MAX_CHARS, {
      error: `Questions are at most ${COACH_QUESTION_MAX_CHARS} characters.`,
    }),
  mode: z.enum(['chat', 'review-session']),
});
export type CoachAskInput = z.infer<typeof coachAskInput>;

export const coachStopInput = z.object({ messageId: uuid });

export const coachResumeInput = z.object({
  messageId: uuid,
  afterSeq: z.number().int().min(0).max(1_000_000),
});

export const coachNoteText = z
  .string()
  .trim()
  .min(1, { error: 'A note needs some text.' })
  .max(COACH_NOTE_MAX_CHARS, { error: `Notes are at most ${COACH_NOTE_MAX_CHARS} characters.` });
