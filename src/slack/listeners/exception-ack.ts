import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { actOnException } from '../../use-cases/act-on-exception.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { EXCEPTION_ACK, exceptionRejectionText } from '../views/exception-message.ts';
import { clickPlace, replyPrivately } from './reply-privately.ts';

/** I'm on it: a manager takes an exception; the message shows who, from when. */
export function register(app: App, ctx: UseCaseContext): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: EXCEPTION_ACK }, async ({ ack, body, action }) => {
    await ack();
    const place = clickPlace(body);
    const exceptionId = typeof action?.value === 'string' ? action.value : '';
    ctx.background.run(async () => {
      if (!place.user || !exceptionId) return;
      const decision = await actOnException(ctx, { exceptionId, actorId: place.user, action: { kind: 'ack' } });
      if (decision.kind === 'reject') await replyPrivately(ctx, { channel: place.channel, user: place.user }, exceptionRejectionText(decision, ctx.settings));
    });
  });
}
