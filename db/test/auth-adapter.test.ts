/**
 * The Auth.js adapter over MikroORM against a real, freshly migrated Postgres database,
 * plus the session facts realtime relies on and identity by linked platform ids.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, AdapterUser } from '@auth/core/adapters';
import { matchInfo, parseHeader } from '@rlcoach/parser';
import { Replay, User, linkOwner } from '../src/index.js';
import { createAuthAdapter } from '../src/auth/adapter.js';
import { refreshPlayerKeys } from '../src/auth/player-identity.js';
import { createSessionFor, deleteSessionsOf, sessionState } from '../src/auth/sessions.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

let db: TestDatabase;
let adapter: Required<
  Pick<
    Adapter,
    | 'createUser'
    | 'getUser'
    | 'getUserByEmail'
    | 'getUserByAccount'
    | 'updateUser'
    | 'deleteUser'
    | 'linkAccount'
    | 'unlinkAccount'
    | 'getAccount'
    | 'createSession'
    | 'getSessionAndUser'
    | 'updateSession'
    | 'deleteSession'
    | 'createVerificationToken'
    | 'useVerificationToken'
  >
>;

beforeAll(async () => {
  db = await createTestDatabase('auth_adapter');
  adapter = createAuthAdapter(db.orm, {
    tokenSecret: 'test-secret-for-the-adapter-0123456789',
  }) as typeof adapter;
});
afterAll(async () => db?.drop());

const newUser = (email: string | null, name = 'Player One'): AdapterUser =>
  ({
    id: '',
    name,
    email,
    emailVerified: null,
    image: 'https://cdn.example/a.png',
  }) as unknown as AdapterUser;

describe('users', () => {
  it('creates, reads by id and by (case-insensitive) email, updates and deletes', async () => {
    const created = await adapter.createUser(newUser('Ana@Example.com', 'Ana'));
    expect(created).toMatchObject({ name: 'Ana', email: 'ana@example.com', emailVerified: null });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await adapter.getUser(created.id)).toEqual(created);
    expect(await adapter.getUserByEmail('ANA@example.com')).toEqual(created);
    expect(await adapter.getUserByEmail('nobody@example.com')).toBeNull();
    expect(await adapter.getUser('not-a-uuid')).toBeNull();

    const verifiedAt = new Date('2026-01-02T03:04:05Z');
    const updated = await adapter.updateUser({ id: created.id, name: 'Ana B', emailVerified: verifiedAt });
    expect(updated).toMatchObject({ name: 'Ana B', email: 'ana@example.com', emailVerified: verifiedAt });

    await adapter.deleteUser(created.id);
    expect(await adapter.getUser(created.id)).toBeNull();
  });

  it('stores a user without an email (Steam) and never matches the empty email', async () => {
    const steamOnly = await adapter.createUser(newUser(null, 'SteamGuy'));
    expect(steamOnly.email).toBe('');
    expect(await adapter.getUserByEmail('')).toBeNull();
    const row = await db.orm.em.fork().findOneOrFail(User, { id: steamOnly.id });
    expect(row.email).toBeNull();
    expect(row.kind).toBe('member');
  });

  it('refuses a second user with the same email (unique)', async () => {
    await adapter.createUser(newUser('dup@example.com'));
    await expect(adapter.createUser(newUser('DUP@example.com'))).rejects.toThrow(/unique|duplicate/i);
  });
});

describe('accounts', () => {
  it('links, finds the user by provider account, unlinks; the pair is unique', async () => {
    const user = await adapter.createUser(newUser('link@example.com'));
    const account = {
      userId: user.id,
      type: 'oidc' as const,
      provider: 'epic',
      providerAccountId: 'abcdef0123456789abcdef0123456789',
      access_token: 'at',
      refresh_token: 'rt',
      expires_at: 1_900_000_000,
      token_type: 'bearer' as const,
      scope: 'openid',
      id_token: 'eyJ...',
    };
    await adapter.linkAccount(account);
    expect(
      await adapter.getUserByAccount({ provider: 'epic', providerAccountId: account.providerAccountId }),
    ).toEqual(user);
    expect(await adapter.getAccount(account.providerAccountId, 'epic')).toEqual(account);
    expect(
      await adapter.getUserByAccount({ provider: 'discord', providerAccountId: account.providerAccountId }),
    ).toBeNull();
    await expect(adapter.linkAccount({ ...account, userId: user.id })).rejects.toThrow(/unique|duplicate/i);

    expect(
      await adapter.unlinkAccount({ provider: 'epic', providerAccountId: account.providerAccountId }),
    ).toMatchObject({
      provider: 'epic',
    });
    expect(
      await adapter.getUserByAccount({ provider: 'epic', providerAccountId: account.providerAccountId }),
    ).toBeNull();
  });
});

describe('sessions', () => {
  it('create → get (with user) → update → delete; expired sessions are not returned', async () => {
    const user = await adapter.createUser(newUser('sess@example.com'));
    const expires = new Date(Date.now() + 3600_000);
    const s = await adapter.createSession({ sessionToken: 'tok-1', userId: user.id, expires });
    expect(s).toMatchObject({ sessionToken: 'tok-1', userId: user.id, expires });
    const got = await adapter.getSessionAndUser('tok-1');
    expect(got?.user).toEqual(user);
    expect(got?.session.sessionToken).toBe('tok-1');
    const id = (got!.session as { id?: string }).id!;
    expect(await sessionState(db.orm.em.fork(), id, user.id)).toBe('live');

    const later = new Date(Date.now() + 7200_000);
    expect((await adapter.updateSession({ sessionToken: 'tok-1', expires: later }))?.expires).toEqual(later);
    expect(await adapter.updateSession({ sessionToken: 'nope' })).toBeNull();

    await adapter.deleteSession('tok-1');
    expect(await adapter.getSessionAndUser('tok-1')).toBeNull();
    expect(await sessionState(db.orm.em.fork(), id, user.id)).toBe('missing');

    await adapter.createSession({
      sessionToken: 'tok-old',
      userId: user.id,
      expires: new Date(Date.now() - 1000),
    });
    expect(await adapter.getSessionAndUser('tok-old')).toBeNull();
  });

  it('sessionState: expired, other user, and sign-out everywhere', async () => {
    const a = await adapter.createUser(newUser('sa@example.com'));
    const b = await adapter.createUser(newUser('sb@example.com'));
    const em = db.orm.em.fork();
    const s1 = await createSessionFor(em, a.id);
    const s2 = await createSessionFor(em, a.id);
    expect(s1.sessionToken).toMatch(/^[0-9a-f]{64}$/);
    expect(await sessionState(em, s1.id, b.id)).toBe('missing');
    const short = await createSessionFor(em, a.id, 1);
    await db.orm.em
      .getConnection()
      .execute("update sessions set expires = now() - interval '1 second' where id = ?", [short.id]);
    expect(await sessionState(em, short.id, a.id)).toBe('expired');
    expect(await deleteSessionsOf(em, a.id)).toBe(3);
    expect(await sessionState(em, s1.id, a.id)).toBe('missing');
    expect(await sessionState(em, s2.id, a.id)).toBe('missing');
  });

  it('deleting a user cascades to its accounts and sessions', async () => {
    const u = await adapter.createUser(newUser('gone@example.com'));
    await adapter.linkAccount({ userId: u.id, type: 'oauth', provider: 'discord', providerAccountId: '42' });
    await adapter.createSession({
      sessionToken: 'tok-gone',
      userId: u.id,
      expires: new Date(Date.now() + 60_000),
    });
    await adapter.deleteUser(u.id);
    expect(await adapter.getUserByAccount({ provider: 'discord', providerAccountId: '42' })).toBeNull();
    expect(await adapter.getSessionAndUser('tok-gone')).toBeNull();
  });
});

describe('verification tokens', () => {
  it('can be used exactly once', async () => {
    const vt = { identifier: 'v@example.com', token: 'hashed', expires: new Date(Date.now() + 60_000) };
    expect(await adapter.createVerificationToken(vt)).toEqual(vt);
    const results = await Promise.all([adapter.useVerificationToken(vt), adapter.useVerificationToken(vt)]);
    expect(results.filter((r) => r !== null)).toEqual([vt]);
  });
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.join(
  process.env.RLCOACH_CORPUS ?? path.resolve(repoRoot, '../shared/replays'),
  'rlcoach',
);

describe.skipIf(!existsSync(corpusDir))('identity on upload (corpus replay)', () => {
  it('a user whose linked Steam id plays in the replay owns it as a player; another uploader does not', async () => {
    const file = readdirSync(corpusDir)
      .filter((f) => f.endsWith('.replay'))
      .sort()
      .map((f) => matchInfo(parseHeader(readFileSync(path.join(corpusDir, f)))))
      .find((info) => info.players.some((p) => p.platform === 'steam' && p.platformId && !p.bot));
    expect(file).toBeDefined();
    const steamPlayer = file!.players.find((p) => p.platform === 'steam' && p.platformId && !p.bot)!;

    const me = await adapter.createUser(newUser(null, 'Me'));
    const friend = await adapter.createUser(newUser(null, steamPlayer.name)); // same display name, no linked id
    await adapter.linkAccount({
      userId: me.id,
      type: 'oauth',
      provider: 'steam',
      providerAccountId: steamPlayer.platformId!,
    });

    const em = db.orm.em.fork();
    const replay = em.create(Replay, {
      fileSha256: 'b'.repeat(64),
      storageKey: 'bb/bbbb.replay',
      sizeBytes: 1,
      header: file as unknown as Record<string, unknown>,
    } as Replay);
    await em.flush();
    expect(await linkOwner(em, me.id, replay.id)).toBe(true);
    expect(await linkOwner(em, friend.id, replay.id)).toBe(true);

    const rows = await em
      .getConnection()
      .execute<{ user_id: string; player_key: string | null }[]>(
        'select user_id, player_key from replay_ownerships where replay_id = ?',
        [replay.id],
      );
    const byUser = Object.fromEntries(rows.map((r) => [r.user_id, r.player_key]));
    expect(byUser[me.id]).toBe(`steam:${steamPlayer.platformId}`);
    expect(byUser[friend.id]).toBeNull();

    // Unlinking the Steam account: the replay stays visible but no longer counts as theirs.
    await adapter.unlinkAccount({ provider: 'steam', providerAccountId: steamPlayer.platformId! });
    expect(await refreshPlayerKeys(em, me.id)).toBe(0);
  });
});
