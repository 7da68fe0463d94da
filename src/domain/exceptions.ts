import { handTo } from './hand-to.ts';
import type { Lead, Millis, Rep } from './types.ts';

/**
 * The exception queue (issue 13): the cases Baton cannot settle alone get a named human owner and
 * timers. Pure: when an exception opens, who may act on it and what that changes, and which
 * reminders or automatic closes are due at a given moment.
 */

export const EXCEPTION_KINDS = ['missing_fields', 'no_eligible_rep', 'escalated', 'review', 'unreadable_row'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export type ExceptionResolution = '' | 'assigned' | 'dismissed' | 'closed' | 'resolved';

/** One row of the `exceptions` tab. Plain data: every store can keep it. */
export interface LeadException {
  exceptionId: string;
  leadId: string;
  kind: ExceptionKind;
  /** What Baton saw, never a phone or email: field names only for missing_fields. */
  detail: string;
  openedAt: Millis;
  acknowledgedAt: Millis | null;
  acknowledgedBy: string;
  resolvedAt: Millis | null;
  resolvedBy: string;
  resolution: ExceptionResolution;
  /** The manager's reason (a cause code, then their note). */
  cause: string;
  /** The one "not acknowledged" reminder, when it went out. */
  ackRemindedAt: Millis | null;
  /** The one "not resolved" reminder, when it went out. */
  resolveRemindedAt: Millis | null;
  /** Where its Slack message(s) landed, "channel:ts" separated by spaces, so they are edited in place. */
  slackMessages: string;
}

export interface ExceptionPolicy {
  ackMinutes: number;
  resolveMinutes: number;
  /** An unresolved missing_fields exception for a lead nobody can reach is closed after this long (seed 002: 24 h). */
  unreachableCloseMinutes: number;
}

export const DEFAULT_EXCEPTION_POLICY: ExceptionPolicy = { ackMinutes: 30, resolveMinutes: 240, unreachableCloseMinutes: 24 * 60 };

/** Causes a manager picks when assigning by hand. */
export const ASSIGN_CAUSES = ['territory', 'capacity', 'vip', 'data_fix', 'other'] as const;
/** Causes a manager picks when closing an exception's lead as junk. */
export const DISMISS_CAUSES = ['junk', 'duplicate', 'test', 'unreachable', 'other'] as const;

/** Kinds whose lead a manager holds: the SLA sweep neither re-routes nor escalates it meanwhile (a review lead stays assigned and timed). */
const HOLDING_KINDS: readonly ExceptionKind[] = ['escalated'];

export function isOpen(exception: LeadException): boolean {
  return exception.resolvedAt === null;
}

export function newException(input: { exceptionId: string; leadId: string; kind: ExceptionKind; detail: string; now: Millis }): LeadException {
  return {
    exceptionId: input.exceptionId,
    leadId: input.leadId,
    kind: input.kind,
    detail: input.detail,
    openedAt: input.now,
    acknowledgedAt: null,
    acknowledgedBy: '',
    resolvedAt: null,
    resolvedBy: '',
    resolution: '',
    cause: '',
    ackRemindedAt: null,
    resolveRemindedAt: null,
    slackMessages: '',
  };
}

/** Leads an open escalated exception holds: out of the SLA loop until a manager acts. */
export function heldLeads(exceptions: Iterable<LeadException>): Set<string> {
  const held = new Set<string>();
  for (const exception of exceptions) if (isOpen(exception) && HOLDING_KINDS.includes(exception.kind) && exception.leadId) held.add(exception.leadId);
  return held;
}

/** Whether a new exception of this kind should open for the lead: at most one open per lead and kind. */
export function shouldOpen(kind: ExceptionKind, leadId: string, existing: Iterable<LeadException>): boolean {
  // A row without a lead_id has nothing to tell it from another: its caller reports each once (pick-unreported-rows.ts).
  if (!leadId) return true;
  for (const exception of existing) if (exception.leadId === leadId && exception.kind === kind && isOpen(exception)) return false;
  return true;
}

/** A lead nobody can call or write to: no valid phone and no email. */
export function unreachable(lead: Lead): boolean {
  return !(lead.phone && lead.phoneValid) && !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(lead.email);
}

// ---------------------------------------------------------------- manager actions

export type ExceptionAction =
  | { kind: 'ack' }
  | { kind: 'assign'; rep: Rep | undefined; repId: string; cause: string; note: string }
  | { kind: 'dismiss'; cause: string; note: string };

export type ExceptionRejectionCode = 'unknown_exception' | 'not_manager' | 'already_resolved' | 'already_acknowledged' | 'missing_cause' | 'unknown_rep' | 'lead_closed' | 'no_lead';

export type ExceptionDecision =
  | {
      kind: 'accept';
      before: LeadException;
      after: LeadException;
      /** The lead's change, when the action moves it (assign: new owner; dismiss: CLOSED LOST). */
      lead?: { before: Lead; after: Lead };
      event: 'exception.acknowledged' | 'exception.assigned' | 'exception.dismissed';
      reason: string;
    }
  | { kind: 'reject'; code: ExceptionRejectionCode; reason: string; exception?: LeadException };

export interface ExceptionActionInput {
  exceptionId: string;
  exception: LeadException | undefined;
  lead: Lead | undefined;
  actorId: string;
  managers: readonly string[];
  action: ExceptionAction;
  now: Millis;
}

const OPEN_LEAD_STAGES = ['NEW', 'CONTACTED'];

function causeText(cause: string, note: string): string {
  const trimmed = note.trim();
  return trimmed ? `${cause}: ${trimmed}` : cause;
}

/**
 * Managers only; ack once; assign and dismiss resolve it (once). Acting on a resolved exception
 * changes nothing and says who resolved it. Assign and dismiss need a cause.
 */
export function decideExceptionAction(input: ExceptionActionInput): ExceptionDecision {
  const { exception, actorId, action, now } = input;
  if (!exception) return { kind: 'reject', code: 'unknown_exception', reason: `no exception ${input.exceptionId}` };
  if (!input.managers.includes(actorId)) return { kind: 'reject', code: 'not_manager', exception, reason: `${actorId} is not in MANAGER_SLACK_IDS` };
  if (!isOpen(exception)) {
    return { kind: 'reject', code: 'already_resolved', exception, reason: `already ${exception.resolution || 'resolved'} by ${exception.resolvedBy || 'someone'}` };
  }
  if (action.kind === 'ack') {
    if (exception.acknowledgedAt !== null) {
      return { kind: 'reject', code: 'already_acknowledged', exception, reason: `already acknowledged by ${exception.acknowledgedBy}` };
    }
    const after = { ...exception, acknowledgedAt: now, acknowledgedBy: actorId };
    return { kind: 'accept', before: exception, after, event: 'exception.acknowledged', reason: `${actorId} is on it (${exception.kind})` };
  }
  if (!action.cause.trim()) return { kind: 'reject', code: 'missing_cause', exception, reason: 'a cause is required' };
  const acknowledged = exception.acknowledgedAt === null ? { acknowledgedAt: now, acknowledgedBy: actorId } : {};
  const cause = causeText(action.cause, action.note);
  if (action.kind === 'assign') {
    if (!action.rep) return { kind: 'reject', code: 'unknown_rep', exception, reason: `${action.repId || 'nobody'} is not a rep in sales_sheet` };
    const lead = input.lead;
    if (!lead) return { kind: 'reject', code: 'no_lead', exception, reason: `no lead ${exception.leadId} to assign` };
    if (!OPEN_LEAD_STAGES.includes(lead.stage)) return { kind: 'reject', code: 'lead_closed', exception, reason: `lead is ${lead.stage}` };
    const moved = lead.salesSlackId === action.rep.slackId ? lead : handTo(lead, action.rep);
    const leadAfter: Lead = { ...moved, assignedAt: now, lastRoutedAt: lead.salesSlackId ? now : lead.lastRoutedAt };
    const after: LeadException = { ...exception, ...acknowledged, resolvedAt: now, resolvedBy: actorId, resolution: 'assigned', cause };
    return {
      kind: 'accept',
      before: exception,
      after,
      lead: { before: lead, after: leadAfter },
      event: 'exception.assigned',
      reason: `${actorId} assigned it to ${action.rep.slackId} (was ${lead.salesSlackId || 'unassigned'}); cause ${cause}`,
    };
  }
  const after: LeadException = { ...exception, ...acknowledged, resolvedAt: now, resolvedBy: actorId, resolution: 'dismissed', cause };
  const lead = input.lead;
  if (!lead || !OPEN_LEAD_STAGES.includes(lead.stage)) {
    // An unreadable row or a lead closed meanwhile: the exception closes, nothing else moves.
    return { kind: 'accept', before: exception, after, event: 'exception.dismissed', reason: `${actorId} closed it as ${cause}${lead ? `; lead already ${lead.stage}` : ''}` };
  }
  const leadAfter: Lead = { ...lead, stage: 'CLOSED LOST', closedAt: now, lostReason: cause };
  return {
    kind: 'accept',
    before: exception,
    after,
    lead: { before: lead, after: leadAfter },
    event: 'exception.dismissed',
    reason: `${actorId} closed it as ${cause}; ${lead.stage} → CLOSED LOST`,
  };
}

// ---------------------------------------------------------------- timers

export type ExceptionTimerAction =
  | { kind: 'remind_ack'; before: LeadException; after: LeadException; reason: string }
  | { kind: 'remind_resolve'; before: LeadException; after: LeadException; reason: string }
  | { kind: 'auto_close'; before: LeadException; after: LeadException; lead?: { before: Lead; after: Lead }; reason: string };

export interface ExceptionTimerPlan {
  actions: ExceptionTimerAction[];
  /** The earliest moment a timer of an open exception falls due; drives the precise sweep timer. */
  nextDueAt: Millis | null;
}

/**
 * What the clock asks of open exceptions: one reminder when not acknowledged in time, one more when
 * not resolved in time, and (missing_fields only) closing the lead of someone nobody can reach.
 */
export function planExceptionTimers(input: {
  exceptions: Iterable<LeadException>;
  lead: (leadId: string) => Lead | undefined;
  now: Millis;
  policy: ExceptionPolicy;
}): ExceptionTimerPlan {
  const { now, policy } = input;
  const actions: ExceptionTimerAction[] = [];
  let nextDueAt: Millis | null = null;
  const later = (at: Millis) => {
    if (at > now && (nextDueAt === null || at < nextDueAt)) nextDueAt = at;
  };
  for (const exception of input.exceptions) {
    if (!isOpen(exception)) continue;
    const lead = exception.leadId ? input.lead(exception.leadId) : undefined;
    if (exception.kind === 'missing_fields' && lead && unreachable(lead)) {
      const closeAt = exception.openedAt + policy.unreachableCloseMinutes * 60_000;
      if (closeAt <= now) {
        const after: LeadException = { ...exception, resolvedAt: now, resolvedBy: 'baton', resolution: 'closed', cause: 'unreachable: no valid phone and no email' };
        const closes = OPEN_LEAD_STAGES.includes(lead.stage);
        const leadChange = closes ? { before: lead, after: { ...lead, stage: 'CLOSED LOST' as const, closedAt: now, lostReason: 'unreachable: no valid phone and no email' } } : undefined;
        actions.push({
          kind: 'auto_close',
          before: exception,
          after,
          ...(leadChange ? { lead: leadChange } : {}),
          reason: `missing_fields unresolved for ${policy.unreachableCloseMinutes} min and the lead has no valid phone and no email${closes ? `; ${lead.stage} → CLOSED LOST` : ''}`,
        });
        continue;
      }
      later(closeAt);
    }
    let current = exception;
    const ackDue = exception.openedAt + policy.ackMinutes * 60_000;
    if (exception.acknowledgedAt === null && exception.ackRemindedAt === null) {
      if (ackDue <= now) {
        const after = { ...current, ackRemindedAt: now };
        actions.push({ kind: 'remind_ack', before: current, after, reason: `not acknowledged within ${policy.ackMinutes} min` });
        current = after;
      } else later(ackDue);
    }
    const resolveDue = exception.openedAt + policy.resolveMinutes * 60_000;
    if (exception.resolveRemindedAt === null) {
      // Both reminders in one sweep (a long outage) would say the same thing twice: the resolve one waits for the next.
      if (resolveDue <= now && current === exception) {
        actions.push({ kind: 'remind_resolve', before: current, after: { ...current, resolveRemindedAt: now }, reason: `not resolved within ${policy.resolveMinutes} min` });
      } else later(Math.max(resolveDue, now + 1));
    }
  }
  return { actions, nextDueAt };
}
