/**
 * Data for the Home mechanics hero: per game, the user's own mechanic counts and movement stats
 * from the stored analysis reports (only those blocks are pulled out of the JSON in SQL), with the
 * game's mode and match time. Scoped through the user's ownership rows.
 */
import type { EntityManager } from '@rlcoach/db';
import {
  buildMechanicsHero,
  HERO_MECHANICS,
  HERO_MOVEMENT,
  type HeroGame,
  type MechanicsHero,
} from '$lib/compare/mechanics-hero';
import { modeOf } from '$lib/compare/modes';
import type { Preferences } from '$lib/dashboard/types';
import { loadCountedGames } from '$lib/server/dashboard/summaries';
import { readMetric } from '$lib/stats/catalogue';

/**
 * The user's counted games as HeroGame, from the stored summaries (their stats and mechanics
 * blocks), not from the reports: reading 500 reports cost Home ~300 ms.
 */
export async function loadHeroGames(em: EntityManager, userId: string): Promise<HeroGame[]> {
  const games = await loadCountedGames(em, userId);
  return games.map(({ me, playedAt, playlist, mapCode, teamSize }) => {
    const counts = (me.mechanics as { counts?: Record<string, unknown> } | null)?.counts;
    const count = (key: string): number | null => {
      if (key === 'powerslide') return readMetric(me, 'movement.count_powerslide');
      const v = counts?.[key];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    };
    return {
      playedAt,
      mode: modeOf({ playlist, mapCode, teamSize }),
      mechanics: Object.fromEntries(HERO_MECHANICS.map(({ key }) => [key, count(key)])),
      movement: Object.fromEntries(HERO_MOVEMENT.map((key) => [key, readMetric(me, key)])),
    };
  });
}

export async function loadHomeHero(
  ctx: { em: EntityManager; userId: string; prefs: Preferences },
  now = Date.now(),
): Promise<MechanicsHero> {
  const games = await loadHeroGames(ctx.em, ctx.userId);
  return buildMechanicsHero(games, ctx.prefs.ranks.doubles ?? null, now);
}
