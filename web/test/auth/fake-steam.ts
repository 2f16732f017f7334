/**
 * A local stand-in for Steam's OpenID 2.0 endpoint: checkid_setup answers with a
 * positive assertion signed (HMAC-SHA256) over the fields it lists, and
 * check_authentication verifies that signature and accepts each nonce once, as
 * the spec requires of a real OP.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const NS = 'http://specs.openid.net/auth/2.0';

export interface FakeSteam {
  endpoint: string;
  /** The Steam64 id the next sign-in will assert. */
  steamId: string;
  checks: number;
  close(): Promise<void>;
}

export async function startFakeSteam(steamId: string): Promise<FakeSteam> {
  const key = randomBytes(32);
  const usedNonces = new Set<string>();
  const sign = (p: URLSearchParams, fields: string[]) =>
    createHmac('sha256', key)
      .update(fields.map((f) => `${f}:${p.get(`openid.${f}`) ?? ''}\n`).join(''))
      .digest('base64');
  const state = { steamId, checks: 0 };
  let endpoint = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', endpoint);
    if (req.method === 'GET' && url.searchParams.get('openid.mode') === 'checkid_setup') {
      const returnTo = url.searchParams.get('openid.return_to') ?? '';
      const claimed = `https://steamcommunity.com/openid/id/${state.steamId}`;
      const p = new URLSearchParams({
        'openid.ns': NS,
        'openid.mode': 'id_res',
        'openid.op_endpoint': endpoint,
        'openid.claimed_id': claimed,
        'openid.identity': claimed,
        'openid.return_to': returnTo,
        'openid.response_nonce': `${new Date().toISOString().slice(0, 19)}Z${randomBytes(6).toString('hex')}`,
        'openid.assoc_handle': '1234567890',
      });
      const fields = [
        'signed',
        'op_endpoint',
        'claimed_id',
        'identity',
        'return_to',
        'response_nonce',
        'assoc_handle',
      ];
      p.set('openid.signed', fields.join(','));
      p.set('openid.sig', sign(p, fields));
      const target = new URL(returnTo);
      for (const [k, v] of p) target.searchParams.set(k, v);
      res.writeHead(302, { location: target.toString() }).end();
      return;
    }
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        state.checks++;
        const p = new URLSearchParams(body);
        const fields = (p.get('openid.signed') ?? '').split(',');
        const nonce = p.get('openid.response_nonce') ?? '';
        const valid =
          p.get('openid.mode') === 'check_authentication' &&
          p.get('openid.sig') === sign(p, fields) &&
          !usedNonces.has(nonce);
        if (valid) usedNonces.add(nonce);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`ns:${NS}\nis_valid:${valid}\n`);
      });
      return;
    }
    res.writeHead(400).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid/login`;
  return {
    endpoint,
    get steamId() {
      return state.steamId;
    },
    set steamId(v: string) {
      state.steamId = v;
    },
    get checks() {
      return state.checks;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
