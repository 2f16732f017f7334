/** The moment citation syntax of coach answers: parsing, links, and dropping citations that do not check out. */
import { describe, expect, it } from 'vitest';
import { citationHref, citationsIn, formatCitation, keepValidCitations } from '../src/coach/citations.js';

const A = '0b7f5c1e-2d4a-4c3b-9a8e-1f2d3c4b5a69';
const B = 'ffffffff-2d4a-4c3b-9a8e-1f2d3c4b5a69';

describe('moment citations', () => {
  it('parses every well-formed citation, with ids lower-cased', () => {
    const text = `See [[moment:${A.toUpperCase()}:134.6|your goal]] and [[moment:${B}:12|a save]]; [[moment:nope:1|x]] is not one, nor [[moment:${A}:abc|y]].`;
    expect(citationsIn(text)).toEqual([
      {
        raw: `[[moment:${A.toUpperCase()}:134.6|your goal]]`,
        replayId: A,
        seconds: 134.6,
        label: 'your goal',
      },
      { raw: `[[moment:${B}:12|a save]]`, replayId: B, seconds: 12, label: 'a save' },
    ]);
  });

  it('formats and links a moment to the replay viewer at that second', () => {
    expect(formatCitation(A, 134.63, 'goal')).toBe(`[[moment:${A}:134.6|goal]]`);
    expect(citationHref({ replayId: A, seconds: 134.63 })).toBe(`/replays/${A}?t=134.6`);
  });

  it('replaces the citations that fail the check by their label', () => {
    const text = `Mine [[moment:${A}:10|kickoff]], not mine [[moment:${B}:20|their goal]].`;
    const out = keepValidCitations(text, (c) => c.replayId === A);
    expect(out).toEqual({ text: `Mine [[moment:${A}:10|kickoff]], not mine their goal.`, dropped: 1 });
  });
});
