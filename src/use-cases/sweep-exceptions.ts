import type { Book } from '../core/book.ts';
import { messageRefsOf } from '../domain/exception-record.ts';
import { heldLeads, isOpen, planExceptionTimers, type ExceptionPolicy, type ExceptionTimerAction, type LeadException } from '../domain/exceptions.ts';
import { planOwnerReminders, reminderAt, type OwnerReminder } from '../domain/owner-reminders.ts';
import type { SweepPlan } from '../domain/plan-sweep.ts';
import type { Lead } from '../domain/types.ts';
import type { UseCaseContext } from './context.ts';
import { announceExceptions, openLeadException, refreshExceptionMessage, type OpenedException } from './open-exception.ts';

/**
 * The exception queue's share of a sweep (issue 13), decided in the same work and commit as the
 * SLA plan: escalations and stranded leads become exceptions, newly unreadable rows are reported
 * as one exception each, exception timers fire (one ack reminder, one resolve reminder, closing
 * an unreachable lead after 24 h), and owners get their one reminder before the deadline.
 */
interface ExceptionSweepWork {
  opened: OpenedException[];
  /** Exceptions whose message changes (resolved by the sweep, reminded, closed). */
  changed: Array<{ exception: LeadException; lead: Lead | undefined }>;
  /** Escalations of leads an exception already handles: told in that exception's thread instead. */
  escalatedInto: Array<{ exception: LeadException; lead: Lead }>;
  timers: ExceptionTimerAction[];
  reminders: OwnerReminder[];
  nextDueAt: number | null;
}

const workOf = new WeakMap<SweepPlan, ExceptionSweepWork>();

export function exceptionPolicyOf(ctx: UseCaseContext): ExceptionPolicy {
  return { ackMinutes: ctx.exceptions?.ackMinutes ?? 30, resolveMinutes: ctx.exceptions?.resolveMinutes ?? 240, unreachableCloseMinutes: 24 * 60 };
}

/** Minutes before the deadline the owner is reminded (0 when off or nobody can be messaged). */
export function remindBeforeOf(ctx: UseCaseContext): number {
  return ctx.exceptions?.remindBeforeMinutes ?? 0;
}

/** The NEW leads a sweep may move: not those an open escalated/review exception holds for a manager. */
export function withoutHeld<T extends { leadId: string }>(book: Book, leads: T[]): T[] {
  const held = heldLeads(book.exceptions());
  return held.size === 0 ? leads : leads.filter((lead) => !held.has(lead.leadId));
}

/** Inside the sweep's work, after its plan was applied to the book. */
export function decideExceptionSweep(ctx: UseCaseContext, book: Book, plan: SweepPlan, now: number, trigger: string): void {
  const actor = `sweep:${trigger}`;
  const work: ExceptionSweepWork = { opened: [], changed: [], escalatedInto: [], timers: [], reminders: [], nextDueAt: null };
  const open = (kind: LeadException['kind'], leadId: string, detail: string) => {
    const one = openLeadException(ctx, book, { kind, leadId, detail, actor });
    if (one) work.opened.push(one);
  };

  for (const action of plan.actions) {
    if (action.kind === 'escalate') {
      const lead = action.lead;
      // A lead some exception already holds is not escalated a second time: the escalated_ mark is its one
      // escalation, and the open exception's message says so instead of a second one.
      const holder = book.openExceptionsOf(lead.leadId)[0];
      if (holder) {
        const after: LeadException = { ...holder, detail: `${holder.detail}; reached the escalation threshold (route_count ${lead.routeCount})` };
        book.putException(after);
        work.changed.push({ exception: after, lead });
        work.escalatedInto.push({ exception: after, lead });
        continue;
      }
      const owners = lead.ownerHistory.length ? lead.ownerHistory.join(' → ') : lead.salesSlackId;
      open('escalated', lead.leadId, `route_count ${lead.routeCount} >= threshold ${ctx.settings.escalationThreshold}; owners so far: ${owners}`);
    }
    if (action.kind === 'assign') {
      // Someone could take it after all: the no_eligible_rep exception is settled by the sweep.
      for (const exception of book.openExceptionsOf(action.after.leadId)) {
        if (exception.kind !== 'no_eligible_rep') continue;
        const after: LeadException = { ...exception, resolvedAt: now, resolvedBy: actor, resolution: 'assigned', cause: `capacity: ${action.to.slackId} became available` };
        book.putException(after);
        book.audit({ at: now, event: 'exception.resolved', leadId: exception.leadId, actor, detail: `${exception.kind} ${exception.exceptionId}: assigned to ${action.to.slackId} by the sweep` });
        work.changed.push({ exception: after, lead: action.after });
      }
    }
  }
  for (const action of plan.actions) {
    if (action.kind !== 'assign' && action.kind !== 'reroute') continue;
    const review = action.routing?.review;
    if (review) open('review', action.after.leadId, `routing rule ${review.rule} asks for a review${review.note ? `: ${review.note}` : ''}`);
  }
  const why = new Map((plan.noEligible ?? []).map((entry) => [entry.lead.leadId, entry.reason]));
  for (const lead of plan.stranded) open('no_eligible_rep', lead.leadId, why.get(lead.leadId) ?? 'due or unassigned, but no rep is active');
  for (const row of plan.skipped) open('unreadable_row', row.leadId, row.problem);

  const timers = planExceptionTimers({ exceptions: book.exceptions(), lead: (leadId) => book.lead(leadId), now, policy: exceptionPolicyOf(ctx) });
  for (const timer of timers.actions) {
    book.putException(timer.after);
    if (timer.kind === 'auto_close') {
      if (timer.lead) {
        book.updateLead(timer.lead.after);
        book.audit({ at: now, event: 'lead.closed_lost', leadId: timer.lead.after.leadId, actor, detail: timer.reason });
      }
      book.audit({ at: now, event: 'exception.closed', leadId: timer.after.leadId, actor, detail: `${timer.after.kind} ${timer.after.exceptionId}: ${timer.reason}` });
    } else {
      book.audit({ at: now, event: 'exception.reminded', leadId: timer.after.leadId, actor, detail: `${timer.after.kind} ${timer.after.exceptionId}: ${timer.reason}; managers reminded` });
    }
    work.changed.push({ exception: timer.after, lead: timer.after.leadId ? book.lead(timer.after.leadId) : undefined });
  }
  work.timers = timers.actions;
  work.nextDueAt = timers.nextDueAt;

  const remindBefore = ctx.exceptions ? remindBeforeOf(ctx) : 0;
  if (remindBefore > 0) {
    const skip = new Set([...book.escalated.keys(), ...heldLeads(book.exceptions())]);
    const planned = planOwnerReminders({
      leads: book.leadsAtStage('NEW'),
      now,
      policy: { slaMinutes: ctx.settings.slaMinutes, escalationThreshold: ctx.settings.escalationThreshold },
      remindBeforeMinutes: remindBefore,
      skip,
      roster: book.roster,
      timeZone: ctx.settings.timeZone,
    });
    for (const reminder of planned.reminders) {
      book.updateLead(reminder.after);
      book.audit({ at: now, event: 'lead.owner_reminded', leadId: reminder.after.leadId, actor, detail: reminder.reason });
    }
    work.reminders = planned.reminders;
    if (planned.nextDueAt !== null && (work.nextDueAt === null || planned.nextDueAt < work.nextDueAt)) work.nextDueAt = planned.nextDueAt;
  }
  workOf.set(plan, work);
}

/** The sweep's next wake-up, exception timers and owner reminders included. */
export function nextDueWithExceptions(plan: SweepPlan, nextDueAt: number | null): number | null {
  const own = workOf.get(plan)?.nextDueAt ?? null;
  if (own === null) return nextDueAt;
  return nextDueAt === null ? own : Math.min(nextDueAt, own);
}

/** How many exceptions and reminders a sweep handled, for its summary line. */
export function exceptionCounts(plan: SweepPlan): { opened: number; reminded: number; closed: number; ownerReminders: number } {
  const work = workOf.get(plan);
  return {
    opened: work?.opened.length ?? 0,
    reminded: work?.timers.filter((timer) => timer.kind !== 'auto_close').length ?? 0,
    closed: work?.timers.filter((timer) => timer.kind === 'auto_close').length ?? 0,
    ownerReminders: work?.reminders.length ?? 0,
  };
}

/** After the sweep's commit: exception messages, manager reminders, owner reminders. Never throws. */
export async function notifyExceptionSweep(ctx: UseCaseContext, plan: SweepPlan): Promise<void> {
  const work = workOf.get(plan);
  if (!work) return;
  workOf.delete(plan);
  await announceExceptions(ctx, work.opened);
  const setup = ctx.exceptions;
  if (!setup) return;
  const leads = new Map(work.changed.map(({ exception, lead }) => [exception.exceptionId, lead]));
  for (const timer of work.timers) {
    const refs = messageRefsOf(timer.after.slackMessages);
    const lead = leads.get(timer.after.exceptionId);
    if (timer.kind !== 'auto_close' && isOpen(timer.after)) {
      await setup.notifier
        .remindManagers(refs, timer.after, lead, timer.kind === 'remind_ack' ? 'ack' : 'resolve')
        .catch((error: unknown) => ctx.log.warn({ exceptionId: timer.after.exceptionId, err: String(error) }, 'could not remind managers of an exception'));
    }
    if (timer.kind === 'auto_close' && timer.lead) {
      const closed = timer.lead.after;
      if (closed.slackChannel && closed.slackTs) {
        await setup.notifier
          .updateLeadMessage({ channel: closed.slackChannel, ts: closed.slackTs }, { kind: 'lost', lead: closed })
          .catch((error: unknown) => ctx.log.warn({ leadId: closed.leadId, err: String(error) }, 'could not update the closed lead DM'));
      }
    }
  }
  for (const { exception, lead } of work.changed) await refreshExceptionMessage(ctx, exception, lead);
  for (const { exception, lead } of work.escalatedInto) {
    await setup.notifier
      .noteEscalation(messageRefsOf(exception.slackMessages), exception, lead, ctx.settings.escalationThreshold)
      .catch((error: unknown) => ctx.log.warn({ exceptionId: exception.exceptionId, err: String(error) }, 'could not note the escalation on the exception'));
  }
  for (const reminder of work.reminders) {
    await setup.notifier
      .remindOwner(reminder.after, reminder.deadline)
      .catch((error: unknown) => ctx.log.warn({ leadId: reminder.after.leadId, err: String(error) }, 'could not remind the owner'));
  }
}

/** Arms the deadline timer for a newly assigned lead's owner reminder, so it does not wait for the SLA sweep. */
export function noteOwnerReminder(ctx: UseCaseContext, lead: Lead): void {
  if (!ctx.exceptions) return;
  ctx.deadlines.noteDeadline(reminderAt(lead, { slaMinutes: ctx.settings.slaMinutes, escalationThreshold: ctx.settings.escalationThreshold }, remindBeforeOf(ctx)));
}
