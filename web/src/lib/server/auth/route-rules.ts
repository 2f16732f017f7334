/**
 * Who may reach what: every server route of the web app and every client → server
 * socket command has exactly one entry here, naming a rule of the policy module
 * (@rlcoach/db/auth/policy). `handle` enforces the route entries before any load
 * function or endpoint runs (protect by default: a route without an entry is
 * refused), and web/test/auth/route-rules.test.ts fails when a route or a socket
 * event has no entry.
 */
import type { RuleName } from '@rlcoach/db/auth/policy';

export type RouteRule =
  /** Reachable signed out: landing, sign-in, auth callbacks, health. */
  | { access: 'public' }
  /** Signed in; the data shown is the caller's own (policy.signedIn). */
  | { access: 'signed-in'; rule: Extract<RuleName, 'signedIn' | 'canUpload' | 'canOperate'> }
  /** Signed in and allowed on the resource named by a route parameter. */
  | {
      access: 'resource';
      rule: Extract<RuleName, 'canViewReplay' | 'canJoinReplayRoom' | 'canDownloadExport' | 'canViewRoom'>;
      param: string;
    };

/** Keyed by SvelteKit route id (the path under src/routes, groups included). */
export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  '/healthz': { access: 'public' },
  // Stripe calls it; the signature on the raw body (STRIPE_WEBHOOK_SECRET) is the authentication.
  '/api/stripe/webhook': { access: 'public' },
  // Probes and the scrape: no session; /metrics checks its own token or loopback peer (db's metricsAllowed).
  '/readyz': { access: 'public' },
  '/metrics': { access: 'public' },
  '/(auth)/signin': { access: 'public' },
  '/(auth)/signin/dev': { access: 'public' },
  '/(auth)/signin/steam': { access: 'public' },
  '/(auth)/signin/steam/callback': { access: 'public' },
  // Confirming a pending account link; the page itself checks the signed pending link names this browser's user.
  '/(auth)/signin/link': { access: 'public' },
  '/(auth)/signout': { access: 'public' },
  '/(auth)/terms': { access: 'signed-in', rule: 'signedIn' },
  '/(app)': { access: 'signed-in', rule: 'signedIn' },
  '/(app)/replays': { access: 'signed-in', rule: 'signedIn' },
  // Play sessions and trends are computed from the caller's own replays only.
  '/(app)/sessions': { access: 'signed-in', rule: 'signedIn' },
  '/(app)/sessions/[sessionId]': { access: 'signed-in', rule: 'signedIn' },
  '/(app)/trends': { access: 'signed-in', rule: 'signedIn' },
  '/(app)/compare': { access: 'signed-in', rule: 'signedIn' },
  '/(app)/settings': { access: 'signed-in', rule: 'signedIn' },
  // Plan and Checkout; the actions also ask policy.canManageBilling (members only).
  '/(app)/upgrade': { access: 'signed-in', rule: 'signedIn' },
  // The live ops page: operators only (players get 403).
  '/(app)/ops': { access: 'signed-in', rule: 'canOperate' },
  // The coach page: the caller's own conversations and notes; what they may ask is decided per question.
  '/(app)/coach': { access: 'signed-in', rule: 'signedIn' },
  '/(app)/replays/[id]': { access: 'resource', rule: 'canViewReplay', param: 'id' },
  '/api/replays/[id]': { access: 'resource', rule: 'canViewReplay', param: 'id' },
  '/api/replays/[id]/track': { access: 'resource', rule: 'canViewReplay', param: 'id' },
  // Review rooms: members only (any role); the room gives read access to ITS replay's report and
  // track, never the owner's other data. Invite/revoke actions re-check policy.canManageRoom.
  '/(app)/rooms/[roomId]': { access: 'resource', rule: 'canViewRoom', param: 'roomId' },
  '/api/rooms/[roomId]/track': { access: 'resource', rule: 'canViewRoom', param: 'roomId' },
  // An invite link: any signed-in user may look; accepting it checks the signed, live invite.
  '/(app)/rooms/join/[token]': { access: 'signed-in', rule: 'signedIn' },
  // A data export archive: its owner only; anyone else gets 404.
  '/account/exports/[id]': { access: 'resource', rule: 'canDownloadExport', param: 'id' },
};

/** Socket commands (realtime/src/events.ts ClientToServerEvents) → the policy rule their handler applies. */
export const SOCKET_RULES: Readonly<Record<string, RuleName>> = {
  'replay:status': 'canQueryReplayStatus',
  'ops:watch': 'canOperate',
  'ops:unwatch': 'signedIn',
  // Pro, or a free player's one preview (realtime/src/coach/desk.ts).
  'coach:ask': 'canUseCoach',
  // Stop and resume: signed in, and only the caller's own message (others answer NOT_FOUND).
  'coach:stop': 'signedIn',
  'coach:resume': 'signedIn',
  // Review rooms (realtime/src/handlers/rooms.ts): joining checks membership or redeems an invite;
  // every other command needs the seat the join gave and the caller's role in THAT room.
  'room:join': 'canTalkInRoom',
  'room:leave': 'canTalkInRoom',
  'room:state': 'canTalkInRoom',
  'room:control': 'canControlRoomPlayback',
  'room:pass-driver': 'canPassRoomDriver',
  'room:typing': 'canTalkInRoom',
  'room:pointer': 'canTalkInRoom',
  'room:chat': 'canTalkInRoom',
  'room:annotate': 'canAnnotateRoom',
  'room:annotation-delete': 'canAnnotateRoom',
  // The clock ping reveals nothing but the server time; any signed-in socket (throttled per socket).
  'room:time': 'signedIn',
};

/** Paths Auth.js itself serves (sign-in, callbacks, CSRF, sign-out) are public by construction. */
export const AUTHJS_BASE_PATH = '/auth';

export function isAuthJsPath(pathname: string): boolean {
  return pathname === AUTHJS_BASE_PATH || pathname.startsWith(`${AUTHJS_BASE_PATH}/`);
}
