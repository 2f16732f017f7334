/**
 * Rocket League's competitive seasons by date, for the "a season" period of Compare and Trends.
 * Psyonix announces each season's start; a game belongs to the latest season started before it
 * (the short breaks between seasons count with the season before). Starts are taken at 16:00 UTC,
 * the usual release hour, from the published dates; the free-to-play count restarted at 1 on
 * 2020-09-23, so earlier seasons are "Legacy". Add a line when Psyonix announces the next season.
 */
export interface Season {
  /** Stable id used in URLs: "s20", "legacy-14". */
  id: string;
  label: string;
  /** First instant of the season. */
  start: Date;
}

const at = (day: string) => new Date(`${day}T16:00:00Z`);

const LEGACY_STARTS = [
  '2015-09-08',
  '2016-02-11',
  '2016-06-20',
  '2017-03-22',
  '2017-07-05',
  '2017-09-29',
  '2018-02-07',
  '2018-05-29',
  '2018-09-24',
  '2019-02-19',
  '2019-05-13',
  '2019-08-27',
  '2019-12-04',
  '2020-03-25',
];
const FREE_TO_PLAY_STARTS = [
  '2020-09-23',
  '2020-12-09',
  '2021-04-07',
  '2021-08-11',
  '2021-11-17',
  '2022-03-09',
  '2022-06-15',
  '2022-09-07',
  '2022-12-07',
  '2023-03-08',
  '2023-06-07',
  '2023-09-06',
  '2023-12-06',
  '2024-03-06',
  '2024-06-05',
  '2024-09-04',
  '2024-12-04',
  '2025-03-14',
  '2025-06-18',
  '2025-09-17',
  '2025-12-10',
  '2026-03-11',
];

/** Every season, oldest first. */
export const SEASONS: readonly Season[] = [
  ...LEGACY_STARTS.map((d, i) => ({ id: `legacy-${i + 1}`, label: `Legacy season ${i + 1}`, start: at(d) })),
  ...FREE_TO_PLAY_STARTS.map((d, i) => ({ id: `s${i + 1}`, label: `Season ${i + 1}`, start: at(d) })),
];

export function seasonById(id: string): Season | null {
  return SEASONS.find((s) => s.id === id) ?? null;
}

/** The season's window [start, next start); the latest season is open-ended. */
export function seasonWindow(season: Season): { from: Date; to: Date | null } {
  const next = SEASONS[SEASONS.indexOf(season) + 1];
  return { from: season.start, to: next ? next.start : null };
}

/** The season before (null for the first). */
export function previousSeason(season: Season): Season | null {
  return SEASONS[SEASONS.indexOf(season) - 1] ?? null;
}
