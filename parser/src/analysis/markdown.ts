import type { AnalysisReport, ReportPlayer } from './report.js';

const r0 = (v: number | undefined): string => (v === undefined ? '–' : Math.round(v).toString());
const r1 = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(1));
/** An xG with its 90 % interval when the report has one (reports before 1.3 do not). */
const xgText = (v: number | null, low?: number | null, high?: number | null): string =>
  v === null
    ? '–'
    : `${v.toFixed(2)}${low != null && high != null ? ` (${low.toFixed(2)}–${high.toFixed(2)})` : ''}`;
const mmss = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

function playerRow(p: ReportPlayer): string {
  const s = p.stats;
  return `| ${p.name}${p.mvp ? ' ★' : ''} | ${p.team} | ${s.core.score} | ${s.core.goals} | ${s.core.assists} | ${s.core.saves} | ${s.core.shots} | ${r0(s.boost?.bcpm)} | ${r1(s.boost?.avg_amount)} | ${r0(s.movement?.avg_speed)} | ${r1(s.positioning?.percent_behind_ball)} | ${s.demo ? `${s.demo.inflicted}/${s.demo.taken}` : '–'} |`;
}

const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`;

function mechanicsRow(p: ReportPlayer): string {
  const m = p.mechanics;
  const c = m?.counts;
  if (!m || !c) return `| ${p.name} | – | – | – | – | – | – | – | – | – | – | – | – |`;
  const d = m.flips_by_direction;
  return `| ${p.name} | ${c.jump} | ${c.flip} (${d?.forward ?? 0}/${d?.back ?? 0}/${d?.side ?? 0}/${d?.diagonal ?? 0}) | ${c.half_flip} | ${c.speed_flip} | ${c.wavedash} | ${c.aerial} (${pct(m.aerial_success_rate)}) | ${c.air_dribble} | ${c.ceiling_shot} | ${c.flip_reset} | ${c.double_tap} | ${c.flick} | ${xgText(p.xg?.total ?? null, p.xg?.low, p.xg?.high)} |`;
}

/** Human-readable summary of a report (units: uu/s, boost 0–100, seconds). */
export function renderMarkdown(report: AnalysisReport): string {
  const m = report.match;
  const { blue, orange } = report.teams;
  const lines: string[] = [];
  lines.push(`# ${m.title ?? 'Replay'}`);
  lines.push('');
  lines.push(
    `**${blue.name ?? 'Blue'} ${blue.goals} – ${orange.goals} ${orange.name ?? 'Orange'}**${m.overtime ? ' (OT)' : ''}${m.forfeit ? ' (forfeit)' : ''}`,
  );
  lines.push('');
  lines.push(
    `- Map: ${m.map_code ?? 'unknown'} · ${m.match_type ?? 'unknown'} · ${m.team_size ?? '?'}v${m.team_size ?? '?'}`,
  );
  lines.push(
    `- Played: ${m.started_at ?? m.local_date ?? 'unknown'} · recorded ${mmss(m.duration)} · live play ${mmss(m.live_seconds)}`,
  );
  lines.push(
    `- Data quality: ${report.quality.verdict} (player-frame coverage ${(report.quality.player_frame_coverage * 100).toFixed(1)} %)`,
  );
  for (const note of report.quality.notes) lines.push(`  - ${note}`);
  lines.push('');
  lines.push('## Players');
  lines.push('');
  lines.push(
    '| player | team | score | goals | assists | saves | shots | boost/min | avg boost | avg speed | % behind ball | demos (inf/taken) |',
  );
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const p of report.players) lines.push(playerRow(p));
  lines.push('');
  if (report.insights.length > 0) {
    lines.push('## Insights');
    lines.push('');
    for (const i of report.insights) lines.push(`- **${i.player}** (${i.severity}): ${i.message}`);
    lines.push('');
  }
  if (report.events.goals.length > 0) {
    lines.push('## Goals');
    lines.push('');
    for (const g of report.events.goals)
      lines.push(
        `- ${mmss(g.time)} ${g.team}: ${g.scorer ?? 'unknown'}${g.assister ? ` (assist ${g.assister})` : ''}`,
      );
    lines.push('');
  }
  const shots = report.events.shots ?? [];
  if (shots.length > 0) {
    lines.push('## Shots (xG is a model)');
    lines.push('');
    for (const x of shots)
      lines.push(
        `- ${mmss(x.time)} ${x.player ?? 'unknown'} (${x.team}): xG ${xgText(x.xg, x.xg_low, x.xg_high)}${x.ball_speed === null ? '' : ` · ${r0(x.ball_speed)} uu/s`}${x.scored ? ' · goal' : ''}`,
      );
    lines.push('');
    if (report.events.xg_unavailable) lines.push(`_No xG for this match: ${report.events.xg_unavailable}_`);
    else lines.push(`_${report.events.xg_model}_`);
    lines.push('');
  }
  const saves = report.events.saves ?? [];
  if (saves.length > 0) {
    lines.push('## Saves');
    lines.push('');
    for (const x of saves) lines.push(`- ${mmss(x.time)} ${x.player ?? 'unknown'} (${x.team})`);
    lines.push('');
  }
  if (report.players.some((p) => p.mechanics?.counts)) {
    lines.push('## Mechanics');
    lines.push('');
    lines.push(
      '| player | jumps | flips (fwd/back/side/diag) | half flips | speed flips | wavedashes | aerials (hit %) | air dribbles | ceiling shots | flip resets | double taps | flicks | xG |',
    );
    lines.push('|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|');
    for (const p of report.players) lines.push(mechanicsRow(p));
    lines.push('');
  }
  return lines.join('\n');
}
