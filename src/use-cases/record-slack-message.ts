import type { Lead } from '../domain/types.ts';
import type { MessageRef } from '../ports.ts';
import type { UseCaseContext } from './context.ts';

/** Remembers where a lead's live DM is, so later changes edit it in place. */
export async function recordSlackMessage(ctx: UseCaseContext, leadId: string, ref: MessageRef): Promise<void> {
  await ctx.ledger.transact((book) => {
    const lead = book.lead(leadId);
    if (!lead) return;
    book.updateLead({ ...lead, slackChannel: ref.channel, slackTs: ref.ts });
  });
}

/** A Slack failure never undoes a routing decision; it is audited and managers hear of it. */
export async function reportSlackFailure(ctx: UseCaseContext, leadId: string, what: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  ctx.log.warn({ leadId, err: message }, `slack: ${what} failed`);
  await ctx.ledger
    .transact((book) => {
      book.audit({ at: ctx.clock.now(), event: 'slack.failed', leadId, actor: 'baton', detail: `${what}: ${message}` });
      return book.lead(leadId);
    })
    .then(async (lead) => {
      if (lead) await ctx.notifier.notifyManagers({ kind: 'dm-failed', lead, error: `${what}: ${message}` });
    })
    .catch((failure: unknown) => ctx.log.error({ leadId, err: String(failure) }, 'could not report a Slack failure'));
}

/** Sends a lead's DM and records where it landed; each failure is reported for what it is. */
export async function deliverLead(ctx: UseCaseContext, lead: Lead, send: () => Promise<MessageRef>): Promise<MessageRef | undefined> {
  let ref: MessageRef;
  try {
    ref = await send();
  } catch (error) {
    await reportSlackFailure(ctx, lead.leadId, `DM to ${lead.salesSlackId}`, error);
    return undefined;
  }
  try {
    await recordSlackMessage(ctx, lead.leadId, ref);
  } catch (error) {
    // The DM went out; only the in-place edits later depend on this, so log and carry on.
    ctx.log.error({ leadId: lead.leadId, err: String(error) }, 'could not record the DM on the lead row');
  }
  return ref;
}
