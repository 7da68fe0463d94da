import type { App } from '@slack/bolt';
import { actOnException } from '../../use-cases/act-on-exception.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { stateValue } from '../view-state.ts';
import { exceptionRejectionText } from '../views/exception-message.ts';
import { EXCEPTION_ASSIGN_MODAL, parseExceptionModalContext } from '../views/exception-modals.ts';
import { replyPrivately } from './reply-privately.ts';

/** The Assign modal's submission: rep and cause required (shown in the modal), then decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  app.view(EXCEPTION_ASSIGN_MODAL, async ({ ack, body, view }) => {
    const values = view.state?.values;
    const repId = stateValue(values, 'rep');
    const cause = stateValue(values, 'cause');
    const note = stateValue(values, 'note');
    const errors: Record<string, string> = {};
    if (!repId) errors.rep = 'Pick the rep who takes this lead';
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
      const decision = await actOnException(ctx, { exceptionId: context.exceptionId, actorId: user, action: { kind: 'assign', repId, cause, note } });
      if (decision.kind === 'reject') await replyPrivately(ctx, { channel: context.channel, user }, exceptionRejectionText(decision, ctx.settings));
    });
  });
}
