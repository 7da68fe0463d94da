import { planSweep, type SweepAction, type SweepPlan } from '../domain/plan-sweep.ts';
import { toIso } from '../domain/time.ts';
import type { Book } from '../book.ts';
import { escalationKey } from '../ports.ts';
import type { UseCaseContext } from './context.ts';
import { deliverLead, reportSlackFailure } from './record-slack-message.ts';

export interface SweepSummary {
  trigger: string;
  leads: number;
  due: number;
  rerouted: number;
  reminded: number;
  escalated: number;
  assigned: number;
  stranded: number;
  skipped: Array<{ leadId: string; problem: string }>;
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
    stranded: plan.stranded.length,
    skipped: plan.skipped,
    nextDueAt: plan.nextDueAt,
  };
  const extras = [
    summary.reminded ? `${summary.reminded} reminded (only one active rep)` : '',
    summary.stranded ? `no active rep: ${summary.stranded} leads waiting` : '',
    summary.skipped.length ? `${summary.skipped.length} skipped (${summary.skipped.map((row) => `${row.leadId || 'row without lead_id'}: ${row.problem}`).join('; ')})` : '',
  ].filter(Boolean);
  const line =
    `sweep: ${summary.leads} leads, ${summary.due} due, ${summary.rerouted} re-routed, ${summary.escalated} escalated, ${summary.assigned} assigned` +
    (extras.length ? `, ${extras.join(', ')}` : '');
  return { ...summary, line };
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
    }
  }
  for (const lead of plan.stranded) {
    book.audit({ at: now, event: 'lead.stranded', leadId: lead.leadId, actor, detail: 'due or unassigned, but no rep is active' });
  }
  for (const row of plan.skipped) {
    book.audit({ at: now, event: 'sweep.skipped_row', leadId: row.leadId, actor, detail: row.problem });
  }
  if (plan.cursor.lastSlackId !== book.cursor.lastSlackId || plan.cursor.lastIndex !== book.cursor.lastIndex) book.moveCursor(plan.cursor);
}

/**
 * One SLA sweep: read everything fresh, plan synchronously, write every change in one commit,
 * then send the DMs. The cron tick, the precise timer, startup and `npm run sweep` all call this.
 */
export async function runSweep(ctx: UseCaseContext, trigger: string): Promise<{ summary: SweepSummary; notified: Promise<void> }> {
  const plan = await ctx.ledger.transact(
    (book) => {
      const now = ctx.clock.now();
      const planned = planSweep({
        leads: book.leadsAtStage('NEW'),
        leadCount: book.leadCount,
        unreadable: book.unreadable,
        roster: book.roster,
        cursor: book.cursor,
        escalated: book.escalated,
        now,
        policy: { slaMinutes: ctx.settings.slaMinutes, escalationThreshold: ctx.settings.escalationThreshold },
      });
      applyPlan(book, planned, now, trigger);
      return planned;
    },
    { fresh: true },
  );
  const summary = summarize(trigger, plan);
  ctx.log.info({ ...summary, skipped: summary.skipped.length }, summary.line);
  return { summary, notified: notifyPlan(ctx, plan) };
}

async function notifyPlan(ctx: UseCaseContext, plan: SweepPlan): Promise<void> {
  const { slaMinutes, escalationThreshold } = ctx.settings;
  const work = plan.actions.map(async (action) => {
    switch (action.kind) {
      case 'reroute': {
        const previous = action.before;
        await deliverLead(ctx, action.after, () => ctx.notifier.sendLead({ kind: 'rerouted', lead: action.after, from: action.from, slaMinutes }));
        if (previous.slackChannel && previous.slackTs) {
          await ctx.notifier
            .updateOwnerMessage({ channel: previous.slackChannel, ts: previous.slackTs }, { kind: 'moved', lead: action.after, to: action.to, slaMinutes })
            .catch((error: unknown) => reportSlackFailure(ctx, previous.leadId, `update of ${previous.salesSlackId}'s DM`, error));
        }
        return;
      }
      case 'remind':
        await deliverLead(ctx, action.after, () => ctx.notifier.sendLead({ kind: 'reminder', lead: action.after, slaMinutes }));
        return;
      case 'assign':
        await deliverLead(ctx, action.after, () => ctx.notifier.sendLead({ kind: 'new', lead: action.after }));
        return;
      case 'escalate':
        await ctx.notifier
          .notifyManagers({ kind: 'escalation', lead: action.lead, threshold: escalationThreshold })
          .catch((error: unknown) => reportSlackFailure(ctx, action.lead.leadId, 'escalation DM', error));
        return;
    }
  });
  if (plan.stranded.length > 0) {
    work.push(
      ctx.notifier
        .notifyManagers({ kind: 'no-active-rep', leads: plan.stranded })
        .then(() => undefined)
        .catch((error: unknown) => ctx.log.error({ err: String(error) }, 'could not tell managers that no rep is active')),
    );
  }
  await Promise.all(work);
}
