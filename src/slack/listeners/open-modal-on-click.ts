import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { UseCaseContext } from '../../use-cases/context.ts';
import { clickPlace, replyPrivately } from './reply-privately.ts';

export type ClickPlace = ReturnType<typeof clickPlace>;

export interface ModalButton<Subject> {
  actionId: string;
  /** For the log line when Slack refuses to open the modal. */
  modalName: string;
  /** What the button's value names; undefined drops the click. */
  parseValue: (value: string | undefined) => Subject | undefined;
  /** Why this clicker may not act (said to them privately), or undefined to open the modal. */
  refusal: (subject: Subject, user: string) => string | undefined;
  modal: (subject: Subject, place: ClickPlace) => View;
  /** What identifies the subject in logs. */
  logFields: (subject: Subject) => Record<string, unknown>;
}

/**
 * A button that opens a modal: acked first, and the modal opened at once because its trigger
 * expires in seconds. Nothing is decided here; the submission decides again.
 */
export function openModalOnClick<Subject>(app: App, ctx: UseCaseContext, button: ModalButton<Subject>): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: button.actionId }, async ({ ack, body, action, client }) => {
    await ack();
    const place = clickPlace(body);
    const subject = button.parseValue(action?.value);
    if (!place.user || subject === undefined) return;
    const refusal = button.refusal(subject, place.user);
    if (refusal !== undefined) {
      ctx.background.run(() => replyPrivately(ctx, { channel: place.channel, user: place.user }, refusal));
      return;
    }
    await client.views
      .open({ trigger_id: body.trigger_id, view: button.modal(subject, place) })
      .catch((error: unknown) => ctx.log.warn({ ...button.logFields(subject), err: String(error) }, `could not open the ${button.modalName} modal`));
  });
}
