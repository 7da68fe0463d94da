import type { App, BlockAction, ButtonAction, DatepickerAction } from '@slack/bolt';
import { endOfDay, readLastDay } from '../../domain/parse-baton-command.ts';
import { setAvailability } from '../../use-cases/set-availability.ts';
import type { VisibilityContext } from '../../use-cases/visibility-context.ts';
import type { HomePublisher } from '../home-publisher.ts';
import { HOME_ACTIONS } from '../views/home-view.ts';

/** App Home's "Away for today", "Away through <date>" and "I'm back": the same use case as /baton away|back. */
export function register(app: App, vctx: VisibilityContext, homes: HomePublisher): void {
  const { ctx } = vctx;
  const apply = async (userId: string, day: string | null) => {
    try {
      await setAvailability(vctx, userId, day === null ? null : { lastDay: day, until: endOfDay(day, ctx.settings.timeZone) });
    } catch (error) {
      ctx.log.warn({ user: userId, err: error instanceof Error ? error.message : String(error) }, 'app home: availability not changed');
    }
    // The person sees the outcome in their Home at once; managers see who is away.
    await homes.opened(userId);
    homes.changed(vctx.managerIds);
  };
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: HOME_ACTIONS.awayToday }, async ({ ack, body }) => {
    await ack();
    const today = readLastDay('today', ctx.clock.now(), ctx.settings.timeZone);
    if (today.ok) ctx.background.run(() => apply(body.user.id, today.day));
  });
  app.action<BlockAction<DatepickerAction>>({ type: 'block_actions', action_id: HOME_ACTIONS.awayUntil }, async ({ ack, body, action }) => {
    await ack();
    const day = readLastDay(action.selected_date ?? '', ctx.clock.now(), ctx.settings.timeZone);
    // A past date picked by mistake changes nothing; the Home is published again as it was.
    ctx.background.run(() => (day.ok ? apply(body.user.id, day.day) : homes.opened(body.user.id)));
  });
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: HOME_ACTIONS.back }, async ({ ack, body }) => {
    await ack();
    ctx.background.run(() => apply(body.user.id, null));
  });
}
