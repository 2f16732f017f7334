// The Home hero loader against a real, freshly migrated Postgres, with a report the real analysis
// produced from a real replay: the hero's figures are the stored report's, for the owner only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User, UserKind, reconcileSummaries, type EntityManager } from '@rlcoach/db';
import { refreshPlayerKeys } from '@rlcoach/db/auth/player-identity';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { loadHeroGames, loadHomeHero } from '../../src/lib/server/home-hero';
import { bandPosition } from '../../src/lib/compare/mechanics-hero';
import { loadBenchmarks } from '../../src/lib/compare/benchmarks';
import { analyseDemo, storeDemoReplay, type AnalysedDemo } from '../dashboard/stored-demo';

const DAY = 86_400_000;

let db: TestDatabase;
let alice: string;
let bob: string;
let me: AnalysedDemo['report']['players'][number];
let playerKey: string;
let now: number;

beforeAll(async () => {
  db = await createTestDatabase('home-hero');
  const em = db.orm.em.fork();
  const demo = analyseDemo();
  const { info, report } = demo;
  me = report.players.find((p) => p.platform_id && p.mechanics)!;
  playerKey = `${me.platform}:${me.platform_id}`;
  now = Date.parse(info.playedAt!) + DAY;
  const a = em.create(User, { displayName: 'Alice', kind: UserKind.Guest } as User);
  const b = em.create(User, { displayName: 'Bob', kind: UserKind.Guest } as User);
  await em.flush();
  // The same analysed match stored four times: three doubles games, one relabelled 3v3 (mode split).
  for (let i = 0; i < 4; i++) {
    const standard = i === 3;
    const stored = standard
      ? { ...report, match: { ...report.match, team_size: 3, playlist_id: 13 } }
      : report;
    await storeDemoReplay(em, demo, { ownerId: a.id, sha: String(i).repeat(64), report: stored });
  }
  await em.flush();
  alice = a.id;
  bob = b.id;
  await setClaim(em, true);
}, 120_000);

/** Alice's "this was me" claim on or off; the hero reads the stored summaries it feeds. */
async function setClaim(em: EntityManager, on: boolean): Promise<void> {
  const conn = em.getConnection();
  if (on)
    await conn.execute(
      'insert into player_claims (user_id, player_key, replay_id, created_at) select ?, ?, id, now() from replays limit 1',
      [alice, playerKey],
    );
  else await conn.execute('delete from player_claims where user_id = ?', [alice]);
  await refreshPlayerKeys(em, alice);
  await reconcileSummaries(em, alice);
  await reconcileSummaries(em, bob);
}

afterAll(async () => {
  await db?.drop();
});

/** The claimed player's movement block as the report stores it. */
const movement = () => me.stats.movement as unknown as Record<string, number>;
const prefs = (ranks: Record<string, string> = {}) => ({ sessionGapMinutes: 30, timeZone: 'UTC', ranks });

describe('home hero loader (real Postgres, real report)', () => {
  it('reads the claimed player’s mechanics and movement from the stored reports, with each game’s mode', async () => {
    const em = db.orm.em.fork();
    const games = await loadHeroGames(em, alice);
    expect(games).toHaveLength(4);
    expect(games.map((g) => g.mode).sort()).toEqual(['doubles', 'doubles', 'doubles', 'standard']);
    const counts = (me.mechanics as unknown as { counts: Record<string, number> }).counts;
    for (const g of games) {
      expect(g.mechanics.aerial).toBe(counts.aerial);
      expect(g.mechanics.speed_flip).toBe(counts.speed_flip);
      expect(g.mechanics.powerslide).toBe(movement().count_powerslide);
      expect(g.movement['movement.avg_speed']).toBe(movement().avg_speed!);
    }
    // Another user sees none of Alice's games, and without a claim there is no "me".
    expect(await loadHeroGames(em, bob)).toEqual([]);
    await setClaim(em, false);
    expect(await loadHeroGames(em, alice)).toEqual([]);
    await setClaim(em, true);
  });

  it('builds the hero: per-game counts, doubles movement placed in the GC1 estimate band', async () => {
    const em = db.orm.em.fork();
    const hero = await loadHomeHero({ em, userId: alice, prefs: prefs({ doubles: 'GC1' }) }, now);
    expect(hero.games).toBe(4);
    const counts = (me.mechanics as unknown as { counts: Record<string, number> }).counts;
    const aerial = hero.mechanics.find((m) => m.key === 'aerial')!;
    expect(aerial.perGame).toBe(counts.aerial);
    expect(aerial.total).toBe(4 * counts.aerial!);
    if (hero.movement.kind !== 'rows') throw new Error(hero.movement.kind);
    expect(hero.movement.doublesGames).toBe(3);
    const speed = hero.movement.rows.find((r) => r.key === 'movement.avg_speed')!;
    const band = loadBenchmarks().metrics.find((m) => m.key === 'movement.avg_speed')!.ranks.GC1!;
    expect(speed.you).toBeCloseTo(movement().avg_speed!);
    expect(speed.position).toBe(bandPosition(movement().avg_speed!, band));
  });
});
