import { minutesBetween } from './time.ts';
import type { Lead, Millis } from './types.ts';

export type ContactRejection =
  | { code: 'unknown_lead'; leadId: string }
  | { code: 'not_owner'; lead: Lead }
  | { code: 'rerouted'; lead: Lead }
  | { code: 'already_contacted'; lead: Lead }
  | { code: 'not_new'; lead: Lead };

export type ContactDecision =
  | { kind: 'accept'; before: Lead; after: Lead; minutesAfterAssignment: number | null; reason: string }
  | ({ kind: 'reject'; reason: string } & ContactRejection);

export interface ContactInput {
  leadId: string;
  lead: Lead | undefined;
  clickerId: string;
  /** Who the clicked DM was sent to (from the button); tells a stale owner from a stranger. */
  addressedTo: string;
  now: Millis;
  /** The DM whose button was clicked. */
  clickedMessage?: { channel: string; ts: string };
}

/** Only the assigned rep, only while NEW; anything else changes nothing and says why. */
export function decideContact(input: ContactInput): ContactDecision {
  const { lead, clickerId, now } = input;
  if (!lead) return { kind: 'reject', code: 'unknown_lead', leadId: input.leadId, reason: `no lead ${input.leadId} in lead_sheet` };
  const isOwner = lead.salesSlackId === clickerId;
  const wasOwner = !isOwner && (input.addressedTo === clickerId || lead.ownerHistory.includes(clickerId));
  // Someone who never owned the lead learns whose it is, whatever its stage.
  if (!isOwner && !wasOwner) {
    return { kind: 'reject', code: 'not_owner', lead, reason: `${clickerId} is not the owner ${lead.salesSlackId || '(unassigned)'}` };
  }
  if (lead.stage === 'CONTACTED') {
    return { kind: 'reject', code: 'already_contacted', lead, reason: `stage already CONTACTED (clicked by ${clickerId})` };
  }
  if (lead.stage !== 'NEW') return { kind: 'reject', code: 'not_new', lead, reason: `stage is ${lead.stage}, not NEW` };
  if (!isOwner) {
    return { kind: 'reject', code: 'rerouted', lead, reason: `${clickerId} no longer owns it; owner is ${lead.salesSlackId || 'nobody'}` };
  }
  const after: Lead = { ...lead, stage: 'CONTACTED', contactedAt: now };
  // A crash between the DM and its record leaves the row without it; the owner just clicked that
  // very DM (addressed to them, about this lead), so it is the one to edit from now on.
  const clicked = input.clickedMessage;
  if (!lead.slackTs && clicked?.channel && clicked.ts && input.addressedTo === clickerId) {
    after.slackChannel = clicked.channel;
    after.slackTs = clicked.ts;
  }
  const minutes = lead.assignedAt === null ? null : Math.max(0, minutesBetween(lead.assignedAt, now));
  return {
    kind: 'accept',
    before: lead,
    after,
    minutesAfterAssignment: minutes,
    reason: `owner ${clickerId} marked NEW → CONTACTED${minutes === null ? '' : `, ${minutes} min after assignment`}`,
  };
}
