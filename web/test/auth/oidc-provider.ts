/**
 * A small but real OpenID Connect provider on loopback, standing in for Epic,
 * Discord or Google in tests: discovery, JWKS, authorization code flow with PKCE
 * (S256) and nonce, client authentication, RS256-signed id_tokens, userinfo.
 * The authorize page is a plain HTML form (pick who signs in), so a browser drives
 * it exactly like a real provider's login page.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OidcUser {
  sub: string;
  name: string;
  email?: string;
  email_verified?: boolean;
}

export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: OidcUser[];
  /** Codes and tokens issued so far (for assertions). */
  stats: { authorizations: number; tokens: number; userinfo: number };
  close(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  user: OidcUser;
  nonce: string | null;
  challenge: string | null;
  expiresAt: number;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function jwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(claims));
  const sig = sign('sha256', Buffer.from(`${head}.${body}`), privateKey);
  return `${head}.${body}.${b64url(sig)}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += (c as Buffer).toString();
  return s;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startOidcProvider(users: OidcUser[], clientId = 'rlcoach-test'): Promise<OidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const clientSecret = randomBytes(24).toString('hex');
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, OidcUser>();
  const stats = { authorizations: 0, tokens: 0, userinfo: 0 };
  let issuer = '';

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) =>
      json(res, 500, { error: 'server_error', detail: String(err) }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: ['openid', 'profile', 'email'],
      });
    }
    if (url.pathname === '/jwks') {
      return json(res, 200, {
        keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }],
      });
    }
    if (url.pathname === '/authorize' && req.method === 'GET') {
      const q = url.searchParams;
      if (q.get('client_id') !== clientId || q.get('response_type') !== 'code' || !q.get('redirect_uri'))
        return json(res, 400, { error: 'invalid_request' });
      const hidden = [...q].map(
        ([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`,
      );
      const options = users.map((u) => `<option value="${escapeHtml(u.sub)}">${escapeHtml(u.name)}</option>`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        `<!doctype html><title>Test identity provider</title><form method="post" action="/authorize">
         ${hidden.join('')}<label>Account <select name="sub">${options.join('')}</select></label>
         <button type="submit">Continue</button></form>`,
      );
      return;
    }
    if (url.pathname === '/authorize' && req.method === 'POST') {
      const f = new URLSearchParams(await readBody(req));
      const user = users.find((u) => u.sub === f.get('sub'));
      const redirectUri = f.get('redirect_uri') ?? '';
      if (!user || f.get('client_id') !== clientId || !redirectUri)
        return json(res, 400, { error: 'invalid_request' });
      const method = f.get('code_challenge_method');
      if (f.get('code_challenge') && method !== 'S256') return json(res, 400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('hex');
      codes.set(code, {
        clientId,
        redirectUri,
        user,
        nonce: f.get('nonce'),
        challenge: f.get('code_challenge'),
        expiresAt: Date.now() + 60_000,
      });
      stats.authorizations++;
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      const state = f.get('state');
      if (state) target.searchParams.set('state', state);
      target.searchParams.set('iss', issuer);
      res.writeHead(302, { location: target.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const f = new URLSearchParams(await readBody(req));
      let id = f.get('client_id');
      let secret = f.get('client_secret');
      const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
      if (basic) {
        const [u, p] = Buffer.from(basic[1]!, 'base64').toString().split(':');
        id = decodeURIComponent(u ?? '');
        secret = decodeURIComponent(p ?? '');
      }
      if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
      const code = f.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code); // single use
      if (!pending || pending.expiresAt < Date.now() || f.get('grant_type') !== 'authorization_code')
        return json(res, 400, { error: 'invalid_grant' });
      if (f.get('redirect_uri') !== pending.redirectUri) return json(res, 400, { error: 'invalid_grant' });
      if (pending.challenge) {
        const verifier = f.get('code_verifier') ?? '';
        if (b64url(createHash('sha256').update(verifier).digest()) !== pending.challenge)
          return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      const now = Math.floor(Date.now() / 1000);
      const accessToken = randomBytes(24).toString('hex');
      accessTokens.set(accessToken, pending.user);
      stats.tokens++;
      const { sub, name, email, email_verified } = pending.user;
      return json(res, 200, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'openid profile email',
        id_token: jwt(privateKey, kid, {
          iss: issuer,
          sub,
          aud: clientId,
          iat: now,
          exp: now + 300,
          ...(pending.nonce ? { nonce: pending.nonce } : {}),
          name,
          ...(email ? { email, email_verified: email_verified ?? false } : {}),
        }),
      });
    }
    if (url.pathname === '/userinfo') {
      const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
      const user = m ? accessTokens.get(m[1]!) : undefined;
      if (!user) return json(res, 401, { error: 'invalid_token' });
      stats.userinfo++;
      return json(res, 200, user);
    }
    json(res, 404, { error: 'not_found' });
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    clientSecret,
    users,
    stats,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
