/**
 * The platform's limits in one place. Per-user limits are keyed on the user id wherever
 * there is a user; per-address limits (keyed on `clientAddress()`, http/client-address.ts)
 * are only a looser abuse guard on top, because many players can share one address: a
 * household or campus NAT, a LAN event, or, when the proxy hops are misconfigured, everyone.
 */
import type { RateRule } from './limiter.js';

export const HOUR_MS = 3600_000;
export const MINUTE_MS = 60_000;

export const RateRules = {
  /** Replay files per user: 100 per hour, at most 60 in any minute (a full 50-file batch fits). */
  uploadFilesPerUser: {
    name: 'upload-files:user',
    windows: [
      { limit: 100, windowMs: HOUR_MS },
      { limit: 60, windowMs: MINUTE_MS },
    ],
  },
  /** Upload requests per user, checked before the body is read (files are counted one by one after). */
  uploadRequestsPerUser: {
    name: 'upload-requests:user',
    windows: [
      { limit: 120, windowMs: HOUR_MS },
      { limit: 30, windowMs: MINUTE_MS },
    ],
  },
  /** Upload requests per client address: twenty users' worth, an abuse guard against account farms only. */
  uploadRequestsPerAddress: {
    name: 'upload-requests:address',
    windows: [
      { limit: 20 * 120, windowMs: HOUR_MS },
      { limit: 20 * 30, windowMs: MINUTE_MS },
    ],
  },
  /** Socket commands per user. */
  socketEventsPerUser: {
    name: 'socket-events:user',
    windows: [
      { limit: 600, windowMs: MINUTE_MS },
      { limit: 40, windowMs: 1000 },
    ],
  },
  /** Review rooms: joins (each reads Postgres and fans presence out to the room). */
  roomJoinsPerUser: {
    name: 'room-joins:user',
    windows: [
      { limit: 120, windowMs: MINUTE_MS },
      { limit: 10, windowMs: 1000 },
    ],
  },
  /** Review rooms: play/pause/seek/speed and passing the driver (a scrubbing driver sends many seeks). */
  roomControlsPerUser: {
    name: 'room-controls:user',
    windows: [
      { limit: 600, windowMs: MINUTE_MS },
      { limit: 20, windowMs: 1000 },
    ],
  },
  /** Review rooms: chat messages. */
  roomChatPerUser: {
    name: 'room-chat:user',
    windows: [
      { limit: 60, windowMs: MINUTE_MS },
      { limit: 8, windowMs: 5000 },
    ],
  },
  /** Review rooms: annotations created or deleted. */
  roomAnnotationsPerUser: {
    name: 'room-annotations:user',
    windows: [
      { limit: 120, windowMs: MINUTE_MS },
      { limit: 10, windowMs: 5000 },
    ],
  },
  /**
   * Socket handshakes per authenticated user. After a server restart every tab of the user
   * reconnects at once and refused ones retry with backoff: 60 a minute covers dozens of tabs.
   */
  socketConnectsPerUser: {
    name: 'socket-connects:user',
    windows: [{ limit: 60, windowMs: MINUTE_MS }],
  },
  /**
   * Socket handshakes per client address, before the token is checked (each check costs a
   * signature and a database read). A flood guard sized so a restart's reconnect storm from a
   * large NAT (or a loopback load test of 1,000 sockets) passes.
   */
  socketConnectsPerAddress: {
    name: 'socket-connects:address',
    windows: [{ limit: 3000, windowMs: MINUTE_MS }],
  },
  /** Sign-in attempts per client address (there is no user yet to key on). */
  signInPerAddress: {
    name: 'sign-in:address',
    windows: [
      { limit: 30, windowMs: 15 * MINUTE_MS },
      { limit: 10, windowMs: MINUTE_MS },
    ],
  },
} as const satisfies Record<string, RateRule>;
