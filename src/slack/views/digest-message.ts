import type { KnownBlock } from '@slack/types';
import dayjs from 'dayjs';
import type { Digest } from '../../domain/report/compute-digest.ts';
import '../../domain/time.ts';
import { minutesText, percentText } from './figures-blocks.ts';
import type { ViewSettings } from './lead-details.ts';
import { escapeMrkdwn, mention } from './text.ts';

function against(value: string, baseline: string): string {
  return `${value} (7-day median ${baseline})`;
}

/** The managers' morning message: yesterday against the week before, what needs a person, who is away. */
export function digestMessage(digest: Digest, settings: ViewSettings & { reportUrl: string }): { text: string; blocks: KnownBlock[] } {
  const y = digest.yesterday;
  const b = digest.baseline;
  const day = dayjs.tz(digest.day, 'YYYY-MM-DD', settings.timeZone).format('dddd D MMMM');
  const fields = [
    `*Leads in*\n${against(String(y.leadsIn), b.leadsIn === null ? '–' : String(b.leadsIn))}`,
    `*Median to first contact*\n${against(minutesText(y.medianMinutes), minutesText(b.medianMinutes))}`,
    `*Contacted within ${settings.slaMinutes} min*\n${against(percentText(y.slaHitRate), percentText(b.slaHitRate))}`,
    `*p90 to first contact*\n${minutesText(y.p90Minutes)}`,
    `*Re-routes · escalations*\n${y.reroutes} · ${y.escalations}`,
    `*Exceptions*\n${digest.exceptions.opened} opened, ${digest.exceptions.resolved} resolved, ${digest.exceptions.open} still open`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Baton daily digest — ${day}` } },
    { type: 'section', block_id: 'digest_figures', fields: fields.map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (digest.overrides.length > 0) {
    const lines = digest.overrides.slice(0, 10).map((o) => `• ${mention(o.who)} ${escapeMrkdwn(o.what)}${o.leadId ? ` (${escapeMrkdwn(o.leadId)})` : ''}: ${escapeMrkdwn(o.why)}`);
    blocks.push({ type: 'section', block_id: 'digest_overrides', text: { type: 'mrkdwn', text: `*Manual overrides*\n${lines.join('\n')}` } });
  }
  if (digest.longestWaits.length > 0) {
    const lines = digest.longestWaits.map((w) => `• ${escapeMrkdwn(w.name || w.leadId)} (${escapeMrkdwn(w.leadId)}), ${mention(w.owner)}: ${minutesText(w.minutes)}${w.contacted ? '' : ' and still waiting'}`);
    blocks.push({ type: 'section', block_id: 'digest_waits', text: { type: 'mrkdwn', text: `*Longest waits*\n${lines.join('\n')}` } });
  }
  const away = digest.awayToday.length > 0 ? digest.awayToday.map((r) => `${mention(r.slackId)}${r.until !== null ? ` (back ${dayjs(r.until).tz(settings.timeZone).format('ddd D MMM')})` : ''}`).join(', ') : 'nobody';
  blocks.push({ type: 'section', block_id: 'digest_away', text: { type: 'mrkdwn', text: `*Away today*: ${away}` } });
  blocks.push({ type: 'section', block_id: 'report_link', text: { type: 'mrkdwn', text: `<${settings.reportUrl}|Open the report with charts> (link valid 24 h)` } });
  const text = `Baton digest for ${day}: ${y.leadsIn} leads, median ${minutesText(y.medianMinutes)} to first contact, ${percentText(y.slaHitRate)} within SLA.`;
  return { text, blocks };
}
