import type { AnalysisReport } from './types';

export type TimelineKind = 'goal' | 'demo' | 'kickoff' | 'challenge' | 'pass';

export interface TimelineEvent {
  time: number;
  kind: TimelineKind;
  team: 'blue' | 'orange' | null;
  /** Players involved (names as the report has them). */
  players: string[];
  text: string;
}

const KIND_LABEL: Record<TimelineKind, string> = {
  goal: 'Goal',
  demo: 'Demolition',
  kickoff: 'Kickoff',
  challenge: '50/50',
  pass: 'Pass',
};

export function kindLabel(k: TimelineKind): string {
  return KIND_LABEL[k];
}

/** Every event of the report in time order, described in words. */
export function timelineOf(report: AnalysisReport): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const e = report.events;
  const teamOf = (name: string | null): 'blue' | 'orange' | null =>
    report.players.find((p) => p.name === name)?.team ?? null;
  for (const g of e.goals)
    out.push({
      time: g.time,
      kind: 'goal',
      team: g.team,
      players: g.scorer ? [g.scorer] : [],
      text: `${g.scorer ?? 'Unknown'} scores`,
    });
  for (const d of e.demos)
    out.push({
      time: d.time,
      kind: 'demo',
      team: teamOf(d.attacker),
      players: [d.attacker, d.victim].filter((x): x is string => !!x),
      text: `${d.attacker ?? 'Unknown'} demolishes ${d.victim ?? 'unknown'}`,
    });
  for (const k of e.kickoffs)
    out.push({
      time: k.time,
      kind: 'kickoff',
      team: k.first_possession,
      players: k.first_touch?.player ? [k.first_touch.player] : [],
      text: k.first_touch?.player ? `Kickoff, first touch ${k.first_touch.player}` : 'Kickoff',
    });
  for (const c of e.challenges)
    out.push({
      time: c.time,
      kind: 'challenge',
      team: c.winner,
      players: [c.first, c.second].filter((x): x is string => !!x),
      text: `${c.first ?? '?'} vs ${c.second ?? '?'}${c.winner ? `, ${c.winner} wins` : ', neutral'}`,
    });
  for (const p of e.passes)
    if (p.completed)
      out.push({
        time: p.time,
        kind: 'pass',
        team: p.team,
        players: [p.from, p.to].filter((x): x is string => !!x),
        text: `${p.from ?? '?'} → ${p.to ?? '?'}`,
      });
  return out.sort((a, b) => a.time - b.time);
}
