import { describe, expect, it } from 'vitest';
import { eventClock, findMe, playerKeyOf } from './types';

const players = [
  { name: 'A', platform: 'steam', platform_id: '7656', team: 'blue' },
  { name: 'B', platform: 'epic', platform_id: null, team: 'orange' },
] as never[];

describe('me in a replay', () => {
  it('matches claimed platform keys, never display names', () => {
    expect(playerKeyOf(players[0]!)).toBe('steam:7656');
    expect(findMe({ players }, ['steam:7656'])).toBe(players[0]);
    expect(findMe({ players }, ['name:B', 'epic:null'])).toBeNull();
    expect(findMe(null, ['steam:7656'])).toBeNull();
  });
  it('formats event clocks on the given match clock', () => {
    expect(eventClock(95.9, (t) => t - 10)).toBe('1:25');
  });
});
