/** Provider tokens encrypted at rest: the accounts row holds no plaintext, and the adapter round-trips. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '@auth/core/adapters';
import { createAuthAdapter } from '../src/auth/adapter.js';
import { createTokenCipher, TokenDecryptError } from '../src/auth/token-crypto.js';
import { createTestDatabase, type TestDatabase } from '../src/testing.js';

const SECRET = 'token-crypto-test-secret-0123456789abcdef';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('token_crypto');
});
afterAll(async () => db?.drop());

describe('token cipher', () => {
  const cipher = createTokenCipher(SECRET);

  it('round-trips with a versioned prefix and a fresh IV every time', () => {
    const a = cipher.encrypt('ya29.secret-access-token');
    const b = cipher.encrypt('ya29.secret-access-token');
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a)).toBe('ya29.secret-access-token');
    expect(cipher.decrypt(b)).toBe('ya29.secret-access-token');
  });

  it('refuses a tampered value or another key', () => {
    const sealed = cipher.encrypt('refresh-me');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 20] ^= 1;
    expect(() => cipher.decrypt(`v1.${raw.toString('base64url')}`)).toThrow(TokenDecryptError);
    expect(() => createTokenCipher(`${SECRET}-other`).decrypt(sealed)).toThrow(TokenDecryptError);
    expect(() => cipher.decrypt('v1.AAAA')).toThrow(TokenDecryptError);
  });

  it('passes through values stored before encryption existed', () => {
    expect(cipher.decrypt('legacy-plaintext')).toBe('legacy-plaintext');
  });

  it('rejects a short secret', () => {
    expect(() => createTokenCipher('short')).toThrow(/32 characters/);
  });
});

describe('adapter stores provider tokens encrypted', () => {
  it('holds no plaintext in the accounts row and returns the tokens unchanged', async () => {
    const adapter = createAuthAdapter(db.orm, { tokenSecret: SECRET }) as Required<Adapter>;
    const user = await adapter.createUser({
      id: '',
      name: 'Tokens',
      email: 'tokens@example.com',
      emailVerified: null,
    });
    const tokens = {
      access_token: 'access-PLAINTEXT-1234567890',
      refresh_token: 'refresh-PLAINTEXT-abcdef',
      id_token: 'eyJhbGciOiJSUzI1NiJ9.PLAINTEXT-claims.sig',
    };
    await adapter.linkAccount({
      userId: user.id,
      type: 'oidc',
      provider: 'epic',
      providerAccountId: 'a'.repeat(32),
      token_type: 'bearer',
      expires_at: 1_900_000_000,
      ...tokens,
    });
    const [row] = await db.orm.em
      .getConnection()
      .execute<Record<string, string | null>[]>(
        'select access_token, refresh_token, id_token from accounts where user_id = ?',
        [user.id],
      );
    for (const [col, plain] of Object.entries(tokens)) {
      expect(row![col], col).toMatch(/^v1\./);
      expect(row![col], col).not.toContain('PLAINTEXT');
      expect(row![col], col).not.toContain(plain);
    }
    const account = await adapter.getAccount('a'.repeat(32), 'epic');
    expect(account).toMatchObject({ ...tokens, expires_at: 1_900_000_000, token_type: 'bearer' });
    const unlinked = await adapter.unlinkAccount({ provider: 'epic', providerAccountId: 'a'.repeat(32) });
    expect(unlinked).toMatchObject(tokens);

    // Another secret cannot read what this one stored.
    await adapter.linkAccount({
      userId: user.id,
      type: 'oauth',
      provider: 'discord',
      providerAccountId: '1234',
      access_token: 'discord-token',
    });
    const wrong = createAuthAdapter(db.orm, { tokenSecret: `${SECRET}-rotated` }) as Required<Adapter>;
    await expect(wrong.getAccount('1234', 'discord')).rejects.toThrow(TokenDecryptError);
  });
});
