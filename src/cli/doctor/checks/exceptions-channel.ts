import type { WebClient } from '@slack/web-api';
import { fail, pass, type CheckResult } from '../types.ts';
import { slackErrorCode } from './slack.ts';

/**
 * EXCEPTIONS_CHANNEL (issue 13): the channel must exist and Baton must be in it, or every
 * exception message would be refused (not_in_channel) and managers would hear nothing.
 */
export async function checkExceptionsChannel(client: WebClient, channel: string): Promise<CheckResult> {
  try {
    const answer = await client.conversations.info({ channel });
    const info = answer.channel as { name?: string; is_member?: boolean; is_archived?: boolean } | undefined;
    const name = info?.name ? `#${info.name}` : channel;
    if (info?.is_archived) return fail(`EXCEPTIONS_CHANNEL ${name} is archived`, 'unarchive it or set EXCEPTIONS_CHANNEL to another channel id');
    if (!info?.is_member) return fail(`Baton is not a member of EXCEPTIONS_CHANNEL ${name}`, `in Slack, open ${name} and type /invite @Baton`);
    return pass(`Baton is a member of EXCEPTIONS_CHANNEL ${name}`);
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'channel_not_found') return fail(`EXCEPTIONS_CHANNEL ${channel} not found`, 'copy the channel id from the channel details (About tab, at the bottom); a private channel needs Baton invited first');
    if (code === 'missing_scope') return fail('cannot check EXCEPTIONS_CHANNEL: the token lacks channels:read / groups:read', 'add channels:read (and groups:read for a private channel) to the app\'s Bot Token Scopes (manifest.yml lists them) and reinstall');
    return fail(`cannot check EXCEPTIONS_CHANNEL ${channel} (${code})`, 'check the channel id and the Slack connection, then run `npm run doctor` again');
  }
}
