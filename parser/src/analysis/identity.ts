import { getProperty, getString, type PropertyDict } from '../header.js';
import type { RemoteId } from '../network/attributes/types.js';
import type { Platform } from './model.js';

/** A platform account id in ballchasing's format (stats-reference §A.4). */
export interface PlatformIdentity {
  platform: Platform;
  /** null = unknown (zero ids are missing ids, Part C.8). */
  id: string | null;
}

/** u64 decimal → the 16 hex digits of its little-endian bytes (ballchasing's Xbox id format). */
export function u64ToLittleEndianHex(decimal: string): string {
  let v = BigInt(decimal);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += Number(v & 0xffn)
      .toString(16)
      .padStart(2, '0');
    v >>= 8n;
  }
  return out;
}

/** u64 decimals → their little-endian bytes as text, stopping at the first NUL (PSN online names). */
export function u64sToAscii(decimals: string[]): string {
  let out = '';
  for (const d of decimals) {
    let v = BigInt(d);
    for (let i = 0; i < 8; i++) {
      const c = Number(v & 0xffn);
      if (c === 0) return out;
      out += String.fromCharCode(c);
      v >>= 8n;
    }
  }
  return out;
}

const nonZero = (s: string | null | undefined): string | null => (s && s !== '0' && s !== '' ? s : null);

/** Header `Platform` enum value → our platform name. */
export function platformFromEnum(value: string | null): Platform {
  switch (value) {
    case 'OnlinePlatform_Steam':
      return 'steam';
    case 'OnlinePlatform_Epic':
      return 'epic';
    case 'OnlinePlatform_Dingo':
    case 'OnlinePlatform_Durango':
      return 'xbox';
    case 'OnlinePlatform_PS4':
    case 'OnlinePlatform_PS3':
    case 'OnlinePlatform_PS5':
      return 'ps4';
    case 'OnlinePlatform_NNX':
    case 'OnlinePlatform_Switch':
      return 'switch';
    default:
      return 'unknown';
  }
}

function structValue(dict: PropertyDict, key: string): PropertyDict | null {
  const v = getProperty(dict, key);
  return v?.kind === 'Struct' ? v.value : null;
}

function qwords(dict: PropertyDict, key: string): string[] {
  return dict
    .filter(([k, v]) => k === key && v.kind === 'QWord')
    .map(([, v]) => (v.kind === 'QWord' ? v.value : '0'));
}

/** Identity of one header `PlayerStats[]` entry. */
export function identityFromPlayerStats(entry: PropertyDict): PlatformIdentity {
  const platformProp = getProperty(entry, 'Platform');
  const platform = platformFromEnum(platformProp?.kind === 'Byte' ? platformProp.value : null);
  const playerId = structValue(entry, 'PlayerID');
  const onlineIdProp = getProperty(entry, 'OnlineID');
  const onlineId = onlineIdProp?.kind === 'QWord' ? onlineIdProp.value : null;
  const uidProp = playerId ? getProperty(playerId, 'Uid') : undefined;
  const uid = uidProp?.kind === 'QWord' ? uidProp.value : onlineId;
  switch (platform) {
    case 'steam':
      return { platform, id: nonZero(uid) };
    case 'epic':
      return { platform, id: nonZero(playerId ? getString(playerId, 'EpicAccountId') : null) };
    case 'xbox': {
      const raw = nonZero(uid);
      return { platform, id: raw ? u64ToLittleEndianHex(raw) : null };
    }
    case 'ps4': {
      const handle = playerId ? structValue(structValue(playerId, 'NpId') ?? [], 'Handle') : null;
      const name = handle ? u64sToAscii(qwords(handle, 'Data')) : '';
      return { platform, id: name !== '' ? name : null };
    }
    case 'switch':
      return { platform, id: nonZero(uid) };
    default:
      return { platform, id: null };
  }
}

/** Identity from a network `UniqueId` remote id (PRI `Engine.PlayerReplicationInfo:UniqueId`). */
export function identityFromRemoteId(remote: RemoteId): PlatformIdentity {
  switch (remote.platform) {
    case 'steam':
      return { platform: 'steam', id: nonZero(remote.id) };
    case 'epic':
      return { platform: 'epic', id: nonZero(remote.id) };
    case 'xbox': {
      const raw = nonZero(remote.id);
      return { platform: 'xbox', id: raw ? u64ToLittleEndianHex(raw) : null };
    }
    case 'psn':
      return { platform: 'ps4', id: remote.name !== '' ? remote.name : nonZero(remote.id) };
    case 'switch':
      return { platform: 'switch', id: nonZero(remote.id) };
    default:
      return { platform: 'unknown', id: null };
  }
}

export function playerKey(identity: PlatformIdentity, name: string): string {
  return identity.id ? `${identity.platform}:${identity.id}` : `name:${name}`;
}
