// Dashboard reads/writes against a real, freshly migrated Postgres database, with a report the
// real analysis produced from a real replay (analysis → database → dashboard round trip).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayTrack, User, UserKind, reconcileSummaries, regroupSessions } from '@rlcoach/db';
import { createTestDatabase, type TestDatabase } from '@rlcoach/db/testing';
import { encodeTrack, sampleParsedTrack } from '@rlcoach/parser/track/index';
import {
  PreferencesError,
  claimPlayer,
  loadPreferences,
  loadReplayDetail,
  loadTrack,
  savePreferences,
} from '../../src/lib/server/dashboard/library';
import { loadLibrary, loadSessions } from '../../src/lib/server/dashboard/summaries';
import { analyseDemo, storeDemoReplay } from './stored-demo';

let db: TestDatabase;
let alice: string;
let bob: string;
let replayId: string;
let playerKey: string;
let playerName: string;
let playerGoals: number;

beforeAll(async () => {
  db = await createTestDatabase('dash-library');
  const em = db.orm.em.fork();
  const demo = analyseDemo();
  const { parsed, info, report } = demo;
  const withId = report.players.find((p) => p.platform_id)!;
  playerKey = `${withId.platform}:${withId.platform_id}`;
  playerName = withId.name;
  playerGoals = withId.stats.core.goals;
  const a = em.create(User, { displayName: 'Alice', kind: UserKind.Guest } as User);
  const b = em.create(User, { displayName: 'Bob', kind: UserKind.Guest } as User);
  await em.flush();
  const r = await storeDemoReplay(em, demo, {
    ownerId: a.id,
    sha: 'a'.repeat(64),
    scoreboard: {
      playlist: 'Ranked Doubles',
      teams: { blue: { goals: info.blueGoals }, orange: { goals: info.orangeGoals } },
    },
  });
  const track = await encodeTrack(sampleParsedTrack(parsed));
  em.create(ReplayTrack, {
    replay: r.id,
    data: Buffer.from(track),
    hz: 15,
    sampleCount: 1,
  } as unknown as ReplayTrack);
  await em.flush();
  alice = a.id;
  bob = b.id;
  replayId = r.id;
});

afterAll(async () => {
  await db?.drop();
});

/** 1 when the claimed player's game was decided (the demo replay is a win or loss for them), else 0. */
let decided = 0;
const list0Decided = () => decided;

describe('dashboard library (real Postgres)', () => {
  it('lists only the owner’s replays, with no "me" until a player is claimed', async () => {
    const em = db.orm.em.fork();
    // The ownership was written without summaries (as rows from before them): the first read repairs it.
    expect(await loadLibrary(em, alice)).toHaveLength(0);
    expect(await reconcileSummaries(em, alice)).toBe(1);
    const list = await loadLibrary(em, alice);
    expect(list).toHaveLength(1);
    expect(list[0]!.mapName).not.toMatch(/_p$/i);
    expect(list[0]!.playedAt).not.toBeNull();
    expect(list[0]!.hasReport).toBe(true);
    expect(list[0]!.me).toBeNull();
    expect(await loadLibrary(em, bob)).toHaveLength(0);
  });

  it('claims a player only from an owned replay and only a real player id, then shows their stats', async () => {
    const em = db.orm.em.fork();
    expect(await claimPlayer(em, bob, replayId, playerKey)).toBe(false); // not Bob's replay
    expect(await claimPlayer(em, alice, replayId, 'steam:0')).toBe(false); // not in this replay
    expect(await claimPlayer(em, alice, replayId, playerKey)).toBe(true);
    const list = await loadLibrary(em, alice);
    expect(list[0]!.me?.name).toBe(playerName);
    // The stored stats block round-trips the real analysis of this replay.
    expect((list[0]!.me!.stats.core as { goals: number }).goals).toBe(playerGoals);
    expect(['win', 'loss', 'draw']).toContain(list[0]!.result);
    decided = list[0]!.result === 'draw' ? 0 : 1;
  });

  it('stores validated preferences and regroups sessions with them', async () => {
    const em = db.orm.em.fork();
    await expect(savePreferences(em, alice, { sessionGapMinutes: 1 })).rejects.toBeInstanceOf(
      PreferencesError,
    );
    await expect(savePreferences(em, alice, { timeZone: 'Mars/Base' })).rejects.toThrow(/time zone/);
    const saved = await savePreferences(db.orm.em.fork(), alice, {
      sessionGapMinutes: 45,
      timeZone: 'Europe/Berlin',
    });
    expect(saved).toMatchObject({ sessionGapMinutes: 45, timeZone: 'Europe/Berlin' });
    const again = await loadPreferences(db.orm.em.fork(), alice);
    expect(again.sessionGapMinutes).toBe(45);
    // Saving the gap regrouped the stored sessions with it already.
    const gaps = await db.orm.em
      .getConnection()
      .execute<{ gap_minutes: number }[]>('select gap_minutes from play_sessions where user_id = ?', [alice]);
    expect(gaps).toEqual([{ gap_minutes: 45 }]);
    expect(await regroupSessions(db.orm.em.fork(), alice)).toBe(1);
    const [session] = await loadSessions(db.orm.em.fork(), alice);
    expect(session!.matches.map((m) => m.id)).toEqual([replayId]);
    expect(session!.wins + session!.losses).toBe(list0Decided());
  });

  it('serves the detail and the positions track to the owner only', async () => {
    const em = db.orm.em.fork();
    const detail = await loadReplayDetail(em, alice, replayId, await loadPreferences(em, alice), new Set());
    expect(detail?.hasTrack).toBe(true);
    expect((detail?.report as { players: unknown[] }).players.length).toBeGreaterThan(0);
    expect(await loadReplayDetail(em, bob, replayId, await loadPreferences(em, bob), new Set())).toBeNull();
    expect(
      await loadReplayDetail(em, alice, 'not-a-uuid', await loadPreferences(em, alice), new Set()),
    ).toBeNull();
    expect((await loadTrack(em, alice, replayId))!.length).toBeGreaterThan(1000);
    expect(await loadTrack(em, bob, replayId)).toBeNull();
  });
});
