/** The browser's answer state: events folded in by seq, exactly once and in order, whatever the arrival order. */
import { describe, expect, it } from 'vitest';
import type { CoachEvent } from '@rlcoach/db/contracts/coach';
import { applyEvent, hasGap, newAnswer, type Answer } from '$lib/coach/answer';
import { momentHref, segments, withoutOpenCitation } from '$lib/coach/citations';
import { budgetLevel } from '$lib/coach/page-data';

const M = '11111111-1111-4111-8111-111111111111';
const C = '22222222-2222-4222-8222-222222222222';
const R = '33333333-3333-4333-8333-333333333333';

const delta = (seq: number, text: string): CoachEvent => ({
  type: 'delta',
  conversationId: C,
  messageId: M,
  seq,
  text,
});

/** A full answer's events: thinking, a tool call, ten words, done. */
function script(): CoachEvent[] {
  const words = Array.from({ length: 10 }, (_, i) => `w${i} `);
  const events: CoachEvent[] = [
    { type: 'thinking', conversationId: C, messageId: M, seq: 1 },
    {
      type: 'tool',
      conversationId: C,
      messageId: M,
      seq: 2,
      toolUseId: 't1',
      name: 'recent_games',
      label: 'Looking at your last 10 games…',
      state: 'running',
    },
    {
      type: 'tool',
      conversationId: C,
      messageId: M,
      seq: 3,
      toolUseId: 't1',
      name: 'recent_games',
      label: 'Looking at your last 10 games…',
      state: 'done',
    },
    ...words.map((w, i) => delta(4 + i, w)),
  ];
  events.push({
    type: 'done',
    conversationId: C,
    messageId: M,
    seq: events.length + 1,
    status: 'complete',
    text: words.join(''),
    reason: null,
    usage: null,
  });
  return events;
}

const fold = (events: CoachEvent[], from: Answer = newAnswer(M, C)) => events.reduce(applyEvent, from);

describe('applyEvent', () => {
  it('builds the text in order with the thinking and tool states', () => {
    const events = script();
    const mid = fold(events.slice(0, 3));
    expect(mid.thinking).toBe(false);
    expect(mid.tools).toEqual([{ toolUseId: 't1', label: 'Looking at your last 10 games…', state: 'done' }]);
    expect(fold(events.slice(0, 1)).thinking).toBe(true);
    const end = fold(events);
    expect(end.text).toBe('w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 ');
    expect(end.end).toEqual({ status: 'complete', reason: null, usage: null });
    expect(end.lastSeq).toBe(events.length);
  });

  it('drops duplicates: a resume overlapping live events adds nothing twice', () => {
    const events = script();
    const live = fold(events.slice(0, 8));
    // The resume answer repeats 5..8 and brings 9..end.
    const resumed = fold(events.slice(4), live);
    expect(resumed.text).toBe(fold(events).text);
    const partial = fold([...events.slice(0, 8), ...events.slice(2, 8)]);
    expect(partial.text).toBe('w0 w1 w2 w3 w4 ');
  });

  it('holds events beyond a gap until the gap is filled, then applies them in order', () => {
    const events = script();
    const ahead = fold([...events.slice(0, 5), events[7]!, events[6]!]);
    expect(ahead.text).toBe('w0 w1 ');
    expect(hasGap(ahead)).toBe(true);
    const filled = fold([events[5]!], ahead);
    expect(filled.text).toBe('w0 w1 w2 w3 w4 ');
    expect(hasGap(filled)).toBe(false);
    // Any order at all ends in the same answer.
    const shuffled = [...events].sort((a, b) => ((a.seq * 7919) % 13) - ((b.seq * 7919) % 13));
    expect(fold(shuffled)).toEqual(fold(events));
  });

  it('ignores events of another message and anything after done', () => {
    const done = fold(script());
    expect(applyEvent(done, delta(done.lastSeq + 1, 'late'))).toBe(done);
    const other = { ...delta(1, 'x'), messageId: R };
    expect(applyEvent(newAnswer(M, C), other)).toEqual(newAnswer(M, C));
  });

  it('takes the stored text from done when the resume began late', () => {
    const events = script();
    const lastOnly = fold([events[events.length - 1]!], { ...newAnswer(M, C), lastSeq: events.length - 1 });
    expect(lastOnly.text).toBe('w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 ');
  });
});

describe('moment citations', () => {
  it('turns a citation into a link to the viewer at that second', () => {
    const text = `Watch this: [[moment:${R}:83|your late rotation at 1:23]] and again.`;
    expect(segments(text)).toEqual([
      { kind: 'text', text: 'Watch this: ' },
      {
        kind: 'moment',
        replayId: R,
        seconds: 83,
        label: 'your late rotation at 1:23',
        href: `/replays/${R}?t=83`,
      },
      { kind: 'text', text: ' and again.' },
    ]);
    expect(momentHref(R.toUpperCase(), 12.5)).toBe(`/replays/${R}?t=12.5`);
  });

  it('leaves anything malformed as text', () => {
    for (const bad of [
      '[[moment:not-a-uuid:10|x]]',
      `[[moment:${R}:abc|x]]`,
      `[[moment:${R}:10]]`,
      `[[moment:${R}:10|]]`,
      `[[moment:${R}:10|javascript:alert(1)`,
    ])
      expect(segments(bad)).toEqual([{ kind: 'text', text: bad }]);
  });

  it('hides a citation still arriving, never the text before it', () => {
    expect(withoutOpenCitation(`Look [[moment:${R}:1`)).toBe('Look ');
    expect(withoutOpenCitation(`Look [[moment:${R}:1|a]] ok`)).toBe(`Look [[moment:${R}:1|a]] ok`);
  });
});

describe('budget level', () => {
  const at = (usedTokens: number) =>
    budgetLevel({ usedTokens, limitTokens: 150_000, resetsAt: '2027-01-01T00:00:00.000Z' });
  it('warns from 80 % and stops at 100 %', () => {
    expect(at(0)).toBe('ok');
    expect(at(119_999)).toBe('ok');
    expect(at(120_000)).toBe('warning');
    expect(at(149_999)).toBe('warning');
    expect(at(150_000)).toBe('exhausted');
    expect(at(160_000)).toBe('exhausted');
  });
});
