/** Providers appear only with their credentials, and only verified emails survive the profile mapping. */
import { describe, expect, it } from 'vitest';
import { EPIC_DEFAULT_ISSUER, signInProviders, verifiedEmail } from '$lib/server/auth/providers';

describe('signInProviders', () => {
  it('shows nothing without credentials', () => {
    expect(signInProviders({})).toEqual({ authjs: [], steam: null, shown: [] });
    // half-configured counts as not configured
    expect(signInProviders({ AUTH_DISCORD_ID: 'x' }).shown).toEqual([]);
  });

  it('enables each provider by its own variables; Epic issuer and Steam endpoint are configurable', () => {
    const all = signInProviders({
      AUTH_DISCORD_ID: 'd',
      AUTH_DISCORD_SECRET: 'ds',
      AUTH_GOOGLE_ID: 'g',
      AUTH_GOOGLE_SECRET: 'gs',
      AUTH_EPIC_ID: 'e',
      AUTH_EPIC_SECRET: 'es',
      AUTH_STEAM: '1',
      AUTH_STEAM_ENDPOINT: 'http://127.0.0.1:9/openid/login',
    });
    expect(all.shown.map((p) => p.id)).toEqual(['discord', 'google', 'epic', 'steam']);
    expect(all.steam).toEqual({ endpoint: 'http://127.0.0.1:9/openid/login' });
    const epic = all.authjs.find((p) => (p as { id?: string }).id === 'epic') as {
      issuer?: string;
      type?: string;
    };
    expect([epic.type, epic.issuer]).toEqual(['oidc', EPIC_DEFAULT_ISSUER]);
    const custom = signInProviders({
      AUTH_EPIC_ID: 'e',
      AUTH_EPIC_SECRET: 'es',
      AUTH_EPIC_ISSUER: 'http://127.0.0.1:5555',
    });
    expect((custom.authjs[0] as { issuer?: string }).issuer).toBe('http://127.0.0.1:5555');
  });

  it('binds every OAuth/OIDC callback to the browser that started it: PKCE and state, plus nonce for OIDC', () => {
    const { authjs } = signInProviders({
      AUTH_DISCORD_ID: 'd',
      AUTH_DISCORD_SECRET: 'ds',
      AUTH_GOOGLE_ID: 'g',
      AUTH_GOOGLE_SECRET: 'gs',
      AUTH_EPIC_ID: 'e',
      AUTH_EPIC_SECRET: 'es',
    });
    const checks = Object.fromEntries(
      authjs.map((x) => {
        const p = x as { id?: string; type?: string; checks?: string[]; options?: { checks?: string[] } };
        return [p.id, { type: p.type, checks: [...(p.options?.checks ?? p.checks ?? [])].sort() }];
      }),
    );
    expect(checks).toEqual({
      discord: { type: 'oauth', checks: ['pkce', 'state'] },
      google: { type: 'oidc', checks: ['nonce', 'pkce', 'state'] },
      epic: { type: 'oidc', checks: ['nonce', 'pkce', 'state'] },
    });
  });

  it('keeps an email only when the provider marks it verified', () => {
    expect(verifiedEmail('A@B.com', true)).toBe('a@b.com');
    expect(verifiedEmail('a@b.com', false)).toBeNull();
    expect(verifiedEmail('a@b.com', undefined)).toBeNull();
    expect(verifiedEmail('a@b.com', 'true')).toBeNull();
    expect(verifiedEmail(undefined, true)).toBeNull();
  });

  it('maps Discord, Google and Epic profiles through that rule', () => {
    const { authjs } = signInProviders({
      AUTH_DISCORD_ID: 'd',
      AUTH_DISCORD_SECRET: 'ds',
      AUTH_GOOGLE_ID: 'g',
      AUTH_GOOGLE_SECRET: 'gs',
      AUTH_EPIC_ID: 'e',
      AUTH_EPIC_SECRET: 'es',
    });
    const profileOf = (id: string) => {
      const p = authjs.find(
        (x) => ((x as { id?: string }).id ?? (x as { options?: { id?: string } }).options?.id) === id,
      ) as {
        profile?: (p: unknown, t: unknown) => { email: string | null };
        options?: { profile?: (p: unknown, t: unknown) => { email: string | null } };
      };
      return (p.options?.profile ?? p.profile)!;
    };
    expect(
      profileOf('discord')({ id: '1', username: 'u', email: 'x@y.z', verified: false, avatar: null }, {})
        .email,
    ).toBeNull();
    expect(
      profileOf('discord')({ id: '1', username: 'u', email: 'x@y.z', verified: true, avatar: null }, {})
        .email,
    ).toBe('x@y.z');
    expect(
      profileOf('google')({ sub: 's', name: 'n', email: 'x@y.z', email_verified: false }, {}).email,
    ).toBeNull();
    expect(
      profileOf('epic')({ sub: 'abc', preferred_username: 'EpicName', email: 'x@y.z' }, {}),
    ).toMatchObject({
      id: 'abc',
      email: null,
    });
  });
});
