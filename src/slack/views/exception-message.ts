import type { Button, KnownBlock } from '@slack/types';
import type { ExceptionDecision, ExceptionKind, LeadException } from '../../domain/exceptions.ts';
import { clockTime } from '../../domain/time.ts';
import type { Lead } from '../../domain/types.ts';
import { leadDetailBlocks, leadTitle, type ViewSettings } from './lead-details.ts';
import { escapeMrkdwn, mention } from './text.ts';

export const EXCEPTION_ACK = 'exception_ack';
export const EXCEPTION_ASSIGN = 'exception_assign';
export const EXCEPTION_DISMISS = 'exception_dismiss';

const HEADINGS: Record<ExceptionKind, { emoji: string; text: string }> = {
  missing_fields: { emoji: ':jigsaw:', text: 'Lead with missing fields' },
  no_eligible_rep: { emoji: ':warning:', text: 'No rep can take this lead' },
  escalated: { emoji: ':rotating_light:', text: 'Escalation' },
  review: { emoji: ':mag:', text: 'Review requested' },
  unreadable_row: { emoji: ':x:', text: 'Unreadable row in lead_sheet' },
};

/** The plain-text line of an exception message (notifications, screen readers, tests). */
export function exceptionText(exception: LeadException, lead: Lead | undefined): string {
  const who = lead ? lead.name || lead.leadId : exception.leadId || 'a row without lead_id';
  if (exception.kind === 'escalated' && lead) return `Escalation: ${who} routed ${lead.routeCount} times without contact`;
  return `${HEADINGS[exception.kind].text}: ${who}`;
}

function statusLines(exception: LeadException, settings: ViewSettings): string[] {
  const at = (ms: number | null) => (ms === null ? '' : clockTime(ms, settings.timeZone));
  const lines = [`Opened ${at(exception.openedAt)} · ${escapeMrkdwn(exception.exceptionId)}`];
  if (exception.acknowledgedAt !== null) lines.push(`:eyes: ${mention(exception.acknowledgedBy)} is on it (since ${at(exception.acknowledgedAt)})`);
  if (exception.ackRemindedAt !== null && exception.acknowledgedAt === null) lines.push(`:bell: managers reminded at ${at(exception.ackRemindedAt)}: not acknowledged yet`);
  if (exception.resolveRemindedAt !== null && exception.resolvedAt === null) lines.push(`:bell: managers reminded at ${at(exception.resolveRemindedAt)}: not resolved yet`);
  if (exception.resolvedAt !== null) {
    const by = exception.resolvedBy.startsWith('U') ? mention(exception.resolvedBy) : escapeMrkdwn(exception.resolvedBy || 'someone');
    const what = { assigned: 'Assigned', dismissed: 'Closed as junk', closed: 'Closed', resolved: 'Resolved', '': 'Resolved' }[exception.resolution];
    lines.push(`:white_check_mark: ${what} by ${by} at ${at(exception.resolvedAt)}${exception.cause ? ` — ${escapeMrkdwn(exception.cause)}` : ''}`);
  }
  return lines;
}

/**
 * One exception as managers see it, in the channel or their DMs (and App Home): what happened,
 * the lead, who did what when, and while it is open the three manager-only buttons. Pure.
 */
export function exceptionBlocks(exception: LeadException, lead: Lead | undefined, settings: ViewSettings): { text: string; blocks: KnownBlock[] } {
  const heading = HEADINGS[exception.kind];
  const title = lead ? leadTitle(lead) : escapeMrkdwn(exception.leadId || 'a row without lead_id');
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${heading.emoji} *${heading.text}: ${title}*\n${escapeMrkdwn(exception.detail)}` } },
  ];
  if (lead) {
    blocks.push({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Owner*\n${mention(lead.salesSlackId)}` },
        { type: 'mrkdwn', text: `*Stage*\n${lead.stage}` },
      ],
    });
    blocks.push(...leadDetailBlocks(lead, settings));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: statusLines(exception, settings).join('\n') }] });
  if (exception.resolvedAt === null) {
    const value = exception.exceptionId;
    const elements: Button[] = [];
    if (exception.acknowledgedAt === null) elements.push({ type: 'button', action_id: EXCEPTION_ACK, text: { type: 'plain_text', text: "I'm on it" }, value });
    if (exception.leadId && lead) elements.push({ type: 'button', action_id: EXCEPTION_ASSIGN, style: 'primary', text: { type: 'plain_text', text: 'Assign to…' }, value });
    elements.push({ type: 'button', action_id: EXCEPTION_DISMISS, style: 'danger', text: { type: 'plain_text', text: lead ? 'Close as junk' : 'Close' }, value });
    blocks.push({ type: 'actions', block_id: 'exception_actions', elements });
  }
  return { text: exceptionText(exception, lead), blocks };
}

/** The one reminder, in the exception's thread, naming every manager. */
export function exceptionReminderText(exception: LeadException, managers: readonly string[], which: 'ack' | 'resolve', minutes: number): string {
  const who = managers.map(mention).join(' ');
  return which === 'ack'
    ? `:bell: ${who} nobody has picked up this ${exception.kind.replace(/_/g, ' ')} exception in ${minutes} min. Press *I'm on it* or act on it.`
    : `:bell: ${who} this ${exception.kind.replace(/_/g, ' ')} exception is still unresolved after ${minutes} min.`;
}

/** The one escalation of a lead an exception already handles, in that exception's thread. */
export function escalationNoteText(exception: LeadException, lead: Lead, threshold: number): string {
  return `Escalation: ${escapeMrkdwn(lead.name || lead.leadId)} (${escapeMrkdwn(lead.leadId)}) has been routed ${lead.routeCount} times without contact (threshold ${threshold}); it stays with this ${exception.kind.replace(/_/g, ' ')} exception.`;
}

/** Why a manager action changed nothing, said privately. */
export function exceptionRejectionText(decision: Extract<ExceptionDecision, { kind: 'reject' }>, settings: ViewSettings): string {
  const exception = decision.exception;
  switch (decision.code) {
    case 'not_manager':
      return 'Only managers (MANAGER_SLACK_IDS) can act on exceptions; nothing was changed.';
    case 'unknown_exception':
      return "I can't find this exception any more; nothing was changed.";
    case 'already_acknowledged':
      return `${mention(exception?.acknowledgedBy ?? '')} is already on it; nothing was changed.`;
    case 'already_resolved':
      return `Already handled by ${exception?.resolvedBy?.startsWith('U') ? mention(exception.resolvedBy) : escapeMrkdwn(exception?.resolvedBy || 'someone')}${exception?.resolvedAt ? ` at ${clockTime(exception.resolvedAt, settings.timeZone)}` : ''}; nothing was changed.`;
    case 'missing_cause':
      return 'A cause is required; nothing was changed.';
    case 'unknown_rep':
      return 'That person is not a rep in sales_sheet; nothing was changed.';
    case 'lead_closed':
    case 'no_lead':
      return `The lead cannot be assigned (${escapeMrkdwn(decision.reason)}); nothing was changed.`;
  }
}
