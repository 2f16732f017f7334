/**
 * Each review room's live state (playback + driver) in Redis, one hash per room, so any realtime
 * node serves any room and a node that dies loses nothing. Every change runs as one Lua script:
 * read the state, check the caller is the driver (when the mode asks for it), advance the position
 * to "now", apply the change, bump `seq`, write: two nodes changing the same room never interleave.
 *
 * `now` is the calling node's clock (ms since the epoch); the same clock answers the clients'
 * time pings, so realtime nodes are expected to keep NTP time (servers do).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PlaybackState, RoomControl, RoomLive } from '../contracts/rooms.js';

/** An idle room's state expires after this long without a change (a join re-creates it paused at 0). */
const TTL_SECONDS = 7 * 24 * 3600;

// KEYS[1]: the room's hash. ARGV[1]: op, ARGV[2]: now (ms), then per op:
//   init    ARGV[3] driver id
//   get     —
//   control ARGV[3] user id, ARGV[4] 1 = only the driver may, ARGV[5] action, ARGV[6] position or '', ARGV[7] rate or ''
//   driver  ARGV[3] user id, ARGV[4] 1 = only the current driver may, ARGV[5] new driver id
// Returns {'ok', playing, position, rate, serverTime, seq, driverId} or {'err', reason}.
// Numbers go back as strings: Redis would truncate Lua numbers to integers.
const SCRIPT = `
local key = KEYS[1]
local op = ARGV[1]
local now = tonumber(ARGV[2])
local function reply(h)
  return {'ok', h.playing, string.format('%.17g', h.position), string.format('%.17g', h.rate),
    string.format('%.17g', h.serverTime), tostring(h.seq), h.driverId}
end
local raw = redis.call('HMGET', key, 'playing', 'position', 'rate', 'serverTime', 'seq', 'driverId')
local h = nil
if raw[1] then
  h = {playing = raw[1], position = tonumber(raw[2]), rate = tonumber(raw[3]),
    serverTime = tonumber(raw[4]), seq = tonumber(raw[5]), driverId = raw[6]}
end
if op == 'get' then
  if not h then return {'err', 'NO_ROOM'} end
  return reply(h)
end
if op == 'init' then
  if h then return reply(h) end
  h = {playing = '0', position = 0, rate = 1, serverTime = now, seq = 0, driverId = ARGV[3]}
elseif not h then
  return {'err', 'NO_ROOM'}
elseif op == 'control' then
  if ARGV[4] == '1' and h.driverId ~= ARGV[3] then return {'err', 'NOT_DRIVER', h.driverId} end
  local current = h.position
  if h.playing == '1' then current = h.position + (now - h.serverTime) / 1000 * h.rate end
  local action = ARGV[5]
  local position = tonumber(ARGV[6])
  if action == 'play' then
    h.playing = '1'; h.position = position or current
  elseif action == 'pause' then
    h.playing = '0'; h.position = position or current
  elseif action == 'seek' then
    h.position = position
  elseif action == 'rate' then
    h.position = current; h.rate = tonumber(ARGV[7])
  else
    return {'err', 'BAD_ACTION'}
  end
  if h.position < 0 then h.position = 0 end
  h.serverTime = now
  h.seq = h.seq + 1
elseif op == 'driver' then
  if ARGV[4] == '1' and h.driverId ~= ARGV[3] then return {'err', 'NOT_DRIVER', h.driverId} end
  h.driverId = ARGV[5]
else
  return {'err', 'BAD_OP'}
end
redis.call('HSET', key, 'playing', h.playing, 'position', string.format('%.17g', h.position),
  'rate', string.format('%.17g', h.rate), 'serverTime', string.format('%.17g', h.serverTime),
  'seq', tostring(h.seq), 'driverId', h.driverId)
redis.call('EXPIRE', key, ${TTL_SECONDS})
return reply(h)
`;
const SHA = createHash('sha1').update(SCRIPT).digest('hex');

export type PlaybackRefusal = 'NO_ROOM' | 'NOT_DRIVER';
export type PlaybackResult =
  | { ok: true; live: RoomLive }
  | { ok: false; reason: 'NOT_DRIVER'; driverId: string }
  | { ok: false; reason: 'NO_ROOM' };

export class RoomPlaybackStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; now?: () => number },
  ) {}

  private key(roomId: string): string {
    return `${this.options.prefix}:room:${roomId}:live`;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The room's state, created paused at 0 with `driverId` driving when it does not exist yet. */
  async init(roomId: string, driverId: string): Promise<RoomLive> {
    const r = await this.run(roomId, ['init', this.now(), driverId]);
    if (!r.ok) throw new Error(`playback init refused: ${r.reason}`);
    return r.live;
  }

  async get(roomId: string): Promise<RoomLive | null> {
    const r = await this.run(roomId, ['get', this.now()]);
    return r.ok ? r.live : null;
  }

  /** Apply a play/pause/seek/rate; `onlyDriver` makes the driver check part of the same atomic step. */
  control(
    roomId: string,
    control: RoomControl,
    caller: { userId: string; onlyDriver: boolean },
  ): Promise<PlaybackResult> {
    const position = 'position' in control && control.position !== undefined ? String(control.position) : '';
    const rate = control.action === 'rate' ? String(control.rate) : '';
    return this.run(roomId, [
      'control',
      this.now(),
      caller.userId,
      caller.onlyDriver ? '1' : '0',
      control.action,
      position,
      rate,
    ]);
  }

  /** Hand the driver to `toUserId`; with `onlyCurrent`, only while the caller still drives. */
  passDriver(
    roomId: string,
    caller: { userId: string; onlyCurrent: boolean },
    toUserId: string,
  ): Promise<PlaybackResult> {
    return this.run(roomId, ['driver', this.now(), caller.userId, caller.onlyCurrent ? '1' : '0', toUserId]);
  }

  /** Remove a room's state (tests, closing a room). */
  async clear(roomId: string): Promise<void> {
    await this.redis.del(this.key(roomId));
  }

  private async run(roomId: string, args: Array<string | number>): Promise<PlaybackResult> {
    const key = this.key(roomId);
    let raw: unknown;
    try {
      raw = await this.redis.evalsha(SHA, 1, key, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      raw = await this.redis.eval(SCRIPT, 1, key, ...args);
    }
    const reply = raw as string[];
    if (reply[0] !== 'ok')
      return reply[1] === 'NOT_DRIVER'
        ? { ok: false, reason: 'NOT_DRIVER', driverId: reply[2]! }
        : { ok: false, reason: 'NO_ROOM' };
    const playback: PlaybackState = {
      playing: reply[1] === '1',
      position: Number(reply[2]),
      rate: Number(reply[3]),
      serverTime: Number(reply[4]),
      seq: Number(reply[5]),
    };
    return { ok: true, live: { playback, driverId: reply[6]! } };
  }
}
