import { describe, expect, it } from 'vitest';
import { playlistLabel } from './playlist';

describe('playlist labels', () => {
  it('maps known ids and falls back to team size and match type', () => {
    expect(playlistLabel(11, 2, 'Online')).toBe('Ranked Doubles');
    expect(playlistLabel(999, 2, 'Online')).toBe('2v2 Online');
    expect(playlistLabel(null, 3, null)).toBe('3v3');
    expect(playlistLabel(null, null, null)).toBeNull();
  });
});
