import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { markContacted } from '../../use-cases/mark-contacted.ts';
import { leadsScope } from '../../use-cases/scope-of-work.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import type { HomePublisher } from '../home-publisher.ts';
import { parseButtonValue } from '../views/lead-message.ts';
import { HOME_ACTIONS } from '../views/home-view.ts';

/**
 * Mark as CONTACTED from App Home: the same use case as the DM's button. A Home view has no
 * conversation, so the lead's own DM stands in for it (its in-place edit, and where a rejection
 * is said privately), and the clicker's Home is published again with the outcome.
 */
export function register(app: App, ctx: UseCaseContext, homes: HomePublisher): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: HOME_ACTIONS.markContacted }, async ({ ack, body, action }) => {
    const clickedAt = ctx.clock.now();
    await ack();
    const clickerId = body.user?.id ?? '';
    const parsed = parseButtonValue(action?.value);
    if (!clickerId || !parsed) return;
    ctx.background.run(async () => {
      const lead = await ctx.ledger.transact((book) => book.lead(parsed.leadId), { scope: leadsScope([parsed.leadId]) });
      const channel = lead?.slackChannel || clickerId;
      await markContacted(ctx, { leadId: parsed.leadId, clickerId, addressedTo: parsed.addressedTo, channel, messageTs: lead?.slackTs ?? '', clickedAt });
      await homes.opened(clickerId);
    });
  });
}
