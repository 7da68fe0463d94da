import { ANNOUNCED_PREFIX, announcementOf, planSweep, type SweepAction, type SweepInput, type SweepPlan } from '../domain/plan-sweep.ts';
import { REPORTED_ROWS_KEY } from '../domain/pick-unreported-rows.ts';
import { toIso } from '../domain/time.ts';
import type { Book } from '../core/book.ts';
import type { Lead, Rep } from '../domain/types.ts';
import { escalationKey, type LeadNotice } from '../core/ports.ts';
import type { UseCaseContext } from './context.ts';
import { recordDmsLeftBehind, recordSentDms, reportSlackFailure, sendLeadDm, type SentDm } from './record-slack-message.ts';
import { announcementsOf } from './track-announcements.ts';
import { withoutPendingClicks } from './mark-contacted.ts';
import { sweepScope } from './scope-of-work.ts';
import { decideExceptionSweep, nextDueWithExceptions, notifyExceptionSweep, remindBeforeOf, withoutHeld } from './sweep-exceptions.ts';
import { routingOf, routingRoster } from './routing-of.ts';

export interface SweepSummary {
  trigger: string;
  leads: number;
  due: number;
  rerouted: number;
  reminded: number;
  escalated: number;
  assigned: number;
  /** Owner DMs a stopped process left unsent or unrecorded, sent by this (recovery) sweep. */
  announced: number;
  stranded: number;
  /** Unreadable rows reported by this sweep: each row is reported once per content. */
  skipped: Array<{ leadId: string; problem: string }>;
  /** Every unreadable row, including those reported by an earlier sweep. */
  unreadable: number;
  nextDueAt: number | null;
  line: string;
}

function summarize(trigger: string, plan: SweepPlan): SweepSummary {
  const count = (kind: SweepAction['kind']) => plan.actions.filter((action) => action.kind === kind).length;
  const summary = {
    trigger,
    leads: plan.leadCount,
    due: plan.dueCount,
    rerouted: count('reroute'),
    reminded: count('remind'),
    escalated: count('escalate'),
    assigned: count('assign'),
    announced: count('announce'),
    stranded: plan.stranded.length,
    skipped: plan.skipped,
    unreadable: plan.unreadableCount,
    nextDueAt: plan.nextDueAt,
  };
  const extras = [
    summary.reminded ? `${summary.reminded} reminded (only one active rep)` : '',
    summary.announced ? `${summary.announced} owner DMs left unsent or unrecorded by a stopped process sent again` : '',
    summary.stranded ? `no active rep: ${summary.stranded} leads waiting` : '',
    summary.skipped.length ? `${summary.skipped.length} skipped (${summary.skipped.map((row) => `${row.leadId || 'row without lead_id'}: ${row.problem}`).join('; ')})` : '',
    summary.unreadable > summary.skipped.length ? `${summary.unreadable - summary.skipped.length} unreadable rows still skipped (reported before)` : '',
  ].filter(Boolean);
  const line =
    `sweep: ${summary.leads} leads, ${summary.due} due, ${summary.rerouted} re-routed, ${summary.escalated} escalated, ${summary.assigned} assigned` +
    (extras.length ? `, ${extras.join(', ')}` : '');
  return { ...summary, line };
}

/** The routing policy's inputs, when one is configured. */
function withRouting(ctx: UseCaseContext, book: Book, roster: readonly Rep[]): Pick<SweepInput, 'routing'> {
  const routing = routingOf(ctx, book, roster);
  return routing ? { routing } : {};
}

function applyPlan(book: Book, plan: SweepPlan, now: number, trigger: string): void {
  const actor = `sweep:${trigger}`;
  for (const action of plan.actions) {
    switch (action.kind) {
      case 'reroute':
        book.updateLead(action.after);
        book.audit({
          at: now,
          event: 'lead.rerouted',
          leadId: action.after.leadId,
          actor,
          detail: `${action.from.slackId} → ${action.to.slackId}; ${Math.round(action.lateByMs / 1000)} s after the SLA deadline; ${action.reason}`,
        });
        break;
      case 'remind':
        book.updateLead(action.after);
        book.audit({ at: now, event: 'lead.reminded', leadId: action.after.leadId, actor, detail: action.reason });
        break;
      case 'escalate':
        book.setState(escalationKey(action.lead.leadId), toIso(now));
        book.audit({ at: now, event: 'lead.escalated', leadId: action.lead.leadId, actor, detail: `owner ${action.lead.salesSlackId}; ${action.reason}` });
        break;
      case 'assign':
        book.updateLead(action.after);
        book.audit({ at: now, event: 'lead.assigned', leadId: action.after.leadId, actor, detail: action.reason });
        break;
      case 'announce':
        // Marked in the same commit, before the DM goes out: a later crash cannot make it announce twice.
        book.setState(`${ANNOUNCED_PREFIX}${action.lead.leadId}`, announcementOf(action.lead));
        book.audit({ at: now, event: 'lead.announced', leadId: action.lead.leadId, actor, detail: action.reason });
        break;
    }
  }
  const whyStranded = new Map((plan.noEligible ?? []).map((entry) => [entry.lead.leadId, entry.reason]));
  for (const lead of plan.stranded) {
    book.audit({ at: now, event: 'lead.stranded', leadId: lead.leadId, actor, detail: whyStranded.get(lead.leadId) ?? 'due or unassigned, but no rep is active' });
  }
  for (const [key, value] of plan.stateEntries ?? []) book.setState(key, value);
  for (const row of plan.skipped) {
    book.audit({ at: now, event: 'sweep.skipped_row', leadId: row.leadId, actor, detail: row.problem });
  }
  if (plan.reportedRows !== undefined) book.setState(REPORTED_ROWS_KEY, plan.reportedRows);
  if (plan.cursor.lastSlackId !== book.cursor.lastSlackId || plan.cursor.lastIndex !== book.cursor.lastIndex) book.moveCursor(plan.cursor);
}

/** routing_state `announced_<lead_id>` entries: the assignment each lead was announced for. */
function announcedOf(state: ReadonlyMap<string, string>): Map<string, string> {
  const announced = new Map<string, string>();
  for (const [key, value] of state) if (key.startsWith(ANNOUNCED_PREFIX)) announced.set(key.slice(ANNOUNCED_PREFIX.length), value);
  return announced;
}

/**
 * One SLA sweep: read everything fresh, plan synchronously, write every change in one commit,
 * then send the DMs. The cron tick, the precise timer, startup and `npm run sweep` all call this.
 */
export async function runSweep(ctx: UseCaseContext, trigger: string): Promise<{ summary: SweepSummary; notified: Promise<void> }> {
  const announcements = announcementsOf(ctx);
  // The startup sweep (or, if it failed, the next one) also finishes DMs a stopped process left half-done.
  const recovery = announcements.recoveryFor(trigger);
  // DMs a killed process sent but never recorded are recorded first: their owners need no second DM.
  if (recovery) await recordDmsLeftBehind(ctx);
  const plan = await ctx.ledger.transact(
    (book) => {
      const now = ctx.clock.now();
      const roster = routingRoster(ctx, book);
      const planned = planSweep({
        // A lead whose owner's click waits in the journal (or is being decided) is contacted, not late.
        // Nor is a lead an open escalated/review exception holds for a manager (issue 13).
        leads: withoutHeld(book, withoutPendingClicks(ctx, book.leadsAtStage('NEW'))),
        leadCount: book.leadCount,
        unreadable: book.unreadable,
        reportedRows: book.extraState.get(REPORTED_ROWS_KEY),
        roster,
        cursor: book.cursor,
        escalated: book.escalated,
        now,
        policy: { slaMinutes: ctx.settings.slaMinutes, escalationThreshold: ctx.settings.escalationThreshold },
        ...(recovery ? { announceUnrecorded: { ...recovery, announced: announcedOf(book.extraState) } } : {}),
        ...withRouting(ctx, book, roster),
      });
      applyPlan(book, planned, now, trigger);
      decideExceptionSweep(ctx, book, planned, now, trigger);
      return planned;
    },
    // Leads within REMIND_BEFORE_MINUTES of their deadline are read too: their owners get the reminder.
    { fresh: true, scope: sweepScope(ctx.clock.now(), ctx.settings.slaMinutes - remindBeforeOf(ctx), recovery !== undefined) },
  );
  if (recovery) announcements.recovered();
  const summary = summarize(trigger, plan);
  summary.nextDueAt = nextDueWithExceptions(plan, summary.nextDueAt);
  ctx.log.info({ ...summary, skipped: summary.skipped.length }, summary.line);
  return { summary, notified: notifyPlan(ctx, plan) };
}

/**
 * Sends every DM the plan calls for, then records where they all landed in one commit: a sweep
 * that moves 20 leads costs one write for their DMs, not one per DM. Failures are reported per DM.
 */
async function notifyPlan(ctx: UseCaseContext, plan: SweepPlan): Promise<void> {
  const { slaMinutes, escalationThreshold } = ctx.settings;
  const sent: SentDm[] = [];
  const dm = async (lead: Lead, notice: LeadNotice) => {
    const done = await sendLeadDm(ctx, lead, () => ctx.notifier.sendLead(notice));
    if (done) sent.push(done);
  };
  const work = plan.actions.map(async (action) => {
    switch (action.kind) {
      case 'reroute': {
        const previous = action.before;
        await dm(action.after, { kind: 'rerouted', lead: action.after, from: action.from, slaMinutes });
        if (previous.slackChannel && previous.slackTs) {
          await ctx.notifier
            .updateOwnerMessage({ channel: previous.slackChannel, ts: previous.slackTs }, { kind: 'moved', lead: action.after, to: action.to, slaMinutes })
            .catch((error: unknown) => reportSlackFailure(ctx, previous.leadId, `update of ${previous.salesSlackId}'s DM`, error));
        }
        return;
      }
      case 'remind':
        await dm(action.after, { kind: 'reminder', lead: action.after, slaMinutes });
        return;
      case 'assign':
        await dm(action.after, { kind: 'new', lead: action.after });
        return;
      case 'announce':
        await dm(action.lead, { kind: 'new', lead: action.lead });
        return;
      case 'escalate':
        // With the exception queue wired, the escalated exception's message replaces this DM.
        if (ctx.exceptions) return;
        await ctx.notifier
          .notifyManagers({ kind: 'escalation', lead: action.lead, threshold: escalationThreshold })
          .catch((error: unknown) => reportSlackFailure(ctx, action.lead.leadId, 'escalation DM', error));
        return;
    }
  });
  work.push(notifyExceptionSweep(ctx, plan));
  if (plan.stranded.length > 0 && !ctx.exceptions) {
    work.push(
      ctx.notifier
        .notifyManagers({ kind: 'no-active-rep', leads: plan.stranded })
        .then(() => undefined)
        .catch((error: unknown) => ctx.log.error({ err: String(error) }, 'could not tell managers that no rep is active')),
    );
  }
  await Promise.all(work);
  await recordSentDms(ctx, sent);
}
