/**
 * Moment citations: how an answer points at an exact moment of one of the player's games.
 *
 *   [[moment:<replayId>:<seconds>|<label>]]     e.g. [[moment:3f2c…e1:134.6|your second goal]]
 *
 * `seconds` is replay time, the clock of the report's events and of the replay viewer; the web page
 * renders a citation as a link to `/replays/<replayId>?t=<seconds>`. The worker checks every
 * citation against the asking player's own replays before the answer is saved: one that names
 * another player's replay, an unknown one or a second past the game's end is replaced by its label.
 */

export interface MomentCitation {
  /** The whole `[[moment:…]]` text. */
  raw: string;
  replayId: string;
  seconds: number;
  label: string;
}

/** Matches one citation; `g` flag, so reset lastIndex or use citationsIn. */
export const MOMENT_CITATION =
  /\[\[moment:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}):(\d{1,5}(?:\.\d{1,3})?)\|([^\]|\n]{1,120})\]\]/g;

export function citationsIn(text: string): MomentCitation[] {
  return [...text.matchAll(MOMENT_CITATION)].map((m) => ({
    raw: m[0],
    replayId: m[1]!.toLowerCase(),
    seconds: Number(m[2]),
    label: m[3]!.trim(),
  }));
}

export const formatCitation = (replayId: string, seconds: number, label: string): string =>
  `[[moment:${replayId}:${Math.round(seconds * 10) / 10}|${label}]]`;

/** The viewer link a citation opens. */
export const citationHref = (c: Pick<MomentCitation, 'replayId' | 'seconds'>): string =>
  `/replays/${c.replayId}?t=${Math.round(c.seconds * 10) / 10}`;

/**
 * Keep the citations `isValid` accepts and replace the others by their label, so a stored answer
 * never links to a moment the player cannot open. Returns the text and how many were dropped.
 */
export function keepValidCitations(
  text: string,
  isValid: (c: MomentCitation) => boolean,
): { text: string; dropped: number } {
  let dropped = 0;
  const out = text.replace(MOMENT_CITATION, (raw: string, id: string, secs: string, label: string) => {
    const c = { raw, replayId: id.toLowerCase(), seconds: Number(secs), label: label.trim() };
    if (isValid(c)) return raw;
    dropped++;
    return c.label;
  });
  return { text: out, dropped };
}
