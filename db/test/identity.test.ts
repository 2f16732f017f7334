/**
 * Identity by platform ids, checked on real corpus replays: a user whose linked
 * Steam (or Epic) account id is among a replay's players owns a player slot in it;
 * a user without one does not, even if a display name happens to match.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchInfo, parseHeader, type MatchInfo } from '@rlcoach/parser';
import { accountPlayerKeys, matchingPlayerKey, playerKey, replayPlayerKeys } from '../src/auth/identity.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = process.env.RLCOACH_CORPUS ?? path.resolve(repoRoot, '../shared/replays');
const dir = path.join(corpus, 'rlcoach');
const haveCorpus = existsSync(dir);

function corpusHeaders(): { file: string; info: MatchInfo }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.replay'))
    .sort()
    .map((f) => ({ file: f, info: matchInfo(parseHeader(readFileSync(path.join(dir, f)))) }));
}

describe('playerKey', () => {
  it('treats zero, empty and malformed ids as missing', () => {
    expect(playerKey('steam', '0')).toBeNull();
    expect(playerKey('steam', '')).toBeNull();
    expect(playerKey('steam', '000000')).toBeNull();
    expect(playerKey('steam', '12345')).toBeNull(); // not a Steam64
    expect(playerKey('epic', 'not-hex')).toBeNull();
    expect(playerKey(null, '76561198000000001')).toBeNull();
    expect(playerKey('steam', '76561198000000001')).toBe('steam:76561198000000001');
    expect(playerKey('epic', 'ABCDEF0123456789abcdef0123456789')).toBe(
      'epic:abcdef0123456789abcdef0123456789',
    );
  });

  it('maps only Steam and Epic sign-ins to player keys', () => {
    expect(
      accountPlayerKeys([
        { provider: 'steam', providerAccountId: '76561198000000001' },
        { provider: 'discord', providerAccountId: '76561198000000002' },
        { provider: 'epic', providerAccountId: 'abcdef0123456789abcdef0123456789' },
        { provider: 'google', providerAccountId: '0' },
      ]),
    ).toEqual(['steam:76561198000000001', 'epic:abcdef0123456789abcdef0123456789']);
  });
});

describe.skipIf(!haveCorpus)(`corpus replays (${dir})`, () => {
  it('a user whose linked Steam id is a player counts it as their own; another user does not', () => {
    const found = corpusHeaders().find(({ info }) =>
      info.players.some((p) => !p.bot && playerKey(p.platform, p.platformId)?.startsWith('steam:')),
    );
    expect(found, 'the corpus has a replay with a Steam player').toBeDefined();
    const player = found!.info.players.find((p) =>
      playerKey(p.platform, p.platformId)?.startsWith('steam:'),
    )!;
    const keys = replayPlayerKeys(found!.info);
    expect(keys).toContain(`steam:${player.platformId}`);

    const owner = accountPlayerKeys([{ provider: 'steam', providerAccountId: player.platformId! }]);
    expect(matchingPlayerKey(keys, owner)).toBe(`steam:${player.platformId}`);

    // Same display name, different (or no) platform id: not a match.
    const stranger = accountPlayerKeys([{ provider: 'steam', providerAccountId: '76561190000000000' }]);
    expect(matchingPlayerKey(keys, stranger)).toBeNull();
    expect(matchingPlayerKey(keys, [])).toBeNull();
  });

  it('reads Epic players by their Epic account id, and never keys bots or zero ids', () => {
    const all = corpusHeaders();
    let epicSeen = 0;
    for (const { file, info } of all) {
      const keys = replayPlayerKeys(info);
      for (const p of info.players) {
        const key = playerKey(p.platform, p.platformId);
        if (p.bot || !key) {
          if (key) expect(keys, `${file}: bot ${p.name}`).not.toContain(key);
          continue;
        }
        expect(keys, `${file}: ${p.name}`).toContain(key);
        if (key.startsWith('epic:')) epicSeen++;
      }
      for (const k of keys) expect(k).not.toMatch(/:0*$/);
    }
    console.log(`identity: ${all.length} corpus replays, ${epicSeen} Epic player slots keyed`);
  });
});

if (!haveCorpus) console.warn(`identity corpus tests skipped: no corpus at ${dir} (set RLCOACH_CORPUS)`);
