import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getArray, getInt, getString } from '../../src/header.js';
import { matchInfoOf } from '../../src/match-info.js';
import { analyzeReplay, matchSecondsAt } from '../../src/analysis/index.js';
import { parseReplayBytes } from '../../src/replay.js';
import { sampleParsedTrack, trackSpan } from '../../src/track/index.js';
import { CORPUS_MISSING, corpusDir, decodableReplays } from './corpus.js';

const dir = corpusDir();
if (!dir) console.warn(CORPUS_MISSING);
const files = dir ? decodableReplays(dir) : [];

/** The one-second tolerance players allow between two times shown for the same thing. */
const SECOND = 1;

describe.skipIf(!dir)('one match clock and no spectator on a team, every decodable corpus replay', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  for (const file of files) {
    it(file, () => {
      const parsed = parseReplayBytes(readFileSync(join(dir as string, file)));
      const report = analyzeReplay(parsed);
      const info = matchInfoOf(parsed.header);

      // Spectators and referees (header Team other than 0/1) are never a team's player.
      const raw = getArray(parsed.header.properties, 'PlayerStats');
      const rawSpectators = raw
        .filter((p) => ![0, 1].includes(getInt(p, 'Team') ?? -1))
        .map((p) => getString(p, 'Name') ?? '');
      expect(info.spectators).toEqual(rawSpectators);
      const teamNames = new Set([...info.players, ...report.players].map((p) => p.name));
      const onTeams = new Set(info.players.map((p) => p.name));
      for (const s of info.spectators) {
        if (onTeams.has(s)) continue; // a player and a spectator sharing a name: nothing to tell apart
        expect(teamNames.has(s), `spectator ${s} listed on a team`).toBe(false);
      }

      if (!report.quality.network_decoded) return;
      const { seconds: length, segments } = report.match.clock;
      const onClock = (t: number) => matchSecondsAt(segments, t);

      // The viewer's duration: the clock's reading at the end of the positions track.
      const span = trackSpan(sampleParsedTrack(parsed));
      expect(Math.abs(onClock(span.end) - length), 'viewer duration vs match length').toBeLessThanOrEqual(
        SECOND,
      );

      // No goal after the end; an overtime goal ends the match.
      const lastGoal = report.events.goals.at(-1);
      if (lastGoal) {
        const at = onClock(lastGoal.time);
        expect(at, 'last goal vs match length').toBeLessThanOrEqual(length + SECOND);
        if (report.match.overtime)
          expect(length - at, 'overtime ends on its goal').toBeLessThanOrEqual(SECOND);
      }

      // Possession adds up to the match length, wherever the replay tells who touched the ball
      // (a replay without HitTeamNum and without a detected touch has no possession to count).
      const possession =
        (report.teams.blue.stats.ball?.possession_time ?? 0) +
        (report.teams.orange.stats.ball?.possession_time ?? 0);
      if (report.teams.blue.stats.ball && report.events.touches.length > 0)
        expect(Math.abs(possession - length), 'possession vs match length').toBeLessThanOrEqual(SECOND);
    });
  }
});
