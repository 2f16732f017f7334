/** Labels for match figures. Pure functions: unknown stays visibly unknown, never invented. */

/** 312 → "5:12"; null → "—". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

import { utcDateLabel } from './match-labels';

/**
 * ISO instant → "25 Nov 2026, 20:48 UTC" (UTC, so server and browser render the same text). For a
 * replay's match date use `matchDateLabel` (match-labels.ts), which also knows the header's local date.
 */
export function formatMatchDate(iso: string | null): string {
  return utcDateLabel(iso) ?? 'Date unknown';
}

/** 10485760 → "10 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

export function mapLabel(name: string | null, code: string | null): string {
  return name ?? code ?? 'Unknown arena';
}

/** A stat cell: null (the replay does not say) renders as a dash. */
export function stat(v: number | null): string {
  return v === null ? '—' : String(v);
}

/**
 * Some modes (Gridiron, Heatseeker variants) score points, not goals: the replay's team score then
 * differs from its players' goals. The team score stays the headline everywhere; this sentence
 * says why the goal columns add up to something else. Null when they agree or are unknown.
 */
export function teamScoreNote(
  score: { blue: number; orange: number },
  players: { blue: ReadonlyArray<{ goals: number | null }>; orange: ReadonlyArray<{ goals: number | null }> },
): string | null {
  const sum = (ps: ReadonlyArray<{ goals: number | null }>) =>
    ps.some((p) => p.goals === null) ? null : ps.reduce((n, p) => n + (p.goals ?? 0), 0);
  const blue = sum(players.blue);
  const orange = sum(players.orange);
  if (blue === null || orange === null || (blue === score.blue && orange === score.orange)) return null;
  if (players.blue.length + players.orange.length === 0) return null;
  return `Team score as the replay records it; this mode scores points, and the players' goals add up to ${blue} – ${orange}.`;
}
