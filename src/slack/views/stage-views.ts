import type { ActionsBlock, KnownBlock, View } from '@slack/types';
import type { LeadStageUpdate } from '../../core/exception-ports.ts';
import { LOST_REASONS, type StageDecision } from '../../domain/stages.ts';
import { clockTime } from '../../domain/time.ts';
import type { Lead } from '../../domain/types.ts';
import { leadDetailBlocks, leadTitle, type ViewSettings } from './lead-details.ts';
import { buttonValue, parseButtonValue } from './lead-message.ts';
import { escapeMrkdwn, mention } from './text.ts';
import { formModal, noteInput, readModalMetadata, selectInput } from './form-modal.ts';

export const PASS_LEAD = 'pass_lead';
export const MARK_QUALIFIED = 'mark_qualified';
export const MARK_LOST = 'mark_lost';
export const MARK_QUALIFIED_MODAL = 'mark_qualified_modal';
export const MARK_LOST_MODAL = 'mark_lost_modal';

const REASON_LABELS: Record<(typeof LOST_REASONS)[number], string> = {
  no_answer: 'No answer',
  not_interested: 'Not interested',
  bad_fit: 'Bad fit',
  duplicate: 'Duplicate',
  junk: 'Junk',
  other: 'Other (say why in the note)',
};

/** The Qualified / Closed lost buttons of a CONTACTED lead's DM (owner only; checked on use). */
export function afterContactActions(lead: Lead): ActionsBlock {
  const value = buttonValue(lead.leadId, lead.salesSlackId);
  return {
    type: 'actions',
    block_id: 'stage_actions',
    elements: [
      { type: 'button', action_id: MARK_QUALIFIED, style: 'primary', text: { type: 'plain_text', text: 'Qualified' }, value },
      { type: 'button', action_id: MARK_LOST, style: 'danger', text: { type: 'plain_text', text: 'Closed lost' }, value },
    ],
  };
}

/** The "Can't take it" button beside Mark as CONTACTED on a NEW lead's DM. */
export function passButton(lead: Lead) {
  return { type: 'button' as const, action_id: PASS_LEAD, text: { type: 'plain_text' as const, text: "Can't take it" }, value: buttonValue(lead.leadId, lead.salesSlackId) };
}

/** Where a lead-stage modal came from: the lead, who the DM was for, and the DM (for private replies and in-place edits). */
export interface StageModalContext {
  leadId: string;
  addressedTo: string;
  channel: string;
  ts: string;
}

export function parseStageModalContext(metadata: unknown): StageModalContext | undefined {
  const parsed = readModalMetadata(metadata);
  if (!parsed || typeof parsed.leadId !== 'string' || !parsed.leadId) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { leadId: parsed.leadId, addressedTo: text(parsed.addressedTo), channel: text(parsed.channel), ts: text(parsed.ts) };
}

export { parseButtonValue };

/** Qualified: the handoff checkpoint, notes required. */
export function qualifyModal(context: StageModalContext, leadName: string): View {
  return formModal({
    callbackId: MARK_QUALIFIED_MODAL,
    context,
    title: 'Qualified: handoff',
    submit: 'Hand off',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Handoff notes for *${escapeMrkdwn(leadName || context.leadId)}*: what the next person must know.` } },
      {
        type: 'input',
        block_id: 'notes',
        label: { type: 'plain_text', text: 'Handoff notes' },
        element: { type: 'plain_text_input', action_id: 'notes', multiline: true, max_length: 2000 },
      },
    ],
  });
}

/** Closed lost: a reason from the list, and a note ("other" needs one). */
export function lostModal(context: StageModalContext, leadName: string): View {
  return formModal({
    callbackId: MARK_LOST_MODAL,
    context,
    title: 'Closed lost',
    submit: 'Close lead',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Why is *${escapeMrkdwn(leadName || context.leadId)}* lost?` } },
      selectInput('reason', 'Reason', LOST_REASONS.map((value) => ({ value, text: REASON_LABELS[value] }))),
      noteInput(),
    ],
  });
}

/** The owner's DM after a stage change or hand-over: no stale buttons, says what happened. */
export function stageUpdateMessage(update: LeadStageUpdate, settings: ViewSettings): { text: string; blocks: KnownBlock[] } {
  const { lead } = update;
  const at = (ms: number | null | undefined) => clockTime(ms ?? 0, settings.timeZone);
  let status: string;
  const extra: KnownBlock[] = [];
  switch (update.kind) {
    case 'contacted-actions':
      status = `:white_check_mark: Contacted at ${at(lead.contactedAt)}`;
      extra.push(afterContactActions(lead));
      break;
    case 'qualified':
      status = `:trophy: Qualified at ${at(lead.qualifiedAt)}${lead.handoffTo ? `, handed off to ${mention(lead.handoffTo)}` : ''}`;
      break;
    case 'lost':
      status = `:no_entry: Closed lost at ${at(lead.closedAt)}${lead.lostReason ? ` — ${escapeMrkdwn(lead.lostReason)}` : ''}`;
      break;
    case 'passed':
      status = `:arrow_right: Passed on to ${mention(update.to)} at ${at(lead.lastRoutedAt)}${update.reason ? ` — ${escapeMrkdwn(update.reason)}` : ''}`;
      break;
    case 'reassigned':
      status = `:arrow_right: Assigned to ${mention(update.to)} by ${mention(update.by)} at ${at(lead.assignedAt)}`;
      break;
  }
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${leadTitle(lead)}*` } },
    ...leadDetailBlocks(lead, settings),
    { type: 'context', elements: [{ type: 'mrkdwn', text: status }] },
    ...extra,
  ];
  return { text: `${lead.name || lead.leadId}: ${status.replace(/:[a-z_]+: /, '')}`, blocks };
}

/** The owner's one reminder before the deadline, in the lead DM's thread. */
export function ownerReminderText(lead: Lead, deadline: number, settings: ViewSettings): string {
  return `:hourglass_flowing_sand: ${mention(lead.salesSlackId)} ${leadTitle(lead)} is still waiting: please contact by *${clockTime(deadline, settings.timeZone)}*, or it moves to the next rep. Can't take it? Use the button above.`;
}

/** The DM a qualified lead's new owner gets: the lead and the notes it was handed over with. */
export function handoffMessage(lead: Lead, from: string, settings: ViewSettings): { text: string; blocks: KnownBlock[] } {
  return {
    text: `Handoff: ${lead.name || lead.leadId} qualified by ${from}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:handshake: *Handoff: ${leadTitle(lead)}* qualified by ${mention(from)} and handed to you.` } },
      ...leadDetailBlocks(lead, settings),
      { type: 'section', text: { type: 'mrkdwn', text: `*Handoff notes*\n> ${escapeMrkdwn(lead.handoffNotes ?? '').replace(/\n/g, '\n> ')}` } },
    ],
  };
}

/** Why a stage button changed nothing, said privately. */
export function stageRejectionText(decision: Extract<StageDecision, { kind: 'reject' }>, settings: ViewSettings): string {
  const lead = decision.lead;
  switch (decision.code) {
    case 'unknown_lead':
      return "I can't find this lead in the lead sheet any more; nothing was changed.";
    case 'not_owner':
      return `This lead is assigned to ${mention(lead?.salesSlackId ?? '')}; only they can change it.`;
    case 'already_qualified':
      return `Already qualified${lead?.qualifiedAt ? ` at ${clockTime(lead.qualifiedAt, settings.timeZone)}` : ''}; nothing more to do.`;
    case 'already_lost':
      return `Already closed lost${lead?.closedAt ? ` at ${clockTime(lead.closedAt, settings.timeZone)}` : ''}; nothing more to do.`;
    case 'not_contacted':
      return `This lead is ${lead?.stage ?? 'not CONTACTED'}; mark it contacted first. Nothing was changed.`;
    case 'not_new':
      return `This lead is ${lead?.stage ?? 'past NEW'} now; it can no longer be passed on. Nothing was changed.`;
    case 'missing_notes':
      return 'Handoff notes are required; nothing was changed.';
    case 'missing_reason':
      return 'A reason is required (and a note for "other"); nothing was changed.';
    case 'no_one_to_pass_to':
      return 'Nobody else is active to take it, so it stays with you; nothing was changed.';
  }
}
