/**
 * The coach's tools: reads over the asking player's own data (every repository call is scoped by
 * their user id, so another player's replay or session id reads as not found) and their notes.
 * Each tool has a zod schema: the model's input is validated before the tool runs, and a bad input
 * or a failing read comes back to the model as an error result it can act on, never a crash.
 */
import { z } from 'zod';
import type { EntityManager } from '@rlcoach/db';
import {
  aggregateCoachGames,
  aggregateCoachGamesByPlaylist,
  createCoachNote,
  listCoachGames,
  listCoachNotes,
  listCoachSessions,
  loadRankBenchmarks,
  readCoachGame,
  type CoachAggregate,
} from '@rlcoach/db/coach/index';
import type { SummaryListRow } from '@rlcoach/db';
import { digestGame } from './game-digest.js';

export interface ToolContext {
  em: EntityManager;
  userId: string;
}

/** A failure the model should see (bad input, unknown id): its message goes back as the result. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

interface CoachTool<S extends z.ZodType> {
  name: string;
  description: string;
  input: S;
  /** What the player sees while it runs ("Looking at your last 10 games…"). */
  label(input: z.output<S>): string;
  run(ctx: ToolContext, input: z.output<S>): Promise<unknown>;
}

const tool = <S extends z.ZodType>(t: CoachTool<S>) => t as unknown as CoachTool<z.ZodType>;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'a real calendar day');
const uuid = z.uuid().transform((v) => v.toLowerCase());
const BENCHMARKS = loadRankBenchmarks();

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const aggregateOut = (a: CoachAggregate) => ({
  games: a.games,
  wins: a.wins,
  losses: a.losses,
  draws: a.draws,
  averages_per_game: Object.fromEntries(Object.entries(a.averages).map(([k, v]) => [k, round(v)])),
});

const gameOut = (g: SummaryListRow) => ({
  replay_id: g.replayId,
  played_at: g.playedAt?.toISOString() ?? null,
  playlist: g.playlist,
  map: g.mapName,
  team: g.team,
  result: g.result,
  score: { blue: g.blueGoals, orange: g.orangeGoals },
  duration_seconds: g.durationSeconds,
  session_id: g.sessionId,
  stats: Object.fromEntries(Object.entries(g.stats).map(([k, v]) => [k, round(v)])),
});

/** [from, to] calendar days (UTC), both included, as the half-open window the reads take. */
function windowOf(from?: string, to?: string) {
  if (from && to && from > to) throw new ToolError('"from" must be on or before "to".');
  return {
    from: from ? new Date(`${from}T00:00:00Z`) : null,
    to: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : null,
  };
}

export const COACH_TOOLS = [
  tool({
    name: 'recent_games',
    description:
      "The player's most recent games (newest first) in which they are a counted player: replay id, date, playlist, map, result, score and their topline stats. Optionally one playlist only.",
    input: z.object({
      limit: z.number().int().min(1).max(20).default(10).describe('How many games (1–20).'),
      playlist: z.string().min(1).max(40).optional().describe('Playlist label, e.g. "Ranked Doubles".'),
    }),
    label: (i) => `Looking at your last ${i.limit} games${i.playlist ? ` in ${i.playlist}` : ''}…`,
    run: async (ctx, i) =>
      (await listCoachGames(ctx.em, ctx.userId, i.playlist ? { playlist: i.playlist } : {}, i.limit)).map(
        gameOut,
      ),
  }),
  tool({
    name: 'stats_by_playlist',
    description:
      "The player's record and per-game averages per playlist, over all their games or a date range (UTC days, both included).",
    input: z.object({ from: day.optional(), to: day.optional() }),
    label: () => 'Comparing your playlists…',
    run: async (ctx, i) => {
      const rows = await aggregateCoachGamesByPlaylist(
        ctx.em,
        ctx.userId,
        i.from || i.to ? windowOf(i.from, i.to) : undefined,
      );
      return rows.map((r) => ({ playlist: r.playlist, ...aggregateOut(r) }));
    },
  }),
  tool({
    name: 'play_sessions',
    description:
      "The player's play sessions (games at most a short break apart), newest first: id, start, end, games, wins, losses. Use a session id with stats_for_period.",
    input: z.object({ limit: z.number().int().min(1).max(20).default(5) }),
    label: () => 'Looking at your play sessions…',
    run: async (ctx, i) =>
      (await listCoachSessions(ctx.em, ctx.userId, i.limit)).map((s) => ({
        session_id: s.id,
        started_at: s.startedAt.toISOString(),
        ended_at: s.endedAt.toISOString(),
        games: s.games,
        wins: s.wins,
        losses: s.losses,
      })),
  }),
  tool({
    name: 'stats_for_period',
    description:
      "The player's record, per-game averages and game list (newest 30) over a date range (UTC days, both included) or one play session; optionally one playlist.",
    input: z.object({
      from: day.optional(),
      to: day.optional(),
      session_id: z
        .string()
        .regex(/^s[0-9a-z]{1,15}$/, 'a session id from play_sessions')
        .optional(),
      playlist: z.string().min(1).max(40).optional(),
    }),
    label: (i) => (i.session_id ? 'Adding up that session…' : 'Adding up your games in that period…'),
    run: async (ctx, i) => {
      const filter = {
        ...(i.from || i.to ? { window: windowOf(i.from, i.to) } : {}),
        ...(i.session_id ? { sessionId: i.session_id } : {}),
        ...(i.playlist ? { playlist: i.playlist } : {}),
      };
      const total = await aggregateCoachGames(ctx.em, ctx.userId, filter);
      if (i.session_id && total.games === 0)
        throw new ToolError(`No play session "${i.session_id}" of yours.`);
      const games = await listCoachGames(ctx.em, ctx.userId, filter, 30);
      return { ...aggregateOut(total), game_list: games.map(gameOut) };
    },
  }),
  tool({
    name: 'rank_benchmarks',
    description:
      'Published ESTIMATES of typical stats by rank (ranked doubles, Champion II to Supersonic Legend): median, 25th–75th percentile and an elite value. Not measurements: always say they are published estimates.',
    input: z.object({
      ranks: z
        .array(z.enum(BENCHMARKS.ranks as [string, ...string[]]))
        .max(6)
        .optional(),
      metrics: z.array(z.string().max(60)).max(30).optional().describe('Metric keys such as "boost.bcpm".'),
    }),
    label: () => 'Checking the published rank estimates…',
    run: async (_ctx, i) => {
      const ranks = i.ranks ?? BENCHMARKS.ranks;
      const unknown = (i.metrics ?? []).filter((m) => !BENCHMARKS.metrics.some((b) => b.key === m));
      if (unknown.length)
        throw new ToolError(
          `Unknown metric ${unknown.join(', ')}; known: ${BENCHMARKS.metrics.map((m) => m.key).join(', ')}.`,
        );
      return {
        label: BENCHMARKS.label,
        playlist: BENCHMARKS.playlist,
        note: BENCHMARKS.note,
        metrics: BENCHMARKS.metrics
          .filter((m) => !i.metrics || i.metrics.includes(m.key))
          .map((m) => ({
            key: m.key,
            label: m.label,
            unit: m.unit,
            better: m.better,
            ranks: Object.fromEntries(ranks.map((r) => [r, m.ranks[r] ?? null])),
          })),
      };
    },
  }),
  tool({
    name: 'game_details',
    description:
      "One of the player's games in depth, from its stored analysis: score, their stats, boost, movement, positioning, rotation (first/second/third man, last man, double commits) and mechanics, everyone's topline, and the moments (goals, shots with xG, saves, demos, kickoffs, notable mechanics) with replay-time seconds for citations.",
    input: z.object({ replay_id: uuid.describe('A replay id from recent_games or stats_for_period.') }),
    label: () => 'Studying one game in depth…',
    run: async (ctx, i) => {
      const game = await readCoachGame(ctx.em, ctx.userId, i.replay_id);
      // The same answer whether the id is unknown or another player's: ids cannot be probed.
      if (!game) throw new ToolError(`No replay ${i.replay_id} in this player's library.`);
      return digestGame(game);
    },
  }),
  tool({
    name: 'read_notes',
    description:
      'The notes kept about this player (by you in earlier conversations, or edited by the player).',
    input: z.object({}),
    label: () => 'Reading your notes…',
    run: async (ctx) =>
      (await listCoachNotes(ctx.em, ctx.userId)).map((n) => ({
        text: n.text,
        written_by: n.source,
        updated_at: n.updatedAt.toISOString(),
      })),
  }),
  tool({
    name: 'save_note',
    description:
      'Save one short note worth remembering across conversations (a goal, a recurring weakness, a preference). The player can see, edit and delete notes.',
    input: z.object({ text: z.string().trim().min(1).max(500) }),
    label: () => 'Saving a note…',
    run: async (ctx, i) => {
      const note = await createCoachNote(ctx.em, ctx.userId, i.text, 'coach');
      return { saved: true, note_id: note.id };
    },
  }),
];

const BY_NAME = new Map(COACH_TOOLS.map((t) => [t.name, t]));

/** The tools as the Messages API declares them (JSON Schema from the zod schemas). */
export function toolDefinitions(): Array<{
  name: string;
  description: string;
  input_schema: { type: 'object' };
}> {
  return COACH_TOOLS.map((t) => {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(t.input, { io: 'input' }) as Record<
      string,
      unknown
    >;
    return { name: t.name, description: t.description, input_schema: { ...schema, type: 'object' as const } };
  });
}

export interface ToolOutcome {
  label: string;
  isError: boolean;
  /** JSON-able result, or the error text. */
  result: unknown;
  /** An unexpected failure behind an error result (for the log, never for the model). */
  cause?: unknown;
}

/** A generic label for a call whose input did not validate (nothing about it is trusted). */
const fallbackLabel = (name: string) => (BY_NAME.has(name) ? 'Looking something up…' : 'Trying a tool…');

/** The label shown while a call runs, from its validated input. */
export function labelOf(name: string, input: unknown): string {
  const t = BY_NAME.get(name);
  const parsed = t?.input.safeParse(input);
  return t && parsed?.success ? t.label(parsed.data) : fallbackLabel(name);
}

/** Run one tool call: validate, run, and turn every failure into an error result. */
export async function runTool(ctx: ToolContext, name: string, input: unknown): Promise<ToolOutcome> {
  const t = BY_NAME.get(name);
  if (!t) return { label: fallbackLabel(name), isError: true, result: `There is no tool named "${name}".` };
  const parsed = t.input.safeParse(input);
  if (!parsed.success)
    return {
      label: fallbackLabel(name),
      isError: true,
      result: `Invalid input for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'} ${i.message}`).join('; ')}`,
    };
  const label = t.label(parsed.data);
  try {
    return { label, isError: false, result: await t.run(ctx, parsed.data) };
  } catch (err) {
    if (err instanceof ToolError) return { label, isError: true, result: err.message };
    // An unexpected failure (a database error): the model is told the tool failed, the details go to the log.
    return {
      label,
      isError: true,
      result: `${name} failed; try another way or answer without it.`,
      cause: err,
    };
  }
}
