/**
 * Issue #11 item 5: every response of the built web app carries the security headers
 * (CSP with frame-ancestors 'none', X-Frame-Options, nosniff, Referrer-Policy). The
 * walk covers every route of the route table (the same walk as route-rules.test.ts),
 * signed out and signed in, as pages, SvelteKit data requests and form posts, plus
 * redirects, refusals, unknown paths and Auth.js' own endpoints. Then Chromium loads
 * the app under that policy: no CSP violation, the realtime socket connects, and a
 * foreign page cannot frame Settings.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Replay, ReplayStatus, Session, User } from '@rlcoach/db';
import { signSessionToken } from '@rlcoach/db/contracts/session-token';
import { launchBrowser } from '../e2e/browser';
import { demoReplays } from '../e2e/fixtures';
import { missingBuilds, startStack, type Stack } from '../e2e/stack';
import { serverRouteIds } from '../auth/routes-walk';

const COOKIE = 'authjs.session-token';
const OTHER_UUID = '00000000-0000-4000-8000-000000000000';
const missing = missingBuilds();
let stack: Stack;
let browser: Browser;
let cookie: string;
let replayId: string;

beforeAll(async () => {
  if (missing.length > 0) return;
  stack = await startStack('headers');
  cookie = await signInCookie();
  const em = stack.db.orm.em.fork();
  const user = await em.findOneOrFail(User, { displayName: 'Header Walker' });
  await em.getConnection().execute('update users set terms_accepted_at = now() where id = ?', [user.id]);
  const session = await em.findOneOrFail(Session, { sessionToken: cookie.slice(COOKIE.length + 1) });
  const token = signSessionToken(stack.sessionSecret, user.id, { sessionId: session.id });
  const fixture = demoReplays()[0]!;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(fixture.bytes)]), fixture.fileName);
  const up = await fetch(`${stack.realtimeUrl}/api/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(up.status).toBe(200);
  replayId = ((await up.json()) as { files: { replayId: string }[] }).files[0]!.replayId;
  for (const until = Date.now() + 90_000; ;) {
    const r = await stack.db.orm.em.fork().findOneOrFail(Replay, { id: replayId });
    if (r.status === ReplayStatus.Analysed || r.status === ReplayStatus.Partial) break;
    if (Date.now() > until) throw new Error(`replay never finished:\n${stack.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh database session of the one test user (the walk POSTs /signout, which ends its own). */
async function signInCookie(): Promise<string> {
  const res = await fetch(`${stack.webUrl}/signin/dev`, {
    method: 'POST',
    headers: { origin: stack.webUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: 'Header Walker', next: '/' }),
    redirect: 'manual',
  });
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${COOKIE}=`))!
    .split(';')[0]!;
}

function concretePath(routeId: string): string {
  const p = routeId.replace(/\/\([^)]+\)/g, '') || '/';
  return p
    .replace('[sessionId]', 'no-such-session')
    .replace(/^\/account\/exports\/\[id\]/, `/account/exports/${OTHER_UUID}`)
    .replace('[id]', replayId);
}

interface Probe {
  what: string;
  path: string;
  init?: RequestInit;
  signedIn?: boolean;
}

function probes(): Probe[] {
  const list: Probe[] = [];
  for (const routeId of serverRouteIds()) {
    const path = concretePath(routeId);
    for (const signedIn of [false, true]) {
      const who = signedIn ? 'signed in' : 'signed out';
      list.push({ what: `GET ${path} (${who})`, path, signedIn });
      list.push({
        what: `GET ${path}/__data.json (${who})`,
        path: `${path.replace(/\/$/, '')}/__data.json`,
        signedIn,
      });
      // Signing out ends the walker's session: that one comes last.
      if (signedIn && path === '/signout') continue;
      list.push({
        what: `POST ${path} (${who})`,
        path,
        signedIn,
        init: {
          method: 'POST',
          headers: { origin: stack.webUrl, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'x=1',
        },
      });
    }
  }
  const extra: [string, string, boolean][] = [
    ['unknown path', '/no/such/page', false],
    ['unknown path', '/no/such/page', true],
    ['redirect after sign-in', '/signin?callbackUrl=%2Freplays', true],
    ['someone else’s replay (404)', `/replays/${OTHER_UUID}`, true],
    ['someone else’s replay over the API (404)', `/api/replays/${OTHER_UUID}`, true],
    ['health', '/healthz', false],
    ['Auth.js CSRF token', '/auth/csrf', false],
    ['Auth.js session', '/auth/session', true],
    ['Auth.js providers', '/auth/providers', false],
    ['Auth.js unknown provider', '/auth/signin/nope', false],
  ];
  for (const [what, path, signedIn] of extra) list.push({ what: `${what}: GET ${path}`, path, signedIn });
  list.push({
    what: 'POST /signout (signed in)',
    path: '/signout',
    signedIn: true,
    init: { method: 'POST', headers: { origin: stack.webUrl } },
  });
  return list;
}

describe.skipIf(missing.length > 0)('security headers on every web response', () => {
  it('every route of the table, signed out and in, pages, data, posts, redirects, 404s', async () => {
    const statuses = new Set<number>();
    const failures: string[] = [];
    const walker = await signInCookie();
    for (const p of probes()) {
      const headers = new Headers(p.init?.headers);
      if (p.signedIn) headers.set('cookie', walker);
      const res = await fetch(`${stack.webUrl}${p.path}`, { ...p.init, headers, redirect: 'manual' });
      await res.arrayBuffer();
      statuses.add(res.status);
      const problems = headerProblems(res);
      if (problems.length > 0) failures.push(`${p.what} → ${res.status}: ${problems.join(', ')}`);
    }
    expect(failures).toEqual([]);
    // The walk really met pages, redirects, refusals and unknown paths.
    for (const s of [200, 303, 401, 404]) expect(statuses, `no ${s} seen`).toContain(s);
  });

  it('pages carry a nonce-based script policy that lets the realtime origin connect', async () => {
    const res = await fetch(`${stack.webUrl}/`, { headers: { cookie } });
    const html = await res.text();
    const csp = directives(res.headers.get('content-security-policy')!);
    expect(csp['script-src']).toMatch(/'nonce-[A-Za-z0-9+/=_-]+'/);
    expect(csp['script-src']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(csp['object-src']).toBe("'none'");
    const { host } = new URL(stack.realtimeUrl);
    expect(csp['connect-src']).toContain(`http://${host}`);
    expect(csp['connect-src']).toContain(`ws://${host}`);
    // Every inline script SvelteKit rendered carries the nonce.
    const nonce = /'nonce-([^']+)'/.exec(csp['script-src']!)![1]!;
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const m of inline) expect(m[1]).toContain(`nonce="${nonce}"`);
    // A fresh nonce per response.
    const again = await fetch(`${stack.webUrl}/`, { headers: { cookie } });
    expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  });

  it('Chromium runs the app under the policy: no violation, the socket connects, the replay page draws', async () => {
    const context = await browser.newContext();
    await context.addCookies([
      { name: COOKIE, value: cookie.slice(COOKIE.length + 1), url: stack.webUrl, httpOnly: true },
    ]);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Refused to load (CSP): ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(stack.webUrl);
    await page
      .locator('[data-testid="live-status"][data-state="online"]')
      .waitFor({ timeout: 30_000 })
      .catch((e: Error) => {
        throw new Error(`${e.message}\nconsole:\n${consoleLines.join('\n')}\nurl: ${page.url()}`);
      });
    await page.goto(`${stack.webUrl}/replays/${replayId}`);
    await page.waitForLoadState('networkidle');
    await page.goto(`${stack.webUrl}/trends`);
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('a page on another origin cannot frame Settings', async () => {
    const context = await browser.newContext();
    await context.addCookies([
      { name: COOKIE, value: cookie.slice(COOKIE.length + 1), url: stack.webUrl, httpOnly: true },
    ]);
    const page = await context.newPage();
    // The attacker's page (about:blank, another origin) frames Settings.
    await page.setContent(`<iframe name="victim" src="${stack.webUrl}/settings"></iframe>`);
    await page.waitForTimeout(3000);
    const frame = page.frames().find((f) => f.name() === 'victim');
    expect(frame).toBeDefined();
    // Refused frames show Chromium's error page, never anything of ours.
    expect(frame!.url().startsWith(stack.webUrl), frame!.url()).toBe(false);
    await context.close();
  });
});

function directives(csp: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values.join(' ');
  }
  return out;
}

function headerProblems(res: Response): string[] {
  const problems: string[] = [];
  const h = res.headers;
  if (h.get('x-content-type-options') !== 'nosniff') problems.push('no nosniff');
  if (h.get('x-frame-options') !== 'DENY') problems.push('no X-Frame-Options DENY');
  if (
    !/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(
      h.get('referrer-policy') ?? '',
    )
  )
    problems.push(`referrer-policy ${h.get('referrer-policy')}`);
  const csp = h.get('content-security-policy');
  if (!csp) problems.push('no CSP');
  else {
    const d = directives(csp);
    if (d['frame-ancestors'] !== "'none'") problems.push('no frame-ancestors none');
    const script = d['script-src'] ?? d['default-src'] ?? '';
    if (/unsafe-inline/.test(script)) problems.push('unsafe-inline scripts');
  }
  return problems;
}
