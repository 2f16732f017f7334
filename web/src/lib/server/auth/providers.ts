/**
 * Sign-in providers, each enabled only when its credentials are configured (hidden
 * otherwise). Every provider's profile keeps an email ONLY when the provider marks
 * it verified: Auth.js then links accounts by email (allowDangerousEmailAccountLinking)
 * exclusively through verified addresses, and an unverified one is never stored.
 */
import type { Provider } from '@auth/core/providers';
import Discord from '@auth/core/providers/discord';
import Google from '@auth/core/providers/google';
import { STEAM_OPENID_ENDPOINT } from './steam-openid';

type Env = Record<string, string | undefined>;

export interface ProviderInfo {
  id: 'discord' | 'google' | 'epic' | 'steam';
  name: string;
}

export interface SignInProviders {
  /** Auth.js providers (OAuth/OIDC). */
  authjs: Provider[];
  /** Steam (OpenID 2.0, our own flow) when enabled. */
  steam: { endpoint: string } | null;
  /** What the sign-in page shows, in order. */
  shown: ProviderInfo[];
}

export const EPIC_DEFAULT_ISSUER = 'https://api.epicgames.dev/epic/oauth/v1';

const set = (env: Env, k: string) => {
  const v = env[k]?.trim();
  return v ? v : undefined;
};

/** `email` only when verified; null otherwise (never undefined: Auth.js copies the profile). */
export function verifiedEmail(email: unknown, verified: unknown): string | null {
  return typeof email === 'string' && email.includes('@') && verified === true ? email.toLowerCase() : null;
}

export function signInProviders(env: Env): SignInProviders {
  const authjs: Provider[] = [];
  const shown: ProviderInfo[] = [];

  const discordId = set(env, 'AUTH_DISCORD_ID');
  const discordSecret = set(env, 'AUTH_DISCORD_SECRET');
  if (discordId && discordSecret) {
    authjs.push(
      Discord({
        clientId: discordId,
        clientSecret: discordSecret,
        // The callback must come back to the browser that started it (state + PKCE cookies).
        checks: ['pkce', 'state'],
        allowDangerousEmailAccountLinking: true,
        profile(p) {
          const image = p.avatar ? `https://cdn.discordapp.com/avatars/${p.id}/${p.avatar}.png` : null;
          return {
            id: p.id,
            name: p.global_name ?? p.username,
            email: verifiedEmail(p.email, p.verified),
            image,
          };
        },
      }),
    );
    shown.push({ id: 'discord', name: 'Discord' });
  }

  const googleId = set(env, 'AUTH_GOOGLE_ID');
  const googleSecret = set(env, 'AUTH_GOOGLE_SECRET');
  if (googleId && googleSecret) {
    authjs.push(
      Google({
        clientId: googleId,
        clientSecret: googleSecret,
        checks: ['pkce', 'state', 'nonce'],
        allowDangerousEmailAccountLinking: true,
        profile(p) {
          return {
            id: p.sub,
            name: p.name,
            email: verifiedEmail(p.email, p.email_verified),
            image: p.picture ?? null,
          };
        },
      }),
    );
    shown.push({ id: 'google', name: 'Google' });
  }

  const epicId = set(env, 'AUTH_EPIC_ID');
  const epicSecret = set(env, 'AUTH_EPIC_SECRET');
  if (epicId && epicSecret) {
    authjs.push({
      id: 'epic',
      name: 'Epic Games',
      type: 'oidc',
      // Configurable so tests (and Epic's sandbox) can use another issuer.
      issuer: set(env, 'AUTH_EPIC_ISSUER') ?? EPIC_DEFAULT_ISSUER,
      clientId: epicId,
      clientSecret: epicSecret,
      checks: ['pkce', 'state', 'nonce'],
      authorization: { params: { scope: 'openid profile' } },
      allowDangerousEmailAccountLinking: true,
      profile(p: Record<string, unknown>) {
        const name =
          (typeof p.preferred_username === 'string' && p.preferred_username) ||
          (typeof p.name === 'string' && p.name) ||
          'Epic player';
        return {
          // The Epic account id: what replays carry as the player's EpicAccountId.
          id: String(p.sub),
          name,
          email: verifiedEmail(p.email, p.email_verified),
          image: null,
        };
      },
    });
    shown.push({ id: 'epic', name: 'Epic Games' });
  }

  // Steam's OpenID needs no client secret; it is enabled explicitly.
  const steam =
    set(env, 'AUTH_STEAM') === '1'
      ? { endpoint: set(env, 'AUTH_STEAM_ENDPOINT') ?? STEAM_OPENID_ENDPOINT }
      : null;
  if (steam) shown.push({ id: 'steam', name: 'Steam' });

  return { authjs, steam, shown };
}
