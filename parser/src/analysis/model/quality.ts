/** How far the model can be trusted: car coverage, identities, decoding status, pad support. */
import type { ParsedReplay } from '../../replay.js';
import { MIN_USABLE_COVERAGE } from '../constants.js';
import type { FrameState, PlayerInfo, QualityScorecard } from '../model.js';

export function scoreQuality(
  parsed: ParsedReplay,
  players: PlayerInfo[],
  frames: FrameState[],
  pads: boolean,
): QualityScorecard {
  let slots = 0;
  let filled = 0;
  for (const f of frames) {
    if (f.phase === 'pre' || f.phase === 'countdown') continue;
    for (let p = 0; p < players.length; p++) {
      slots++;
      if (f.cars[p]) filled++;
    }
  }
  const coverage = slots === 0 ? 0 : filled / slots;
  const withId = players.filter((p) => p.platformId !== null).length;
  const notes: string[] = [];
  const decoded = parsed.network.status !== 'skipped' && parsed.frames.length > 0;
  if (!decoded) notes.push('network stream not decoded: only header facts are available');
  if (parsed.network.status === 'partial')
    notes.push(
      `network stream partially decoded (${parsed.network.framesDecoded}/${parsed.network.framesTotal} frames)`,
    );
  if (!pads) notes.push('arena without a boost-pad table: boost pickup stats unsupported');
  const verdict =
    !decoded || coverage < MIN_USABLE_COVERAGE
      ? 'unusable'
      : coverage < 0.9 || parsed.network.status === 'partial'
        ? 'degraded'
        : 'good';
  return {
    playerFrameCoverage: coverage,
    playersWithIdentity: withId,
    playerCount: players.length,
    networkDecoded: decoded,
    boostPads: pads ? 'supported' : 'unsupported',
    verdict,
    notes,
  };
}
