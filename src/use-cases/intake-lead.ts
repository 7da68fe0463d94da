import { decideIntake, type IntakeDecision } from '../domain/decide-intake.ts';
import type { LeadDraft } from '../domain/intake.ts';
import type { Lead } from '../domain/types.ts';
import type { UseCaseContext } from './context.ts';
import { deliverLead, reportSlackFailure } from './record-slack-message.ts';

export type IntakeOutcome =
  | { kind: 'created'; lead: Lead; assigned: boolean; reason: string }
  | { kind: 'duplicate'; lead: Lead; matchedBy: string };

/**
 * A validated form submission becomes a lead row, assigned round-robin, in one commit with the
 * routing cursor and its audit row. Resolves once that is durable; the DMs follow in the background.
 */
export async function intakeLead(ctx: UseCaseContext, draft: LeadDraft, idempotencyKey: string): Promise<IntakeOutcome> {
  const decision = await ctx.ledger.transact((book): IntakeDecision => {
    const now = ctx.clock.now();
    const decided = decideIntake({
      draft,
      idempotencyKey,
      leadId: ctx.newLeadId(),
      now,
      defaultCountry: ctx.settings.defaultCountry,
      roster: book.roster,
      cursor: book.cursor,
      lookup: book,
    });
    if (decided.kind === 'duplicate') {
      book.audit({ at: now, event: 'lead.duplicate', leadId: decided.existing.leadId, actor: 'webhook', detail: decided.reason });
      return decided;
    }
    book.addLead(decided.lead);
    if (decided.assignedTo) book.moveCursor(decided.cursor);
    book.audit({
      at: now,
      event: decided.assignedTo ? 'lead.assigned' : 'lead.unassigned',
      leadId: decided.lead.leadId,
      actor: 'webhook',
      detail: decided.assignedTo ? `new lead → ${decided.assignedTo.slackId}; ${decided.reason}` : decided.reason,
    });
    return decided;
  });

  const log = ctx.log.child({ leadId: decision.kind === 'create' ? decision.lead.leadId : decision.existing.leadId });
  if (decision.kind === 'duplicate') {
    log.info({ matchedBy: decision.matchedBy }, 'intake: duplicate, no new row');
    // A provider retrying its own delivery is not news to the rep; a person submitting again is.
    if (decision.matchedBy !== 'idempotency_key' && decision.existing.salesSlackId) {
      const existing = decision.existing;
      const at = ctx.clock.now();
      ctx.background.run(() =>
        ctx.notifier.notifyDuplicate(existing, at).catch((error: unknown) => reportSlackFailure(ctx, existing.leadId, 'duplicate notice', error)),
      );
    }
    return { kind: 'duplicate', lead: decision.existing, matchedBy: decision.matchedBy };
  }

  const lead = decision.lead;
  log.info({ assignedTo: lead.salesSlackId || null, phone: lead.phone, email: lead.email }, 'intake: lead written');
  if (lead.assignedAt !== null) ctx.deadlines.noteDeadline(lead.assignedAt + ctx.settings.slaMinutes * 60_000);
  ctx.background.run(() => announceNewLead(ctx, lead));
  return { kind: 'created', lead, assigned: Boolean(decision.assignedTo), reason: decision.reason };
}

async function announceNewLead(ctx: UseCaseContext, lead: Lead): Promise<void> {
  if (!lead.salesSlackId) {
    await ctx.notifier
      .notifyManagers({ kind: 'no-active-rep', leads: [lead] })
      .catch((error: unknown) => ctx.log.error({ leadId: lead.leadId, err: String(error) }, 'could not tell managers about an unassigned lead'));
    return;
  }
  await deliverLead(ctx, lead, () => ctx.notifier.sendLead({ kind: 'new', lead }));
}
