/**
 * Moment citations in the coach's text: `[[moment:<replayId>:<seconds>|label]]` becomes a link that
 * opens that replay's viewer at that second (`/replays/<id>?t=<seconds>`). Anything that does not
 * match exactly stays plain text, so a malformed citation can never become a link somewhere else.
 */
import { MOMENT_CITATION, citationHref } from '@rlcoach/db/coach/citations';

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'moment'; replayId: string; seconds: number; label: string; href: string };

/** The viewer link of a moment (db's one rule, shared with the worker that checks citations). */
export function momentHref(replayId: string, seconds: number): string {
  return citationHref({ replayId: replayId.toLowerCase(), seconds });
}

export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  // The syntax is db's (coach/citations.ts): one regex for the worker's check and this rendering.
  for (const m of text.matchAll(MOMENT_CITATION)) {
    const start = m.index;
    if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
    const [, replayId, secs, label] = m as unknown as [string, string, string, string];
    const seconds = Number(secs);
    out.push({
      kind: 'moment',
      replayId: replayId.toLowerCase(),
      seconds,
      label: label.trim(),
      href: momentHref(replayId, seconds),
    });
    last = start + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/**
 * While an answer streams, a citation may be cut in half; hide an unfinished `[[…` at the end so
 * raw markup never flashes on screen (it appears, as a link, once its closing `]]` arrives).
 */
export function withoutOpenCitation(text: string): string {
  const open = text.lastIndexOf('[[');
  if (open === -1 || text.indexOf(']]', open) !== -1) return text;
  return text.length - open <= 200 ? text.slice(0, open) : text;
}
