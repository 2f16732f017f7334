/**
 * Friendly playlist names (product brief lesson 13: numeric ids must be mapped, with match type
 * and team size as the fallback). Unknown ids fall back to "2v2 Online"-style labels, never a number.
 */
const PLAYLISTS: Record<number, string> = {
  1: 'Casual Duel',
  2: 'Casual Doubles',
  3: 'Casual Standard',
  4: 'Casual Chaos',
  6: 'Private Match',
  10: 'Ranked Duel',
  11: 'Ranked Doubles',
  13: 'Ranked Standard',
  27: 'Ranked Hoops',
  28: 'Ranked Rumble',
  29: 'Ranked Dropshot',
  30: 'Ranked Snow Day',
  34: 'Tournament',
};

export function playlistLabel(
  playlistId: number | null,
  teamSize: number | null,
  matchType: string | null,
): string | null {
  if (playlistId !== null && PLAYLISTS[playlistId]) return PLAYLISTS[playlistId]!;
  const size = teamSize !== null && teamSize > 0 ? `${teamSize}v${teamSize}` : null;
  const type = matchType && matchType !== '' ? matchType : null;
  if (size && type) return `${size} ${type}`;
  return size ?? type;
}
