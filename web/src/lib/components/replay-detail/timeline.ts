import type { AnalysisReport } from './types';

export type TimelineKind = 'goal' | 'demo' | 'kickoff' | 'challenge' | 'pass' | 'shot' | 'save' | 'mechanic';

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
  shot: 'Shot',
  save: 'Save',
  mechanic: 'Mechanic',
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
  // Shots, saves and mechanics exist only in reports of version 1+; older reports lack the arrays.
  for (const s of e.shots ?? [])
    out.push({
      time: s.time,
      kind: 'shot',
      team: s.team,
      players: s.player ? [s.player] : [],
      text: `${s.player ?? 'Unknown'} shoots${s.xg !== null ? ` (model xG ${s.xg.toFixed(2)})` : ''}${s.scored ? ', scored' : ''}`,
    });
  for (const s of e.saves ?? [])
    out.push({
      time: s.time,
      kind: 'save',
      team: s.team,
      players: s.player ? [s.player] : [],
      text: `${s.player ?? 'Unknown'} saves`,
    });
  for (const m of e.mechanics ?? [])
    out.push({
      time: m.time,
      kind: 'mechanic',
      team: m.team,
      players: m.player ? [m.player] : [],
      text: `${m.player ?? 'Unknown'}: ${mechanicLabel(m)}`,
    });
  return out.sort((a, b) => a.time - b.time);
}

/** One detected mechanic in words, e.g. "flip (diagonal), success". */
export function mechanicLabel(m: NonNullable<AnalysisReport['events']['mechanics']>[number]): string {
  const parts: string[] = [m.kind.replaceAll('_', ' ')];
  if (m.direction) parts.push(`(${m.direction})`);
  if (m.height !== undefined) parts.push(`peak ${Math.round(m.height)} uu`);
  if (m.touches !== undefined) parts.push(`${m.touches} touches`);
  let t = parts.join(' ');
  if (m.success !== undefined) t += m.success ? ', success' : ', failed';
  return t;
}
