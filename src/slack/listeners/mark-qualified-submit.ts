import type { App } from '@slack/bolt';
import { changeStage } from '../../use-cases/change-stage.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { stateValue } from '../view-state.ts';
import { MARK_QUALIFIED_MODAL, parseStageModalContext, stageRejectionText } from '../views/stage-views.ts';
import { replyPrivately } from './reply-privately.ts';

/** The handoff modal's submission: notes required (shown in the modal); owner and stage decided once. */
export function register(app: App, ctx: UseCaseContext): void {
  app.view(MARK_QUALIFIED_MODAL, async ({ ack, body, view }) => {
    const notes = stateValue(view.state?.values, 'notes');
    if (!notes) {
      await ack({ response_action: 'errors', errors: { notes: 'Handoff notes are required' } });
      return;
    }
    await ack();
    const context = parseStageModalContext(view.private_metadata);
    const user = body.user?.id ?? '';
    ctx.background.run(async () => {
      if (!context || !user) return;
      const decision = await changeStage(ctx, { leadId: context.leadId, actorId: user, channel: context.channel, messageTs: context.ts, action: { kind: 'qualify', notes } });
      if (decision.kind === 'reject') await replyPrivately(ctx, { channel: context.channel, user }, stageRejectionText(decision, ctx.settings));
    });
  });
}
