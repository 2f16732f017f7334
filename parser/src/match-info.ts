import { MAP_NAMES_TEXT } from './data/maps.js';
import {
  getArray,
  getBool,
  getFloat,
  getInt,
  getProperty,
  getQWord,
  getString,
  type PropertyDict,
  type ReplayHeader,
} from './header.js';

export type Platform = 'steam' | 'epic' | 'psn' | 'xbox' | 'switch';

export interface MatchPlayer {
  name: string;
  team: 0 | 1;
  platform: Platform | null;
  platformId: string | null;
  score: number | null;
  goals: number | null;
  assists: number | null;
  saves: number | null;
  shots: number | null;
  bot: boolean;
}

/** Semantic view of the header, for scoreboards and listings. Unknown stays null. */
export interface MatchInfo {
  replayId: string | null;
  matchGuid: string | null;
  mapCode: string | null;
  /** Friendly name from data/maps.ts, null if unknown. */
  mapName: string | null;
  /** ISO 8601 UTC from MatchStartEpoch, else null. */
  playedAt: string | null;
  /** Header Date as written: recorder local time, no zone. */
  dateLocal: string | null;
  matchType: string | null;
  teamSize: number | null;
  blueGoals: number;
  orangeGoals: number;
  numFrames: number | null;
  recordFps: number | null;
  /** NumFrames / RecordFPS, seconds of recording. */
  durationSeconds: number | null;
  /** Always null from the header (see `overtimeFrom`): read bOverTime from the network stream. */
  overtime: boolean | null;
  gameVersion: { engine: number; licensee: number; net: number | null };
  buildVersion: string | null;
  /** Players on a team (0 blue, 1 orange). */
  players: MatchPlayer[];
  /**
   * Names of the header's entries without a team (Team −1 or missing): spectators, referees and
   * casters of private matches. They are never a team's player.
   */
  spectators: string[];
  goals: Array<{ frame: number; playerName: string; team: 0 | 1 }>;
}

let maps: Map<string, string> | undefined;
function mapTable(): Map<string, string> {
  if (maps) return maps;
  maps = new Map();
  for (const line of MAP_NAMES_TEXT.split('\n')) {
    const m = /^(\S+)\s+(.+)$/.exec(line.trim());
    if (m) maps.set(m[1]!.toLowerCase(), m[2]!);
  }
  return maps;
}

export function friendlyMapName(code: string | null): string | null {
  return code === null ? null : (mapTable().get(code.toLowerCase()) ?? null);
}

const PLATFORMS: Record<string, Platform> = {
  OnlinePlatform_Steam: 'steam',
  OnlinePlatform_Epic: 'epic',
  OnlinePlatform_PS4: 'psn',
  OnlinePlatform_PS3: 'psn',
  OnlinePlatform_Dingo: 'xbox',
  OnlinePlatform_Durango: 'xbox',
  OnlinePlatform_Switch: 'switch',
  OnlinePlatform_NNX: 'switch',
};

function platformOf(dict: PropertyDict): Platform | null {
  const p = getProperty(dict, 'Platform');
  if (!p || p.kind !== 'Byte') return null;
  return PLATFORMS[p.value ?? p.enumType] ?? null;
}

function epicIdOf(dict: PropertyDict): string | null {
  const id = getProperty(dict, 'PlayerID');
  if (!id || id.kind !== 'Struct') return null;
  const epic = getString(id.value, 'EpicAccountId');
  return epic ? epic : null;
}

const team = (n: number | null): 0 | 1 => (n === 1 ? 1 : 0);

/** The header's team of a PlayerStats entry: 0 or 1, else null (spectator, referee). */
function playerTeamOf(dict: PropertyDict): 0 | 1 | null {
  const n = getInt(dict, 'Team');
  return n === 0 || n === 1 ? n : null;
}

/**
 * The header has no overtime flag, and TotalSecondsPlayed is not the game clock (307 s in a
 * regulation 5-minute ranked match of the corpus), so overtime is not derivable from the header:
 * it stays null here. The network attribute GameEvent_Soccar_TA:bOverTime is the source of truth.
 */
function overtimeFrom(_header: ReplayHeader): boolean | null {
  return null;
}

export function matchInfoOf(header: ReplayHeader): MatchInfo {
  const props = header.properties;
  const mapCode = getString(props, 'MapName');
  const epoch = getQWord(props, 'MatchStartEpoch');
  const epochSeconds = epoch === null ? NaN : Number(epoch);
  const playedAt =
    Number.isFinite(epochSeconds) && epochSeconds > 0 ? new Date(epochSeconds * 1000).toISOString() : null;
  const numFrames = getInt(props, 'NumFrames');
  const recordFps = getFloat(props, 'RecordFPS');
  const players: MatchPlayer[] = [];
  const spectators: string[] = [];
  for (const p of getArray(props, 'PlayerStats')) {
    const side = playerTeamOf(p);
    if (side === null) {
      spectators.push(getString(p, 'Name') ?? '');
      continue;
    }
    const platform = platformOf(p);
    const online = getQWord(p, 'OnlineID');
    players.push({
      name: getString(p, 'Name') ?? '',
      team: side,
      platform,
      platformId: online !== null && online !== '0' ? online : epicIdOf(p),
      score: getInt(p, 'Score'),
      goals: getInt(p, 'Goals'),
      assists: getInt(p, 'Assists'),
      saves: getInt(p, 'Saves'),
      shots: getInt(p, 'Shots'),
      bot: getBool(p, 'bBot') ?? false,
    });
  }
  const goals = getArray(props, 'Goals').map((g) => ({
    frame: getInt(g, 'frame') ?? 0,
    playerName: getString(g, 'PlayerName') ?? '',
    team: team(getInt(g, 'PlayerTeam')),
  }));
  return {
    replayId: getString(props, 'Id'),
    matchGuid: getString(props, 'MatchGUID'),
    mapCode,
    mapName: friendlyMapName(mapCode),
    playedAt,
    dateLocal: getString(props, 'Date'),
    matchType: getString(props, 'MatchType'),
    teamSize: getInt(props, 'TeamSize'),
    blueGoals: getInt(props, 'Team0Score') ?? 0,
    orangeGoals: getInt(props, 'Team1Score') ?? 0,
    numFrames,
    recordFps,
    durationSeconds: numFrames !== null && recordFps !== null && recordFps > 0 ? numFrames / recordFps : null,
    overtime: overtimeFrom(header),
    gameVersion: { engine: header.engineVersion, licensee: header.licenseeVersion, net: header.netVersion },
    buildVersion: getString(props, 'BuildVersion'),
    players,
    spectators,
    goals,
  };
}
