import type { KnownBlock } from '@slack/types';
import type { PeriodFigures, RepFigures } from '../../domain/report/compute-figures.ts';

/** 12.5 -> "12.5 min", 95 -> "1 h 35 min", null -> "–". */
export function minutesText(minutes: number | null): string {
  if (minutes === null) return '–';
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export function percentText(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 100)}%`;
}

function pad(text: string, width: number, right = false): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return right ? cut.padStart(width) : cut.padEnd(width);
}

/** The per-rep table as monospaced text: Block Kit has no table a Home tab can show. */
export function repTable(reps: readonly RepFigures[]): string {
  const lines = [`${pad('rep', 16)} ${pad('leads', 5, true)} ${pad('median', 11, true)} ${pad('SLA hit', 7, true)} ${pad('open', 4, true)}`];
  for (const rep of reps) {
    lines.push(`${pad(rep.name, 16)} ${pad(String(rep.leads), 5, true)} ${pad(minutesText(rep.medianMinutes), 11, true)} ${pad(percentText(rep.slaHitRate), 7, true)} ${pad(String(rep.openNow), 4, true)}`);
  }
  // Backticks in a rep's name would end the code block early.
  return '```' + lines.join('\n').replace(/`/g, "'") + '```';
}

function line(label: string, today: string, week: string): string {
  return `*${label}*\n${today}  ·  ${week}`;
}

/** Today and the last 7 days side by side, then the per-rep table of the 7 days. */
export function figuresBlocks(today: PeriodFigures, week: PeriodFigures, slaMinutes: number): KnownBlock[] {
  const fields = [
    line('Leads in', `${today.leadsIn} today`, `${week.leadsIn} in 7 days`),
    line('Median to first contact', minutesText(today.medianMinutes), minutesText(week.medianMinutes)),
    line('p90 to first contact', minutesText(today.p90Minutes), minutesText(week.p90Minutes)),
    line(`Contacted within ${slaMinutes} min`, percentText(today.slaHitRate), percentText(week.slaHitRate)),
    line('Re-routes', String(today.reroutes), String(week.reroutes)),
    line('Escalations', String(today.escalations), String(week.escalations)),
  ];
  return [
    { type: 'section', block_id: 'figures', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'today  ·  last 7 days. Time to first contact counts from the lead\'s arrival; each rep\'s from when it reached them.' }] },
    { type: 'section', block_id: 'per_rep', text: { type: 'mrkdwn', text: `*Per rep, last 7 days*\n${repTable(week.perRep)}` } },
  ];
}
