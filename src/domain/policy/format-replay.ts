import type { ReplayResult } from './replay-leads.ts';
import { describeLocal } from './zoned-time.ts';

function table(title: string, rows: ReplayResult['byRep'], total: number): string[] {
  const width = Math.max(title.length, ...rows.map((row) => row.key.length));
  const pct = (n: number) => (total === 0 ? '   -' : `${((100 * n) / total).toFixed(1).padStart(5)}%`);
  return [
    `${title.padEnd(width)}  would get        actually got`,
    ...rows.map((row) => `${row.key.padEnd(width)}  ${String(row.simulated).padStart(5)} ${pct(row.simulated)}   ${String(row.actual).padStart(5)} ${pct(row.actual)}`),
  ];
}

/** Everything the replay prints, from its result. */
export function formatReplay(result: ReplayResult, options: { timeZone: string; quiet: boolean; source: string }): string {
  const lines: string[] = [];
  const total = result.picks.length;
  lines.push(`simulate: ${total} lead${total === 1 ? '' : 's'} (${options.source}) through the current roster and rules; nothing was written or sent`);
  if (result.formRules > 0 && options.source.startsWith('last')) {
    lines.push(`note: ${result.formRules} rule(s) look at form fields, which the lead sheet does not keep: they cannot match here (replay a --csv export with those columns to include them)`);
  }
  if (!options.quiet) {
    lines.push('');
    for (const pick of result.picks) {
      const when = describeLocal(pick.lead.at, options.timeZone);
      const who = pick.rep ? `${pick.rep.name} (${pick.team})` : 'nobody';
      const was = pick.lead.actualRep ? `, actually ${pick.lead.actualRep}` : '';
      lines.push(`${pick.lead.leadId}  ${when}  → ${who}${was}: ${pick.reason}`);
    }
  }
  lines.push('', ...table('per rep', result.byRep, total), '', ...table('per team', result.byTeam, total));
  const moved = result.picks.filter((pick) => pick.lead.actualRep && pick.rep?.slackId !== pick.lead.actualRep).length;
  lines.push('', `${moved} of ${total} would go to someone else than actually got them; ${result.unassigned} would be left unassigned`);
  return `${lines.join('\n')}\n`;
}
