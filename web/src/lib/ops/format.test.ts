import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatMemory, formatRate, plural } from './format';

describe('ops formatting', () => {
  it('bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
    expect(formatBytes(-1)).toBe('—');
  });
  it('a rate without a previous sample is a dash, not zero', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0)).toBe('0.0/min');
    expect(formatRate(42.4)).toBe('42/min');
  });
  it('counts with their noun', () => {
    expect(plural(1, 'socket')).toBe('1 socket');
    expect(plural(0, 'node')).toBe('0 nodes');
  });
  it('ages and memory lines', () => {
    expect(formatAge(1_000, 13_000)).toBe('12 s ago');
    expect(formatAge(null, 0)).toBe('—');
    expect(formatMemory(1024, 0)).toBe('1.0 KiB (no limit)');
    expect(formatMemory(1024, 2048)).toBe('1.0 KiB of 2.0 KiB');
  });
});
