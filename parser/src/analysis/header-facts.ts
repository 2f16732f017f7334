import { getArray, getBool, getFloat, getInt, getQWord, getString, type ReplayHeader } from '../header.js';
import { identityFromPlayerStats, playerKey } from './identity.js';
import type { PlayerInfo, TeamIndex } from './model.js';

/** What the header alone says about a match (authoritative for scoreboard and goals, Part C.7). */
export interface HeaderFacts {
  replayId: string | null;
  matchGuid: string | null;
  title: string | null;
  mapCode: string | null;
  matchType: string | null;
  teamSize: number | null;
  startedAt: string | null;
  localDate: string | null;
  totalSecondsPlayed: number | null;
  forfeit: boolean;
  teamScores: [number, number];
  numFrames: number | null;
  players: PlayerInfo[];
  goals: Array<{ frame: number; playerName: string | null; team: TeamIndex }>;
  version: string;
}

export function headerFacts(h: ReplayHeader): HeaderFacts {
  const p = h.properties;
  const epoch = getQWord(p, 'MatchStartEpoch');
  const epochSeconds = epoch ? Number(epoch) : 0;
  const players: PlayerInfo[] = [];
  for (const entry of getArray(p, 'PlayerStats')) {
    const name = getString(entry, 'Name') ?? '';
    const team = getInt(entry, 'Team');
    if (team !== 0 && team !== 1) continue; // spectators / malformed entries carry no team
    const identity = identityFromPlayerStats(entry);
    players.push({
      key: playerKey(identity, name),
      name,
      platform: identity.platform,
      platformId: identity.id,
      team,
      isBot: getBool(entry, 'bBot') ?? false,
      scoreboard: {
        score: getInt(entry, 'Score') ?? 0,
        goals: getInt(entry, 'Goals') ?? 0,
        assists: getInt(entry, 'Assists') ?? 0,
        saves: getInt(entry, 'Saves') ?? 0,
        shots: getInt(entry, 'Shots') ?? 0,
      },
    });
  }
  const goals = getArray(p, 'Goals').map((g) => ({
    frame: getInt(g, 'frame') ?? 0,
    playerName: getString(g, 'PlayerName'),
    team: (getInt(g, 'PlayerTeam') === 1 ? 1 : 0) as TeamIndex,
  }));
  const net = h.netVersion === null ? '' : `.${h.netVersion}`;
  return {
    replayId: getString(p, 'Id'),
    matchGuid: getString(p, 'MatchGUID'),
    title: getString(p, 'ReplayName'),
    mapCode: getString(p, 'MapName')?.toLowerCase() ?? null,
    matchType: getString(p, 'MatchType'),
    teamSize: getInt(p, 'TeamSize'),
    startedAt: epochSeconds > 0 ? new Date(epochSeconds * 1000).toISOString() : null,
    localDate: getString(p, 'Date'),
    totalSecondsPlayed: getFloat(p, 'TotalSecondsPlayed'),
    forfeit: getBool(p, 'bForfeit') ?? false,
    // A team with no goals has no TeamNScore property.
    teamScores: [getInt(p, 'Team0Score') ?? 0, getInt(p, 'Team1Score') ?? 0],
    numFrames: getInt(p, 'NumFrames'),
    players,
    goals,
    version: `${h.engineVersion}.${h.licenseeVersion}${net}`,
  };
}
