import type { Lead } from '../domain/types.ts';
import type { MessageRef } from '../core/ports.ts';
import type { UseCaseContext } from './context.ts';
import { announcementsOf } from './track-announcements.ts';
import { leadsScope } from './scope-of-work.ts';

/** A DM that went out to a lead's owner, waiting to be recorded on the lead's row. */
export interface SentDm {
  leadId: string;
  /** Whom it was sent to: recorded only while that rep still owns the lead. */
  owner: string;
  ref: MessageRef;
}

/**
 * Remembers where each lead's live DM is, so later changes edit it in place: all of them in one
 * commit. A lead that changed owner meanwhile keeps its newer DM (this one would send later edits
 * to the wrong rep); one that is gone is skipped.
 */
export async function recordSlackMessages(ctx: UseCaseContext, sent: readonly SentDm[]): Promise<void> {
  if (sent.length === 0) return;
  const stale = await ctx.ledger.transact((book) => {
    const skipped: string[] = [];
    for (const dm of sent) {
      const lead = book.lead(dm.leadId);
      if (!lead || lead.salesSlackId !== dm.owner) {
        skipped.push(dm.leadId);
        continue;
      }
      book.updateLead({ ...lead, slackChannel: dm.ref.channel, slackTs: dm.ref.ts });
    }
    return skipped;
  }, { scope: leadsScope(sent.map((dm) => dm.leadId)) });
  ctx.unrecordedDms?.forget(sent.map((dm) => dm.leadId));
  if (stale.length > 0) ctx.log.info({ leadIds: stale }, 'slack: DM not recorded, its lead has another owner or is gone');
}

/** A Slack failure never undoes a routing decision; it is audited and managers hear of it. */
export async function reportSlackFailure(ctx: UseCaseContext, leadId: string, what: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  ctx.log.warn({ leadId, err: message }, `slack: ${what} failed`);
  await ctx.ledger
    .transact((book) => {
      book.audit({ at: ctx.clock.now(), event: 'slack.failed', leadId, actor: 'baton', detail: `${what}: ${message}` });
      return book.lead(leadId);
    }, { scope: leadsScope([leadId]) })
    .then(async (lead) => {
      if (lead) await ctx.notifier.notifyManagers({ kind: 'dm-failed', lead, error: `${what}: ${message}` });
    })
    .catch((failure: unknown) => ctx.log.error({ leadId, err: String(failure) }, 'could not report a Slack failure'));
}

/** Sends a lead's DM to its owner; a failure is reported and gives undefined. Records nothing. */
export async function sendLeadDm(ctx: UseCaseContext, lead: Lead, send: () => Promise<MessageRef>): Promise<SentDm | undefined> {
  announcementsOf(ctx).take(lead.leadId);
  let sent: SentDm;
  try {
    sent = { leadId: lead.leadId, owner: lead.salesSlackId, ref: await send() };
  } catch (error) {
    await reportSlackFailure(ctx, lead.leadId, `DM to ${lead.salesSlackId}`, error);
    return undefined;
  }
  ctx.unrecordedDms?.note(sent);
  return sent;
}

/**
 * DMs that processes killed meanwhile had sent but not recorded: recorded now (on the rows of
 * leads those reps still own), so the startup sweep does not DM those owners again.
 */
export async function recordDmsLeftBehind(ctx: UseCaseContext): Promise<void> {
  const left = ctx.unrecordedDms?.leftBehind();
  if (!left || left.dms.length === 0) return;
  await recordSlackMessages(ctx, left.dms);
  left.done();
  ctx.log.info({ leadIds: left.dms.map((dm) => dm.leadId) }, 'slack: recorded DMs a stopped process had sent but not recorded');
}

/** Records DMs already sent; a failure is logged, never thrown: the DMs went out, only in-place edits depend on it. */
export async function recordSentDms(ctx: UseCaseContext, sent: readonly SentDm[]): Promise<void> {
  try {
    await recordSlackMessages(ctx, sent);
  } catch (error) {
    ctx.log.error({ leadIds: sent.map((dm) => dm.leadId), err: String(error) }, 'could not record the DM on the lead row');
  }
}

/** Sends one lead's DM and records where it landed (intake: concurrent intakes' records share commits in the ledger). */
export async function deliverLead(ctx: UseCaseContext, lead: Lead, send: () => Promise<MessageRef>): Promise<MessageRef | undefined> {
  const sent = await sendLeadDm(ctx, lead, send);
  if (sent) await recordSentDms(ctx, [sent]);
  return sent?.ref;
}
