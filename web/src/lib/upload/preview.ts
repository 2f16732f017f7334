/**
 * The header summary the upload endpoint returns for an accepted file (the parser's
 * MatchInfo), read defensively: shown on the row while the full analysis runs.
 */
export interface MatchPreview {
  mapName: string | null;
  mapCode: string | null;
  playedAt: string | null;
  blueGoals: number | null;
  orangeGoals: number | null;
}

export function readPreview(raw: unknown): MatchPreview | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  const preview: MatchPreview = {
    mapName: text(r.mapName),
    mapCode: text(r.mapCode),
    playedAt: text(r.playedAt),
    blueGoals: count(r.blueGoals),
    orangeGoals: count(r.orangeGoals),
  };
  return Object.values(preview).some((v) => v !== null) ? preview : null;
}
