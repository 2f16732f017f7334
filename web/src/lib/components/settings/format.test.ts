import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, playerKeyParts } from './format';

describe('settings formatting', () => {
  it('names the platform of a claimed id', () => {
    expect(playerKeyParts('steam:76561198012345678')).toEqual({ platform: 'Steam', id: '76561198012345678' });
    expect(playerKeyParts('epic:abc')).toEqual({ platform: 'Epic', id: 'abc' });
    expect(playerKeyParts('odd')).toEqual({ platform: 'Player', id: 'odd' });
  });
  it('sizes in B, KB, MB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024 + 200_000)).toBe('3.2 MB');
  });
  it('dates in the given zone', () => {
    expect(formatDateTime('2030-01-31T23:30:00Z', 'UTC')).toMatch(/31 January 2030.*23:30/);
    expect(formatDateTime('2030-01-31T23:30:00Z', 'Europe/Paris')).toMatch(/1 February 2030.*00:30/);
  });
});
