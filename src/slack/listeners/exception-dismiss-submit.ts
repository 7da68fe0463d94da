import type { App } from '@slack/bolt';
import { actOnException } from '../../use-cases/act-on-exception.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { stateValue } from '../view-state.ts';
import { exceptionRejectionText } from '../views/exception-message.ts';
import { EXCEPTION_DISMISS_MODAL, parseExceptionModalContext } from '../views/exception-modals.ts';
import { replyPrivately } from './reply-privately.ts';

/** The Close-as-junk modal's submission: cause required (shown in the modal), then decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  app.view(EXCEPTION_DISMISS_MODAL, async ({ ack, body, view }) => {
    const values = view.state?.values;
    const cause = stateValue(values, 'cause');
    const note = stateValue(values, 'note');
    const errors: Record<string, string> = {};
    if (!cause) errors.cause = 'Pick a cause';
    if (cause === 'other' && !note) errors.note = 'Say why in a note';
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const context = parseExceptionModalContext(view.private_metadata);
    const user = body.user?.id ?? '';
    ctx.background.run(async () => {
      if (!context || !user) return;
      const decision = await actOnException(ctx, { exceptionId: context.exceptionId, actorId: user, action: { kind: 'dismiss', cause, note } });
      if (decision.kind === 'reject') await replyPrivately(ctx, { channel: context.channel, user }, exceptionRejectionText(decision, ctx.settings));
    });
  });
}
