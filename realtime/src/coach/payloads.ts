/** The zod schemas of the coach's client → server payloads: nothing a client sends is trusted as-is. */
import { z } from 'zod';
import type { CoachAsk, CoachResume } from '@rlcoach/db/contracts/coach';

/** A question longer than this is refused rather than sent (and paid for) upstream. */
export const MAX_QUESTION_CHARS = 4000;

const id = z.uuid().transform((v) => v.toLowerCase());

export const askSchema = z.strictObject({
  conversationId: id.nullable(),
  text: z
    .string()
    .trim()
    .min(1, 'Ask a question.')
    .max(MAX_QUESTION_CHARS, `Keep questions under ${MAX_QUESTION_CHARS} characters.`),
  mode: z.enum(['chat', 'review-session']),
}) satisfies z.ZodType<CoachAsk, unknown>;

export const stopSchema = z.strictObject({ messageId: id });

export const resumeSchema = z.strictObject({
  messageId: id,
  afterSeq: z.int().min(0).max(1_000_000),
}) satisfies z.ZodType<CoachResume, unknown>;

/** The first problem, in words, for the BAD_REQUEST answer. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is malformed.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
