/** Told of every Slack Web API call's outcome (metrics). */
export type SlackCallListener = (method: string, outcome: 'ok' | 'error') => void;

/** Runs one Slack call and reports whether it succeeded; the result or error passes through unchanged. */
export async function reportSlackCall<T>(onCall: SlackCallListener | undefined, method: string, run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    onCall?.(method, 'ok');
    return result;
  } catch (error) {
    onCall?.(method, 'error');
    throw error;
  }
}

/**
 * True when Slack refused an ephemeral because the user cannot see that conversation (a forwarded
 * DM, a channel they left): the caller then says it in their DM instead of leaving them unanswered.
 */
export function ephemeralUnreachable(error: unknown): boolean {
  const code = (error as { data?: { error?: string } }).data?.error;
  return code === 'user_not_in_channel' || code === 'channel_not_found';
}
