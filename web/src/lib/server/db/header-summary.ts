/**
 * The few header figures the replays list shows, read defensively from the stored
 * MatchInfo json (written by ingest at upload time): a missing or odd field is null.
 */
export interface HeaderSummary {
  mapName: string | null;
  blueGoals: number | null;
  orangeGoals: number | null;
  durationSeconds: number | null;
}

export function headerSummary(header: unknown): HeaderSummary {
  const h = typeof header === 'object' && header !== null ? (header as Record<string, unknown>) : {};
  return {
    mapName: typeof h.mapName === 'string' ? h.mapName : null,
    blueGoals: finite(h.blueGoals),
    orangeGoals: finite(h.orangeGoals),
    durationSeconds: finite(h.durationSeconds),
  };
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
