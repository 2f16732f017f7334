/** The server routes and socket commands the authorization table must cover, read from the source. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const routesDir = path.join(webRoot, 'src/routes');
const SERVER_FILES = new Set(['+page.server.ts', '+layout.server.ts', '+server.ts']);

/** Route ids of every directory holding server code, as SvelteKit spells them. */
export function serverRouteIds(dir = routesDir): string[] {
  const ids = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SERVER_FILES.has(name)) {
        const rel = path.relative(routesDir, d).split(path.sep).join('/');
        ids.add(rel ? `/${rel}` : '/');
      }
    }
  };
  walk(dir);
  return [...ids].sort();
}

/** The socket contract is declared once in db/src/contracts/socket-events.ts. */
const EVENTS_FILE = '../db/src/contracts/socket-events.ts';

export function clientToServerEvents(): string[] {
  const src = readFileSync(path.join(webRoot, EVENTS_FILE), 'utf8');
  const body = /export interface ClientToServerEvents \{([\s\S]*?)\n\}/.exec(src)?.[1];
  if (!body) throw new Error(`ClientToServerEvents not found in ${EVENTS_FILE}`);
  return [...body.matchAll(/^\s*'([^']+)'\s*:/gm)].map((m) => m[1]!);
}
