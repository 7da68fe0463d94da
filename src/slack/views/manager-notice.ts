import type { KnownBlock } from '@slack/types';
import { clockTime } from '../../domain/time.ts';
import type { ManagerNotice } from '../../core/ports.ts';
import { leadDetailBlocks, leadTitle, type ViewSettings } from './lead-details.ts';
import { escapeMrkdwn, mention } from './text.ts';

const MAX_LISTED = 20;

/** What managers are told: an escalation with its history, leads nobody can take, a DM that failed. */
export function managerMessage(notice: ManagerNotice, settings: ViewSettings): { text: string; blocks: KnownBlock[] } {
  if (notice.kind === 'escalation') {
    const { lead } = notice;
    const history = lead.ownerHistory.length ? lead.ownerHistory.map(mention).join(' → ') : mention(lead.salesSlackId);
    const heading = `:rotating_light: *Escalation: ${leadTitle(lead)}* has been routed ${lead.routeCount} times without contact (threshold ${notice.threshold}).`;
    return {
      text: `Escalation: ${lead.name} routed ${lead.routeCount} times without contact`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: heading } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: `*Current owner*\n${mention(lead.salesSlackId)}` },
            { type: 'mrkdwn', text: `*Owners so far*\n${history}` },
          ],
        },
        ...leadDetailBlocks(lead, settings),
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Baton stops re-routing this lead; the current owner can still mark it contacted.' }] },
      ],
    };
  }
  if (notice.kind === 'no-active-rep') {
    const listed = notice.leads.slice(0, MAX_LISTED).map((lead) => {
      const at = lead.createdAt === null ? '' : ` (received ${clockTime(lead.createdAt, settings.timeZone)})`;
      return `• ${leadTitle(lead)} — ${escapeMrkdwn(lead.leadId)}${at}`;
    });
    if (notice.leads.length > MAX_LISTED) listed.push(`…and ${notice.leads.length - MAX_LISTED} more`);
    return {
      text: `No active sales rep: ${notice.leads.length} lead(s) waiting`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `:warning: *No sales rep is active* in sales_sheet, so ${notice.leads.length} lead(s) are waiting. Switch a rep ON and the next sweep assigns them.` },
        },
        { type: 'section', text: { type: 'mrkdwn', text: listed.join('\n') } },
      ],
    };
  }
  if (notice.kind === 'journal-quarantined') {
    return {
      text: `Baton found ${notice.count} damaged line(s) in its journal`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              `:warning: *Baton found ${notice.count} damaged line(s) in its on-disk journal* (leads or clicks accepted while the sheet was unreachable). ` +
              `They were moved, byte for byte, to \`${escapeMrkdwn(notice.path)}\` on the server. An acknowledged lead or click may be among them: ` +
              'ask whoever runs Baton to read that file, re-submit what is missing, then move the file away (`/readyz` reports not ready until then).',
          },
        },
      ],
    };
  }
  const { lead } = notice;
  return {
    text: `Could not reach ${lead.salesSlackId} about ${lead.name}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `:x: *Slack refused a message about ${leadTitle(lead)}* (owner ${mention(lead.salesSlackId)}): \`${escapeMrkdwn(notice.error)}\`. The lead is saved and still assigned.` },
      },
      ...leadDetailBlocks(lead, settings),
    ],
  };
}

export function duplicateNotice(lead: { leadId: string; name: string }, at: number, settings: ViewSettings): string {
  return `:repeat: ${escapeMrkdwn(lead.name)} (${escapeMrkdwn(lead.leadId)}) submitted the form again at ${clockTime(at, settings.timeZone)}. No new lead was created; it is still yours.`;
}
