import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { EXCEPTION_DISMISS } from '../views/exception-message.ts';
import { dismissModal } from '../views/exception-modals.ts';
import { clickPlace, replyPrivately } from './reply-privately.ts';

/** Close as junk: managers get the modal (a cause is required) at once (the trigger expires in seconds); anyone else a private no. */
export function register(app: App, ctx: UseCaseContext): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: EXCEPTION_DISMISS }, async ({ ack, body, action, client }) => {
    await ack();
    const place = clickPlace(body);
    const exceptionId = typeof action?.value === 'string' ? action.value : '';
    if (!place.user || !exceptionId) return;
    if (!(ctx.exceptions?.managers ?? []).includes(place.user)) {
      ctx.background.run(() => replyPrivately(ctx, { channel: place.channel, user: place.user }, 'Only managers (MANAGER_SLACK_IDS) can act on exceptions; nothing was changed.'));
      return;
    }
    await client.views
      .open({ trigger_id: body.trigger_id, view: dismissModal({ exceptionId, channel: place.channel, ts: place.ts }) })
      .catch((error: unknown) => ctx.log.warn({ exceptionId, err: String(error) }, 'could not open the dismiss modal'));
  });
}
