import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { markContacted, saveClick } from '../../use-cases/mark-contacted.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { MARK_CONTACTED, parseButtonValue } from '../views/lead-message.ts';

/**
 * The Mark as CONTACTED button: save the click to the journal, ack (Slack allows 3 s), then decide and update. While the
 * sheet is down the click is journaled and the rep told privately it is saved (mark-contacted.ts).
 */
export function register(app: App, ctx: UseCaseContext): void {
  // Only a block_actions click: Bolt alone routes any payload with `actions` (whatever its type) by action_id.
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: MARK_CONTACTED }, async ({ ack, body, action }) => {
    // The click's own time: if the sheet is down it is saved and applied later as of now.
    const clickedAt = ctx.clock.now();
    const clickerId = body.user?.id ?? '';
    const channel = body.container?.channel_id ?? body.channel?.id ?? '';
    const messageTs = body.container?.message_ts ?? body.message?.ts ?? '';
    const parsed = parseButtonValue(action?.value);
    // Saved before the ack: once Slack hears "ok", a crash cannot lose the click (one fsync, well inside 3 s).
    const click = clickerId && channel && parsed ? await saveClick(ctx, { leadId: parsed.leadId, clickerId, addressedTo: parsed.addressedTo, channel, messageTs, clickedAt }) : undefined;
    await ack();
    ctx.background.run(async () => {
      if (!clickerId || !channel) {
        ctx.log.warn({ clickerId, channel }, 'mark_contacted: payload without user or channel; ignored');
        return;
      }
      if (!click) {
        ctx.log.warn({ user: clickerId }, 'mark_contacted: button value without a lead id');
        await ctx.notifier.explainRejection({ channel, user: clickerId }, { code: 'unknown_lead', leadId: '' });
        return;
      }
      await markContacted(ctx, click);
    });
  });
}
