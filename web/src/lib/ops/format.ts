/** Display helpers of the ops page: figures as an operator reads them. */

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** Jobs per minute; null (first sample) shows as a dash, never as zero. */
export function formatRate(perMinute: number | null): string {
  if (perMinute === null) return '—';
  return perMinute >= 10 ? `${Math.round(perMinute)}/min` : `${perMinute.toFixed(1)}/min`;
}

/** "12 s ago" style age of an epoch-ms instant relative to `now`. */
export function formatAge(at: number | null, now: number): string {
  if (at === null) return '—';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** The Redis memory line: used, and of how much when a limit is set. */
export function formatMemory(used: number, max: number): string {
  return max > 0 ? `${formatBytes(used)} of ${formatBytes(max)}` : `${formatBytes(used)} (no limit)`;
}

/** "1 socket", "3 sockets". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
