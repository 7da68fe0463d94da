import type { UseCaseContext } from '../../use-cases/context.ts';

/** A private answer to whoever pressed a button or submitted a modal; a failure is only logged. */
export async function replyPrivately(ctx: UseCaseContext, target: { channel: string; user: string }, text: string): Promise<void> {
  const notifier = ctx.exceptions?.notifier;
  if (!notifier) return;
  await notifier.tellPrivately(target, text).catch((error: unknown) => ctx.log.warn({ user: target.user, err: String(error) }, 'could not send the private reply'));
}

/** Where a block_actions click happened. */
export function clickPlace(body: { user?: { id?: string }; container?: { channel_id?: string; message_ts?: string }; channel?: { id?: string }; message?: { ts?: string } }): {
  user: string;
  channel: string;
  ts: string;
} {
  return { user: body.user?.id ?? '', channel: body.container?.channel_id ?? body.channel?.id ?? '', ts: body.container?.message_ts ?? body.message?.ts ?? '' };
}
