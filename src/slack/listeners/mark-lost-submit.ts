import type { App } from '@slack/bolt';
import { LOST_REASONS } from '../../domain/stages.ts';
import { changeStage } from '../../use-cases/change-stage.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { stateValue } from '../view-state.ts';
import { MARK_LOST_MODAL, parseStageModalContext, stageRejectionText } from '../views/stage-views.ts';
import { replyPrivately } from './reply-privately.ts';

/** The Closed lost modal's submission: a reason from the list required ("other" with a note); decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  app.view(MARK_LOST_MODAL, async ({ ack, body, view }) => {
    const reason = stateValue(view.state?.values, 'reason');
    const note = stateValue(view.state?.values, 'note');
    const errors: Record<string, string> = {};
    if (!(LOST_REASONS as readonly string[]).includes(reason)) errors.reason = 'Pick a reason';
    else if (reason === 'other' && !note) errors.note = 'Say why in a note';
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const context = parseStageModalContext(view.private_metadata);
    const user = body.user?.id ?? '';
    ctx.background.run(async () => {
      if (!context || !user) return;
      const decision = await changeStage(ctx, { leadId: context.leadId, actorId: user, channel: context.channel, messageTs: context.ts, action: { kind: 'lose', reason, note } });
      if (decision.kind === 'reject') await replyPrivately(ctx, { channel: context.channel, user }, stageRejectionText(decision, ctx.settings));
    });
  });
}
