import { decideContact, type ContactDecision } from '../domain/decide-contact.ts';
import type { UseCaseContext } from './context.ts';

export interface ContactClick {
  leadId: string;
  clickerId: string;
  /** Who the clicked DM was addressed to, from the button value. */
  addressedTo: string;
  /** Where the click happened, for the ephemeral reply and as a fallback for the in-place edit. */
  channel: string;
  messageTs: string;
}

/** Owner-only, NEW-only, idempotent: concurrent clicks are serialized by the ledger, so one wins. */
export async function markContacted(ctx: UseCaseContext, click: ContactClick): Promise<ContactDecision> {
  const decision = await ctx.ledger.transact(
    (book): ContactDecision => {
      const now = ctx.clock.now();
      const decided = decideContact({ leadId: click.leadId, lead: book.lead(click.leadId), clickerId: click.clickerId, addressedTo: click.addressedTo, now });
      if (decided.kind === 'accept') {
        book.updateLead(decided.after);
        book.audit({ at: now, event: 'lead.contacted', leadId: click.leadId, actor: click.clickerId, detail: decided.reason });
      } else {
        book.audit({ at: now, event: 'action.rejected', leadId: click.leadId, actor: click.clickerId, detail: `${decided.code}: ${decided.reason}` });
      }
      return decided;
    },
    // A click must see admins' and other processes' latest edits to the lead.
    { fresh: true },
  );

  const log = ctx.log.child({ leadId: click.leadId, user: click.clickerId });
  if (decision.kind === 'accept') {
    log.info({ minutes: decision.minutesAfterAssignment }, 'contacted');
    const lead = decision.after;
    const ref = lead.slackChannel && lead.slackTs ? { channel: lead.slackChannel, ts: lead.slackTs } : { channel: click.channel, ts: click.messageTs };
    await ctx.notifier
      .updateOwnerMessage(ref, { kind: 'contacted', lead, minutesAfterAssignment: decision.minutesAfterAssignment })
      .catch((error: unknown) => log.warn({ err: String(error) }, 'could not update the DM in place'));
    // The clicked message may be an older reminder; make it show the outcome too.
    if (click.messageTs && click.messageTs !== ref.ts) {
      await ctx.notifier
        .updateOwnerMessage({ channel: click.channel, ts: click.messageTs }, { kind: 'contacted', lead, minutesAfterAssignment: decision.minutesAfterAssignment })
        .catch((error: unknown) => log.warn({ err: String(error) }, 'could not update the clicked message'));
    }
  } else {
    log.info({ code: decision.code }, 'click rejected');
    await ctx.notifier
      .explainRejection({ channel: click.channel, user: click.clickerId }, decision)
      .catch((error: unknown) => log.warn({ err: String(error) }, 'could not send the ephemeral reply'));
  }
  return decision;
}
