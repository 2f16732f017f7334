/**
 * When a match was played (product brief §6): header MatchStartEpoch (UTC) when present, otherwise
 * header Date — the recorder's local wall clock, no zone — read in the user's time zone.
 * Never the upload or analysis time.
 */

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs ~60 µs, ten times a format, and
 * summaries convert every zone-less header date of a user's library inside the result transaction.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset (ms) of `timeZone` from UTC at instant `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = zoneFormatter(timeZone)
    .formatToParts(new Date(utcMs))
    .reduce<Record<string, number>>(
      (acc, p) => (p.type === 'literal' ? acc : ((acc[p.type] = Number(p.value)), acc)),
      {},
    );
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - utcMs;
}

/** "2017-09-30 18-15-45" (header Date) in `timeZone` → ISO instant; null when unreadable. */
export function localHeaderDateToIso(dateLocal: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2})[-:](\d{2})[-:](\d{2})$/.exec(dateLocal.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(wall)) return null;
  try {
    // Two passes settle the offset across a DST change.
    let utc = wall - zoneOffsetMs(wall, timeZone);
    utc = wall - zoneOffsetMs(utc, timeZone);
    return new Date(utc).toISOString();
  } catch {
    return null; // unknown time zone
  }
}

export function matchTime(
  header: { playedAt?: unknown; dateLocal?: unknown } | null,
  timeZone: string,
): string | null {
  if (!header) return null;
  if (typeof header.playedAt === 'string' && !Number.isNaN(Date.parse(header.playedAt)))
    return header.playedAt;
  if (typeof header.dateLocal === 'string') return localHeaderDateToIso(header.dateLocal, timeZone);
  return null;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
