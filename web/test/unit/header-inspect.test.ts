// The browser's header check and preview, run on real files: the demo replays (always present),
// the corpus when RLCOACH_CORPUS is set up, and damaged copies made from them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getArray, getInt, matchInfo, parseHeader, replayCrc } from '@rlcoach/parser';
import { inspectFile, inspectHeader, readHeaderBytes } from '../../src/lib/upload/inspect';
import { formatHeaderLocalDate, previewOf } from '../../src/lib/upload/header-preview';
import { rowView } from '../../src/lib/upload/row-view';
import { DEMO_DIR, REPO_ROOT } from '../e2e/fixtures';

const CORPUS = process.env.RLCOACH_CORPUS ?? path.resolve(REPO_ROOT, '../shared/replays');
const corpusFiles = (folder: string): string[] => {
  const dir = path.join(CORPUS, folder);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.replay'))
        .map((f) => path.join(dir, f))
    : [];
};
const demo = (name = '2026-ranked-doubles.replay') => new Uint8Array(readFileSync(path.join(DEMO_DIR, name)));
const blob = (bytes: Uint8Array) => new Blob([bytes.slice().buffer]);

describe('header inspection (instant preview)', () => {
  it('reads only the header section, and its preview equals the full-file header decode', async () => {
    const names = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.replay'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const bytes = demo(name);
      const headerBytes = await readHeaderBytes(blob(bytes));
      const declaredEnd = 8 + new DataView(bytes.buffer).getUint32(0, true);
      expect(headerBytes.length).toBeGreaterThanOrEqual(declaredEnd);
      expect(headerBytes.length).toBeLessThan(bytes.length);
      const got = await inspectFile(blob(bytes));
      if (!got.ok) throw new Error(`${name} refused: ${got.refusal.message}`);
      expect(got.info).toEqual(matchInfo(parseHeader(bytes)));
    }
  });

  it('leaves spectators out of both teams (Team -1 in the header), every corpus replay', async () => {
    const files = [...corpusFiles('good'), ...corpusFiles('rlcoach'), ...corpusFiles('with-stats')];
    if (files.length === 0) return; // the demo replays have no spectators; the corpus does
    let withSpectators = 0;
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const got = await inspectFile(blob(bytes));
      if (!got.ok) continue;
      const p = previewOf(got.info);
      // The raw header's Team numbers, read independently of MatchInfo: only 0 and 1 play.
      const raw = getArray(parseHeader(bytes).properties, 'PlayerStats');
      const onTeam = raw.filter((x) => [0, 1].includes(getInt(x, 'Team') ?? -1)).length;
      const listed = p.blue.players.length + p.orange.players.length;
      const spectators = raw.length - onTeam;
      expect(listed, file).toBe(onTeam);
      expect(got.info.spectators.length, file).toBe(spectators);
      const names = new Set([...p.blue.players, ...p.orange.players].map((x) => x.name));
      for (const s of got.info.spectators) expect(names.has(s), `${file}: spectator ${s}`).toBe(false);
      if (spectators > 0) {
        withSpectators++;
        const size = got.info.teamSize ?? Infinity;
        expect(p.blue.players.length, file).toBeLessThanOrEqual(size);
        expect(p.orange.players.length, file).toBeLessThanOrEqual(size);
      }
    }
    expect(withSpectators, 'good/b2a19.replay has three spectators').toBeGreaterThan(0);
  });

  it('builds the scoreboard from header facts: score, teams sorted by score, map, playlist, date', () => {
    const info = matchInfo(parseHeader(demo()));
    const p = previewOf(info);
    expect(p.blue.goals).toBe(info.blueGoals);
    expect(p.orange.goals).toBe(info.orangeGoals);
    expect([...p.blue.players, ...p.orange.players].map((x) => x.name).sort()).toEqual(
      info.players.map((x) => x.name).sort(),
    );
    for (const side of [p.blue, p.orange]) {
      const scores = side.players.map((x) => x.score ?? -1);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    expect(p.mapName).toBe(info.mapName);
    expect(p.playlist).toBe(`${info.teamSize}v${info.teamSize} ${info.matchType}`);
    expect(p.playedAt).toBe(info.playedAt);
    expect(formatHeaderLocalDate('2017-09-30 18-15-45')).toBe("30 Sep 2017, 18:15 (recorder's local time)");
    expect(formatHeaderLocalDate('yesterday')).toBeNull();
  });

  it('refuses text as not a replay, with the parser message', () => {
    const text = new TextEncoder().encode('These are my notes about the match, not a replay.\n'.repeat(20));
    const got = inspectHeader(text, text.length);
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.refusal.code).toBe('NOT_A_REPLAY');
    // A sentence for people; the parser's own text stays behind the details toggle.
    expect(got.refusal.message).toBe(
      "This isn't a Rocket League replay file. Pick a .replay file from your Demos folder.",
    );
    expect(got.refusal.detail).toMatch(/^Parser: NOT_A_REPLAY: not a Rocket League replay: header: /);
    expect(rowView({ kind: 'refused', ...got.refusal, retryable: false }, undefined).label).toBe(
      'Not a replay',
    );
  });

  it('refuses a cut-short copy as truncated and a changed header byte as a CRC mismatch', async () => {
    const bytes = demo();
    const cut = bytes.slice(0, 4096);
    const truncated = await inspectFile(blob(cut));
    expect(truncated).toMatchObject({ ok: false, refusal: { code: 'TRUNCATED' } });

    // Flip one character of the MatchGuid text: still a well-formed header, but its stored CRC no longer matches.
    const guid = matchInfo(parseHeader(bytes)).matchGuid!;
    const flipped = bytes.slice();
    const at = Buffer.from(flipped).indexOf(guid, 8, 'latin1');
    expect(at).toBeGreaterThan(0);
    flipped[at] = flipped[at] === 0x41 ? 0x42 : 0x41;
    const damaged = await inspectFile(blob(flipped));
    expect(damaged).toMatchObject({ ok: false, refusal: { code: 'CRC_MISMATCH' } });
    if (!damaged.ok) {
      expect(damaged.refusal.message).toMatch(/damaged/);
      expect(damaged.refusal.detail).toMatch(/header CRC mismatch: stored \d+, computed \d+/);
    }

    // Same change with the CRC recomputed: accepted again, so the refusal above was the CRC.
    const end = 8 + new DataView(flipped.buffer).getUint32(0, true);
    new DataView(flipped.buffer).setUint32(4, replayCrc(flipped, 8, end), true);
    expect((await inspectFile(blob(flipped))).ok).toBe(true);
  });

  const good = [...corpusFiles('good'), ...corpusFiles('rlcoach'), ...corpusFiles('with-stats')];
  const partial = corpusFiles('boxcars-partial');
  it.skipIf(good.length === 0)('accepts every replay of the corpus with its full-file header', async () => {
    for (const file of good) {
      const bytes = new Uint8Array(readFileSync(file));
      const got = await inspectFile(blob(bytes));
      if (!got.ok) throw new Error(`${file} refused: ${got.refusal.message}`);
      expect(got.info.matchGuid).toBe(matchInfo(parseHeader(bytes)).matchGuid);
    }
  });

  it.skipIf(partial.length === 0)('refuses the corpus header fragments with a typed code', async () => {
    for (const file of partial) {
      const bytes = new Uint8Array(readFileSync(file));
      let parserRefuses = false;
      try {
        parseHeader(bytes);
      } catch {
        parserRefuses = true;
      }
      const got = await inspectFile(blob(bytes));
      // Some fragments are whole headers (text-encoding cases): only the parser's refusals must be refused.
      if (!parserRefuses) continue;
      expect(got.ok, file).toBe(false);
      if (got.ok) continue;
      expect(['NOT_A_REPLAY', 'TRUNCATED', 'CORRUPT_HEADER', 'CRC_MISMATCH']).toContain(got.refusal.code);
      expect(got.refusal.message).not.toMatch(/[A-Z]{3,}_|Parser/);
      expect(got.refusal.detail).toMatch(/^Parser: [A-Z_]+: /);
    }
  });
});
