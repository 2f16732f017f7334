// Every decodable corpus replay against the boxcars oracle (ORACLE.jsonl): frame, actor and
// attribute counts exactly, attribute kinds and spawned objects per name, RigidBody location sums
// within 0.01 %, ball samples within 0.1 uu.
import { describe, expect, it } from 'vitest';
import { summarizeReplay } from '../src/summary.js';
import { looksLikeReplay, parseHeader, parseReplay } from '../src/index.js';
import { attributeKindTable } from '../src/network/attributes/kinds.js';
import { parseReplayBytes } from '../src/replay.js';
import { corpusAvailable, corpusSkipReason, oracle, readReplay } from './helpers/corpus.js';

const entries = oracle().filter(
  (e) => !e.file.startsWith('boxcars-bad/') && !e.file.startsWith('boxcars-partial/'),
);

describe.skipIf(!corpusAvailable)('corpus vs boxcars oracle', () => {
  if (!corpusAvailable) it.skip(corpusSkipReason, () => {});

  it('covers the decodable part of the corpus', () => {
    expect(entries.length).toBeGreaterThanOrEqual(139);
  });

  it.each(entries.map((e) => [e.file, e] as const))('%s', (file, expected) => {
    const got = summarizeReplay(file, readReplay(file));
    expect(got.error).toBeUndefined();
    expect(got.version).toBe(expected.version);
    expect(got.frames).toBe(expected.frames);
    expect(got.first_time).toBe(expected.first_time);
    expect(got.last_time).toBe(expected.last_time);
    expect(got.new_actors).toBe(expected.new_actors);
    expect(got.deleted_actors).toBe(expected.deleted_actors);
    expect(got.updated_attributes).toBe(expected.updated_attributes);
    expect(got.attribute_kinds).toEqual(expected.attribute_kinds);
    expect(got.spawned_objects).toEqual(expected.spawned_objects);
    expect(got.rigid_body_updates).toBe(expected.rigid_body_updates);
    const sum = expected.rigid_body_abs_location_sum_uu!;
    expect(Math.abs(got.rigid_body_abs_location_sum_uu! - sum)).toBeLessThanOrEqual(Math.max(1, sum * 1e-4));
    const samples = expected.ball_location_uu_at!;
    expect(got.ball_location_uu_at).toHaveLength(samples.length);
    samples.forEach((s, i) => {
      const g = got.ball_location_uu_at![i]!;
      expect(g.frame).toBe(s.frame);
      if (s.ball === null) expect(g.ball).toBeNull();
      else s.ball.forEach((v, k) => expect(Math.abs(g.ball![k]! - v)).toBeLessThanOrEqual(0.1));
    });
  });

  it('lists net-cache attribute names missing from the type table up front, as a warning', () => {
    const known = attributeKindTable();
    const parsed = parseReplayBytes(readReplay('good/3381.replay'), { network: 'always' });
    const missing = new Set<string>();
    for (const entry of parsed.body.netCache)
      for (const p of entry.properties) {
        const name = parsed.body.objects[p.objectIndex]!;
        if (!known.has(name)) missing.add(name);
      }
    const warning = parsed.network.diagnostics.find(
      (d) => d.severity === 'warning' && d.code === 'UNKNOWN_ATTRIBUTE',
    );
    expect(missing.size).toBeGreaterThan(0); // e.g. Engine.Actor:Velocity is in the cache but never replicated
    expect(parsed.network.unknownAttributeNames).toEqual([...missing].sort());
    expect(warning?.message).toContain(`${missing.size} net-cache attribute name`);
    expect(parsed.network.status).toBe('complete');
  });

  it('every corpus replay passes looksLikeReplay and parseHeader; slices and junk do not pass the magic check', () => {
    for (const e of entries) {
      const bytes = readReplay(e.file);
      expect(looksLikeReplay(bytes), e.file).toBe(true);
      expect(parseHeader(bytes).properties.length, e.file).toBeGreaterThan(0);
    }
    expect(looksLikeReplay(readReplay('boxcars-partial/rdict_one.replay'))).toBe(false);
    expect(
      looksLikeReplay(
        new TextEncoder().encode('PK\u0003\u0004 not a replay at all, just some zip-looking bytes'),
      ),
    ).toBe(false);
  });

  it('both stored CRCs verify for every decodable replay (crc: always)', () => {
    for (const e of entries) {
      const r = parseReplay(readReplay(e.file), { crc: 'always', network: 'never' });
      expect(r.network.status, e.file).toBe('skipped');
    }
  });

  it('materialises frames equal to the oracle frame count and header NumFrames', () => {
    const e = entries.find((x) => x.file === 'good/3381.replay')!;
    const parsed = parseReplay(readReplay(e.file));
    expect(parsed.network.status).toBe('complete');
    expect(parsed.frames).toHaveLength(e.frames!);
    expect(parsed.network.framesDecoded).toBe(e.frames);
    expect(parsed.network.recoveredFraction).toBe(1);
    const updates = parsed.frames.reduce((n, f) => n + f.updatedActors.length, 0);
    expect(updates).toBe(e.updated_attributes);
  });
});
