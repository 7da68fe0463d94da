import type { KnownBlock } from '@slack/types';
import { clockTime, describeMinutes } from '../../domain/time.ts';
import type { OwnerUpdate } from '../../core/ports.ts';
import { leadDetailBlocks, leadTitle, type ViewSettings } from './lead-details.ts';
import { mention } from './text.ts';
import { afterContactActions } from './stage-views.ts';

/** The rep's DM after the fact: the button is gone and the message says what happened. */
export function ownerUpdateMessage(update: OwnerUpdate, settings: ViewSettings): { text: string; blocks: KnownBlock[] } {
  const { lead } = update;
  let status: string;
  if (update.kind === 'contacted') {
    const at = clockTime(lead.contactedAt ?? 0, settings.timeZone);
    const after = update.minutesAfterAssignment === null ? '' : ` (${update.minutesAfterAssignment} min after assignment)`;
    status = `:white_check_mark: Contacted by ${mention(lead.salesSlackId)} at ${at}${after}`;
  } else {
    const at = clockTime(lead.lastRoutedAt ?? lead.assignedAt ?? 0, settings.timeZone);
    status = `:arrow_right: Re-routed to ${mention(update.to.slackId)} at ${at} after the ${describeMinutes(update.slaMinutes)} SLA`;
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${leadTitle(lead)}*` } },
    ...leadDetailBlocks(lead, settings),
    { type: 'context', elements: [{ type: 'mrkdwn', text: status }] },
  ];
  // Issue 13: after the call the owner moves the lead on from the same message.
  if (update.kind === 'contacted' && lead.stage === 'CONTACTED') blocks.push(afterContactActions(lead));
  return { text: `${lead.name}: ${status.replace(/:[a-z_]+: /, '')}`, blocks };
}
