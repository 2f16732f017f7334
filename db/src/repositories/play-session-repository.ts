/**
 * Stored play sessions (product brief §6, lesson 10): recomputed for one user from the summary
 * rows of the replays that count in their stats whenever a replay of theirs finishes or is linked, their identity in a replay changes, or
 * they change the session gap or time zone in Settings.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { localHeaderDateToIso } from './match-time.js';
import { OWNERSHIP_COUNTS_SQL } from './ownership-counts.js';
import { ownerPreferences, sqlAll, sqlRun } from './sql-exec.js';
import { groupSessions, type SessionMatch } from './session-grouping.js';

interface DatedRow {
  replay_id: string;
  played_at: Date | string;
  duration_seconds: number | null;
  result: 'win' | 'loss' | 'draw' | null;
}

/** Header dates without a zone are read in the owner's zone: re-read them after a zone change. */
async function rezoneMatchTimes(em: EntityManager, userId: string, timeZone: string): Promise<void> {
  const rows = await sqlAll<{ replay_id: string; date_local: string; played_at: Date | string | null }>(
    em,
    'select replay_id, date_local, played_at from replay_summaries where user_id = ? and played_at_zoned',
    [userId],
  );
  const changed = rows.flatMap((r) => {
    const next = localHeaderDateToIso(r.date_local, timeZone);
    const prev = r.played_at === null ? null : new Date(r.played_at).toISOString();
    return next === prev ? [] : [{ replay_id: r.replay_id, played_at: next }];
  });
  if (changed.length === 0) return;
  await sqlRun(
    em,
    `update replay_summaries s set played_at = v.played_at
       from jsonb_to_recordset(?::jsonb) as v(replay_id uuid, played_at timestamptz)
      where s.user_id = ? and s.replay_id = v.replay_id`,
    [JSON.stringify(changed), userId],
  );
}

/**
 * Regroup the user's replays into play sessions with their current gap and time zone, and store
 * the sessions and each replay's session id. Serialised per user (advisory lock), so two workers
 * finishing two of the user's replays at once cannot interleave. Returns the session count.
 */
export async function regroupSessions(em: EntityManager, userId: string): Promise<number> {
  return em.transactional(async (tx) => {
    await sqlAll(tx, 'select pg_advisory_xact_lock(hashtext(?))', [`rlcoach:sessions:${userId}`]);
    const { timeZone, gapMinutes } = await ownerPreferences(tx, userId);
    await rezoneMatchTimes(tx, userId, timeZone);
    // A session is the user's play: only dated replays they still own and that count in their
    // stats. A match they uploaded without playing in it (or played only on an excluded alt) stays
    // in Replays but is no game of any session.
    const rows = await sqlAll<DatedRow>(
      tx,
      `select s.replay_id, s.played_at, s.duration_seconds, s.result
         from replay_summaries s
         join replay_ownerships o on o.user_id = s.user_id and o.replay_id = s.replay_id
        where s.user_id = ? and s.played_at is not null and (${OWNERSHIP_COUNTS_SQL})`,
      [userId],
    );
    const matches: SessionMatch[] = rows.map((r) => ({
      id: r.replay_id,
      playedAt: new Date(r.played_at).toISOString(),
      durationSeconds: r.duration_seconds,
      result: r.result,
    }));
    const sessions = groupSessions(matches, gapMinutes);
    const stored = sessions.map((s) => ({
      id: s.id,
      started_at: s.start,
      ended_at: s.end,
      games: s.matches.length,
      wins: s.wins,
      losses: s.losses,
      draws: s.matches.filter((m) => m.result === 'draw').length,
    }));
    await sqlRun(
      tx,
      `delete from play_sessions
        where user_id = ? and id not in (select jsonb_array_elements_text(?::jsonb))`,
      [userId, JSON.stringify(stored.map((s) => s.id))],
    );
    // Only what changed is written: one finished replay rewrites one session, not the user's history.
    if (stored.length > 0)
      await sqlRun(
        tx,
        `insert into play_sessions (user_id, id, started_at, ended_at, games, wins, losses, draws, gap_minutes, updated_at)
         select ?::uuid, v.id, v.started_at, v.ended_at, v.games, v.wins, v.losses, v.draws, ?, now()
           from jsonb_to_recordset(?::jsonb)
             as v(id text, started_at timestamptz, ended_at timestamptz, games int, wins int, losses int, draws int)
         on conflict (user_id, id) do update set started_at = excluded.started_at, ended_at = excluded.ended_at,
           games = excluded.games, wins = excluded.wins, losses = excluded.losses, draws = excluded.draws,
           gap_minutes = excluded.gap_minutes, updated_at = now()
         where (play_sessions.started_at, play_sessions.ended_at, play_sessions.games, play_sessions.wins,
                play_sessions.losses, play_sessions.draws, play_sessions.gap_minutes)
           is distinct from (excluded.started_at, excluded.ended_at, excluded.games, excluded.wins,
                excluded.losses, excluded.draws, excluded.gap_minutes)`,
        [userId, gapMinutes, JSON.stringify(stored)],
      );
    const membership = sessions.flatMap((s) => s.matches.map((m) => ({ replay_id: m.id, session_id: s.id })));
    await sqlRun(
      tx,
      `update replay_summaries s set session_id = v.session_id
         from jsonb_to_recordset(?::jsonb) as v(replay_id uuid, session_id text)
        where s.user_id = ? and s.replay_id = v.replay_id and s.session_id is distinct from v.session_id`,
      [JSON.stringify(membership), userId],
    );
    // Everything else (undated, or no longer counting) leaves its session.
    await sqlRun(
      tx,
      `update replay_summaries set session_id = null
        where user_id = ? and session_id is not null
          and replay_id not in (select (v->>'replay_id')::uuid from jsonb_array_elements(?::jsonb) v)`,
      [userId, JSON.stringify(membership)],
    );
    return sessions.length;
  });
}
