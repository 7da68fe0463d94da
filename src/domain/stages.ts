import { handTo } from './hand-to.ts';
import type { Lead, Millis, Rep } from './types.ts';

/**
 * Who may move a lead from which stage to which, after the first call (issue 13), and passing a
 * NEW lead on. Same rules as Mark as CONTACTED: the owner only, from the one stage the button
 * belongs to, idempotent (a repeat says it is done already), anyone else told why.
 *
 *   action   from       to            who     needs
 *   qualify  CONTACTED  QUALIFIED     owner   handoff notes
 *   lose     CONTACTED  CLOSED LOST   owner   a reason (note required for "other")
 *   pass     NEW        NEW (next rep) owner  someone else active to take it
 */

export const LOST_REASONS = ['no_answer', 'not_interested', 'bad_fit', 'duplicate', 'junk', 'other'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export type StageAction =
  | { kind: 'qualify'; notes: string; handoffTo?: Rep | undefined }
  | { kind: 'lose'; reason: string; note: string }
  | { kind: 'pass'; reason: string; to: Rep | undefined; pickReason?: string; /** The new owner's shift start, when later than now. */ startsAt?: Millis };

export type StageRejectionCode =
  | 'unknown_lead'
  | 'not_owner'
  | 'already_qualified'
  | 'already_lost'
  | 'not_contacted'
  | 'not_new'
  | 'missing_notes'
  | 'missing_reason'
  | 'no_one_to_pass_to';

export type StageDecision =
  | { kind: 'accept'; before: Lead; after: Lead; event: 'lead.qualified' | 'lead.closed_lost' | 'lead.passed'; reason: string }
  | { kind: 'reject'; code: StageRejectionCode; reason: string; lead?: Lead };

export interface StageInput {
  leadId: string;
  lead: Lead | undefined;
  actorId: string;
  action: StageAction;
  now: Millis;
}

const LIMITS = { notes: 2000, note: 500 };

export function decideStage(input: StageInput): StageDecision {
  const { lead, actorId, action, now } = input;
  if (!lead) return { kind: 'reject', code: 'unknown_lead', reason: `no lead ${input.leadId} in lead_sheet` };
  if (lead.salesSlackId !== actorId) {
    return { kind: 'reject', code: 'not_owner', lead, reason: `${actorId} is not the owner ${lead.salesSlackId || '(unassigned)'}` };
  }
  if (action.kind === 'pass') {
    if (lead.stage !== 'NEW') return { kind: 'reject', code: 'not_new', lead, reason: `stage is ${lead.stage}; only a NEW lead can be passed on` };
    if (!action.to || action.to.slackId === actorId) return { kind: 'reject', code: 'no_one_to_pass_to', lead, reason: 'no other active rep to take it' };
    const why = action.reason.trim().slice(0, LIMITS.note);
    const after: Lead = { ...handTo(lead, action.to), routeCount: lead.routeCount + 1, assignedAt: Math.max(now, action.startsAt ?? now), lastRoutedAt: now };
    return {
      kind: 'accept',
      before: lead,
      after,
      event: 'lead.passed',
      reason: `owner ${actorId} passed it on → ${action.to.slackId}${why ? `; reason: ${why}` : ''}${action.pickReason ? `; ${action.pickReason}` : ''}; route_count → ${after.routeCount}`,
    };
  }
  if (lead.stage === 'QUALIFIED') return { kind: 'reject', code: 'already_qualified', lead, reason: 'stage already QUALIFIED' };
  if (lead.stage === 'CLOSED LOST') return { kind: 'reject', code: 'already_lost', lead, reason: 'stage already CLOSED LOST' };
  if (lead.stage !== 'CONTACTED') return { kind: 'reject', code: 'not_contacted', lead, reason: `stage is ${lead.stage}, not CONTACTED` };
  if (action.kind === 'qualify') {
    const notes = action.notes.trim();
    if (!notes) return { kind: 'reject', code: 'missing_notes', lead, reason: 'handoff notes are required' };
    const to = action.handoffTo;
    const handed = to && to.slackId !== lead.salesSlackId ? { ...handTo(lead, to), assignedAt: now } : lead;
    const after: Lead = { ...handed, stage: 'QUALIFIED', qualifiedAt: now, handoffNotes: notes.slice(0, LIMITS.notes), handoffTo: to?.slackId ?? '' };
    return {
      kind: 'accept',
      before: lead,
      after,
      event: 'lead.qualified',
      reason: `owner ${actorId} marked CONTACTED → QUALIFIED${to ? `; handed off to ${to.slackId}` : '; no handoff team'}`,
    };
  }
  const reason = action.reason.trim();
  const note = action.note.trim().slice(0, LIMITS.note);
  if (!(LOST_REASONS as readonly string[]).includes(reason)) return { kind: 'reject', code: 'missing_reason', lead, reason: 'a reason from the list is required' };
  if (reason === 'other' && !note) return { kind: 'reject', code: 'missing_reason', lead, reason: '"other" needs a note' };
  const lostReason = note ? `${reason}: ${note}` : reason;
  const after: Lead = { ...lead, stage: 'CLOSED LOST', closedAt: now, lostReason };
  return { kind: 'accept', before: lead, after, event: 'lead.closed_lost', reason: `owner ${actorId} marked CONTACTED → CLOSED LOST (${lostReason})` };
}
