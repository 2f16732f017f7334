import { describe, expect, it } from 'vitest';
import { clockReaderOf, matchClockText } from './match-clock';

describe('the match clock on the web', () => {
  // Two stretches of play: 10–70 s of replay time (60 s on the clock), a goal, then 100–130 s.
  const clock = {
    segments: [
      { start: 10, end: 70, clock: 0 },
      { start: 100, end: 130, clock: 60 },
    ],
  };

  it('reads replay times on the report clock, holding it between stretches of play', () => {
    const read = clockReaderOf(clock, 0);
    expect(read(5)).toBe(0);
    expect(read(40)).toBe(30);
    expect(read(85)).toBe(60); // goal replay / countdown: the clock stands still
    expect(read(110)).toBe(70);
    expect(read(500)).toBe(90); // after the match: its length
  });

  it('counts from the first kickoff on reports without a clock', () => {
    const read = clockReaderOf(undefined, 12);
    expect(read(72.5)).toBe(60.5);
    expect(read(3)).toBe(0);
  });

  it('prints m:ss, running past 5:00 into overtime', () => {
    expect(matchClockText(59.9)).toBe('0:59');
    expect(matchClockText(364.1)).toBe('6:04');
  });
});
