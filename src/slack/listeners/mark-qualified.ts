import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { parseButtonValue } from '../views/lead-message.ts';
import { MARK_QUALIFIED, qualifyModal } from '../views/stage-views.ts';
import { mention } from '../views/text.ts';
import { clickPlace, replyPrivately } from './reply-privately.ts';

/**
 * Qualified: the owner gets the handoff modal at once (its trigger expires in seconds); someone the
 * DM was not for is told privately. Ownership and stage are decided again on submission.
 */
export function register(app: App, ctx: UseCaseContext): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: MARK_QUALIFIED }, async ({ ack, body, action, client }) => {
    await ack();
    const place = clickPlace(body);
    const parsed = parseButtonValue(action?.value);
    if (!place.user || !parsed) return;
    if (parsed.addressedTo && parsed.addressedTo !== place.user) {
      ctx.background.run(() => replyPrivately(ctx, { channel: place.channel, user: place.user }, `This lead is assigned to ${mention(parsed.addressedTo)}; only they can change it.`));
      return;
    }
    const context = { leadId: parsed.leadId, addressedTo: parsed.addressedTo, channel: place.channel, ts: place.ts };
    await client.views
      .open({ trigger_id: body.trigger_id, view: qualifyModal(context, '') })
      .catch((error: unknown) => ctx.log.warn({ leadId: parsed.leadId, err: String(error) }, 'could not open the qualify modal'));
  });
}
