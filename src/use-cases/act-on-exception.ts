import { decideExceptionAction, type ExceptionAction, type ExceptionDecision } from '../domain/exceptions.ts';
import type { UseCaseContext } from './context.ts';
import { noteOwnerReminder } from './sweep-exceptions.ts';
import { refreshExceptionMessage } from './open-exception.ts';
import { recordSentDms, reportSlackFailure, sendLeadDm } from './record-slack-message.ts';

export interface ExceptionActionRequest {
  exceptionId: string;
  actorId: string;
  /** For assign: the rep's Slack id picked in the modal (looked up in the roster). */
  action: { kind: 'ack' } | { kind: 'assign'; repId: string; cause: string; note: string } | { kind: 'dismiss'; cause: string; note: string };
}

/**
 * A manager's I'm on it / Assign to… / Close as junk (issue 13). Decided against a fresh read,
 * once however often it is sent; audited; then the exception's message is edited in place and, on
 * assignment, the new owner gets the lead DM and the old owner's DM says where it went.
 */
export async function actOnException(ctx: UseCaseContext, request: ExceptionActionRequest): Promise<ExceptionDecision> {
  const managers = ctx.exceptions?.managers ?? [];
  const decision = await ctx.ledger.transact(
    (book) => {
      const now = ctx.clock.now();
      const exception = book.exception(request.exceptionId);
      const lead = exception?.leadId ? book.lead(exception.leadId) : undefined;
      const { action: asked } = request;
      const action: ExceptionAction =
        asked.kind === 'assign' ? { ...asked, rep: book.roster.find((rep) => rep.slackId === asked.repId) } : asked;
      const decided = decideExceptionAction({ exceptionId: request.exceptionId, exception, lead, actorId: request.actorId, managers, action, now });
      if (decided.kind === 'reject') {
        book.audit({ at: now, event: 'action.rejected', leadId: exception?.leadId ?? '', actor: request.actorId, detail: `exception_${asked.kind} ${request.exceptionId}: ${decided.code}: ${decided.reason}` });
        return decided;
      }
      book.putException(decided.after);
      if (decided.lead && decided.lead.after !== decided.lead.before) book.updateLead(decided.lead.after);
      book.audit({ at: now, event: decided.event, leadId: decided.after.leadId, actor: request.actorId, detail: `${decided.after.kind} ${decided.after.exceptionId}: ${decided.reason}` });
      if (decided.lead && decided.lead.after.stage === 'CLOSED LOST' && decided.lead.before.stage !== 'CLOSED LOST') {
        book.audit({ at: now, event: 'lead.closed_lost', leadId: decided.lead.after.leadId, actor: request.actorId, detail: `closed from exception ${decided.after.exceptionId}: ${decided.after.cause}` });
      }
      return decided;
    },
    // Every click sees admins' and other processes' latest edits; the whole read (the exception is found by id).
    { fresh: true },
  );
  if (decision.kind === 'accept') await followUp(ctx, decision);
  return decision;
}

async function followUp(ctx: UseCaseContext, decision: Extract<ExceptionDecision, { kind: 'accept' }>): Promise<void> {
  const lead = decision.lead?.after;
  await refreshExceptionMessage(ctx, decision.after, lead);
  const setup = ctx.exceptions;
  if (!decision.lead || !setup) return;
  const { before, after } = decision.lead;
  if (decision.event === 'exception.assigned' && before.salesSlackId !== after.salesSlackId) {
    const sent = await sendLeadDm(ctx, after, () => ctx.notifier.sendLead({ kind: 'new', lead: after }));
    if (sent) await recordSentDms(ctx, [sent]);
    if (after.assignedAt !== null) ctx.deadlines.noteDeadline(after.assignedAt + ctx.settings.slaMinutes * 60_000);
    noteOwnerReminder(ctx, after);
  }
  if (before.slackChannel && before.slackTs && (decision.event === 'exception.dismissed' || before.salesSlackId !== after.salesSlackId)) {
    const update = decision.event === 'exception.dismissed' ? ({ kind: 'lost', lead: after } as const) : ({ kind: 'reassigned', lead: after, to: after.salesSlackId, by: decision.after.resolvedBy } as const);
    await setup.notifier
      .updateLeadMessage({ channel: before.slackChannel, ts: before.slackTs }, update)
      .catch((error: unknown) => reportSlackFailure(ctx, before.leadId, `update of ${before.salesSlackId}'s DM`, error));
  }
}
