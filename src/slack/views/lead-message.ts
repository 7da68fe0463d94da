import type { KnownBlock } from '@slack/types';
import { clockTime, describeMinutes } from '../../domain/time.ts';
import type { LeadNotice } from '../../core/ports.ts';
import { leadDetailBlocks, leadTitle, type ViewSettings } from './lead-details.ts';
import { mention } from './text.ts';

export const MARK_CONTACTED = 'mark_contacted';

/** The button says which lead and whom the DM was for, so a stale click can be told from a stranger's. */
export function buttonValue(leadId: string, addressedTo: string): string {
  return JSON.stringify({ lead_id: leadId, to: addressedTo });
}

export function parseButtonValue(value: unknown): { leadId: string; addressedTo: string } | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
  if (value.startsWith('{')) {
    try {
      const parsed = JSON.parse(value) as { lead_id?: unknown; to?: unknown };
      if (typeof parsed.lead_id !== 'string' || !parsed.lead_id) return undefined;
      return { leadId: parsed.lead_id, addressedTo: typeof parsed.to === 'string' ? parsed.to : '' };
    } catch {
      return undefined;
    }
  }
  return /^[\w-]{1,100}$/.test(value) ? { leadId: value, addressedTo: '' } : undefined;
}

/** The DM a rep gets for a new, re-routed or reminded lead, with the Mark as CONTACTED button. */
export function leadMessage(notice: LeadNotice, settings: ViewSettings): { text: string; blocks: KnownBlock[] } {
  const { lead } = notice;
  const deadline = (lead.assignedAt ?? 0) + settings.slaMinutes * 60_000;
  const by = clockTime(deadline, settings.timeZone);
  const heading =
    notice.kind === 'new'
      ? `:incoming_envelope: *New lead: ${leadTitle(lead)}*`
      : notice.kind === 'rerouted'
        ? `:arrows_counterclockwise: *Re-routed to you: ${leadTitle(lead)}*`
        : `:alarm_clock: *Reminder: ${leadTitle(lead)} is still waiting*`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: heading } }];
  if (notice.kind === 'rerouted') {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `re-routed: ${mention(notice.from.slackId)} did not respond within ${notice.slaMinutes} min · route ${lead.routeCount}` }],
    });
  }
  if (notice.kind === 'reminder') {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `You are the only active rep, so it stays with you; missed SLA windows: ${lead.routeCount}` }],
    });
  }
  blocks.push(...leadDetailBlocks(lead, settings));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:stopwatch: Please contact by *${by}* (${describeMinutes(settings.slaMinutes)} SLA)` }] });
  blocks.push({
    type: 'actions',
    block_id: 'lead_actions',
    elements: [
      {
        type: 'button',
        action_id: MARK_CONTACTED,
        style: 'primary',
        text: { type: 'plain_text', text: 'Mark as CONTACTED' },
        value: buttonValue(lead.leadId, lead.salesSlackId),
      },
      // Issue 13: the owner hands the lead on at once instead of letting the SLA run out.
      { type: 'button', action_id: 'pass_lead', text: { type: 'plain_text', text: "Can't take it" }, value: buttonValue(lead.leadId, lead.salesSlackId) },
    ],
  });
  const text = `${notice.kind === 'new' ? 'New lead' : notice.kind === 'rerouted' ? 'Re-routed lead' : 'Reminder'}: ${lead.name} — please contact by ${by}`;
  return { text, blocks };
}
