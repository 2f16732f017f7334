import { describe, expect, it } from 'vitest';
import { isValidTimeZone, localHeaderDateToIso, matchTime } from './match-time';

describe('match time', () => {
  it('prefers MatchStartEpoch (playedAt) over the local header date', () => {
    expect(matchTime({ playedAt: '2026-11-20T18:00:00.000Z', dateLocal: '2017-09-30 18-15-45' }, 'UTC')).toBe(
      '2026-11-20T18:00:00.000Z',
    );
  });
  it('reads the header Date in the user time zone, across DST', () => {
    expect(matchTime({ playedAt: null, dateLocal: '2017-09-30 18-15-45' }, 'UTC')).toBe(
      '2017-09-30T18:15:45.000Z',
    );
    expect(localHeaderDateToIso('2017-09-30 18-15-45', 'Europe/Berlin')).toBe('2017-09-30T16:15:45.000Z'); // CEST
    expect(localHeaderDateToIso('2017-12-30 18-15-45', 'Europe/Berlin')).toBe('2017-12-30T17:15:45.000Z'); // CET
    expect(localHeaderDateToIso('2017-07-01 09-00-00', 'America/New_York')).toBe('2017-07-01T13:00:00.000Z');
  });
  it('returns null for unreadable dates and zones', () => {
    expect(localHeaderDateToIso('yesterday', 'UTC')).toBeNull();
    expect(localHeaderDateToIso('2017-09-30 18-15-45', 'Mars/Olympus')).toBeNull();
    expect(matchTime(null, 'UTC')).toBeNull();
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Nowhere/Land')).toBe(false);
  });
});
