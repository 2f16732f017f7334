/**
 * Errors as people read them: one plain sentence up front, the raw technical text (a parser code
 * and its message) kept apart for a "details" toggle. Server messages are already sentences; the
 * parser's own text ("NOT_A_REPLAY: … game type length … is implausible") is not.
 */

export interface ErrorText {
  /** What went wrong, for a player. */
  sentence: string;
  /** The technical text behind it, or null when there is none. */
  detail: string | null;
}

/** Plain sentences for the parser's and the upload path's error codes. */
const SENTENCES: Partial<Record<string, string>> = {
  NOT_A_REPLAY: "This isn't a Rocket League replay file. Pick a .replay file from your Demos folder.",
  TRUNCATED: 'This replay file is cut short (an incomplete copy or download?).',
  CRC_MISMATCH: 'This replay file is damaged: its checksum does not match its contents.',
  CORRUPT_HEADER: "This replay file is damaged: its header can't be read.",
  CORRUPT_BODY: 'This replay file is damaged: its match data cannot be read.',
  CORRUPT_REPLAY: 'This replay file is damaged and cannot be read.',
  STRING_TOO_LONG: 'This replay file is damaged: it holds an impossible text field.',
  LIST_TOO_LARGE: 'This replay file is damaged: it holds an impossible list.',
  UNKNOWN_ATTRIBUTE: 'This replay comes from a game version rlcoach cannot read yet.',
  FRAME_DECODE: 'The match data in this replay could not be decoded.',
};

const FALLBACK = 'Something went wrong with this replay.';

/** The sentence for a known code, or null. */
export function sentenceFor(code: string): string | null {
  return SENTENCES[code] ?? null;
}

/**
 * Split a stored or reported error into its sentence and its technical detail. A leading
 * sentence is kept; a bare "CODE: message" (optionally after "Parser: ") gets the code's sentence.
 */
export function errorText(raw: string | null | undefined, fallback = FALLBACK): ErrorText {
  const text = raw?.trim() ?? '';
  if (!text) return { sentence: fallback, detail: null };
  const technical = /(?:^|\s)((?:Parser: )?([A-Z][A-Z0-9_]{2,}): [\s\S]*)$/.exec(text);
  if (!technical) return { sentence: text, detail: null };
  const before = text.slice(0, technical.index).trim();
  const code = technical[2]!;
  return { sentence: before || (sentenceFor(code) ?? fallback), detail: technical[1]!.trim() };
}
