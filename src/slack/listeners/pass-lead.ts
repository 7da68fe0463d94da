import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { changeStage } from '../../use-cases/change-stage.ts';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { parseButtonValue } from '../views/lead-message.ts';
import { PASS_LEAD, stageRejectionText } from '../views/stage-views.ts';
import { clickPlace, replyPrivately } from './reply-privately.ts';

/** Can't take it: the owner hands the NEW lead to the next active rep at once (a route, audited). */
export function register(app: App, ctx: UseCaseContext): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: PASS_LEAD }, async ({ ack, body, action }) => {
    await ack();
    const place = clickPlace(body);
    const parsed = parseButtonValue(action?.value);
    ctx.background.run(async () => {
      if (!place.user || !parsed) return;
      const decision = await changeStage(ctx, { leadId: parsed.leadId, actorId: place.user, channel: place.channel, messageTs: place.ts, action: { kind: 'pass', reason: "owner can't take it" } });
      const target = { channel: place.channel, user: place.user };
      if (decision.kind === 'reject') await replyPrivately(ctx, target, stageRejectionText(decision, ctx.settings));
    });
  });
}
