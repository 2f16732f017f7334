import type { CarState, FrameState, MatchModel, PlayerInfo, Vec3 } from '../../src/analysis/index.js';

/** Hand-built match models for unit tests. */
export function player(name: string, team: 0 | 1, goals = 0, shots = 0): PlayerInfo {
  return {
    key: `epic:${name}`,
    name,
    platform: 'epic',
    platformId: name,
    team,
    isBot: false,
    scoreboard: { score: 100 * goals, goals, assists: 0, saves: 0, shots },
  };
}

export function car(
  position: Vec3,
  velocity: Vec3,
  boostRaw: number | null = 85,
  extra: Partial<CarState> = {},
): CarState {
  return {
    position,
    velocity,
    fresh: true,
    boost: boostRaw === null ? null : (boostRaw * 100) / 255,
    boostRaw,
    boostReplicated: boostRaw,
    // As if the server replicated the amount in every frame where it is known.
    boostFresh: boostRaw !== null,
    boostWithAnnouncement: false,
    handbrake: false,
    boosting: false,
    jumping: false,
    dodging: false,
    doubleJumping: false,
    ...extra,
  };
}

export function frames(count: number, dt: number, make: (i: number) => Partial<FrameState>): FrameState[] {
  return Array.from({ length: count }, (_, i) => ({
    time: i * dt,
    dt,
    phase: 'live',
    lastTouchTeam: null,
    ball: { position: { x: 0, y: 0, z: 93 }, velocity: { x: 0, y: 0, z: 0 } },
    cars: [],
    ...make(i),
  }));
}

export function model(players: PlayerInfo[], fs: FrameState[], extra: Partial<MatchModel> = {}): MatchModel {
  return {
    info: {
      replayId: 'ABC',
      matchGuid: 'GUID',
      title: 'unit',
      mapCode: 'stadium_p',
      matchType: 'Online',
      teamSize: 1,
      playlistId: null,
      startedAt: '2026-03-10T18:49:36.000Z',
      localDate: '2026-03-10 18-55-49',
      duration: fs.length > 0 ? (fs[fs.length - 1]?.time ?? 0) : 0,
      overtime: false,
      forfeit: false,
      teamScores: [
        players.filter((p) => p.team === 0).reduce((s, p) => s + (p.scoreboard?.goals ?? 0), 0),
        players.filter((p) => p.team === 1).reduce((s, p) => s + (p.scoreboard?.goals ?? 0), 0),
      ],
      teamNames: [null, null],
      gameType: 'TAGame.Replay_Soccar_TA',
      version: '868.32.11',
    },
    players,
    frames: fs,
    goals: [],
    demos: [],
    pickups: [],
    mvp: null,
    boostPads: 'supported',
    quality: {
      playerFrameCoverage: 1,
      playersWithIdentity: players.length,
      playerCount: players.length,
      networkDecoded: true,
      boostPads: 'supported',
      verdict: 'good',
      notes: [],
    },
    ...extra,
  };
}
