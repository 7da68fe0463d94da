import type { App } from '@slack/bolt';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { stateValue } from '../view-state.ts';
import { replyPrivately } from './reply-privately.ts';

export interface ModalSubmission<Context extends { channel: string }, Input> {
  callbackId: string;
  /** Reads the form; any error (by block_id) is shown in the modal and nothing is decided. */
  readForm: (field: (blockId: string) => string) => { input: Input; errors: Record<string, string> };
  parseContext: (metadata: unknown) => Context | undefined;
  /** Runs the use case; returns what to tell the submitter privately when it refused, else undefined. */
  decide: (context: Context, actorId: string, input: Input) => Promise<string | undefined>;
}

/**
 * A modal's submission: acked with the form's errors, or acked at once (Slack waits 3 s) and
 * decided in the background, a refusal told privately where the modal was opened from.
 */
export function decideModalSubmission<Context extends { channel: string }, Input>(app: App, ctx: UseCaseContext, submission: ModalSubmission<Context, Input>): void {
  app.view(submission.callbackId, async ({ ack, body, view }) => {
    const { input, errors } = submission.readForm((blockId) => stateValue(view.state?.values, blockId));
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const context = submission.parseContext(view.private_metadata);
    const user = body.user?.id ?? '';
    ctx.background.run(async () => {
      if (!context || !user) return;
      const refusal = await submission.decide(context, user, input);
      if (refusal !== undefined) await replyPrivately(ctx, { channel: context.channel, user }, refusal);
    });
  });
}
