import type { WebClient } from '@slack/web-api';
import type { Clock } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import type { OpsStatus } from '../ops-status.ts';

/** One auth.test at startup, so a refused token shows on /readyz and in the log instead of on the first DM. */
export async function checkSlackAuth(client: WebClient, status: OpsStatus, clock: Clock, log: Logger): Promise<void> {
  try {
    const auth = await client.auth.test();
    status.slackOutcome(true, `auth.test ok as ${auth.user ?? 'bot'} in ${auth.team ?? 'workspace'}`, clock.now());
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error instanceof Error ? error.message : String(error));
    status.slackOutcome(false, `auth.test failed: ${code}`, clock.now());
    log.error({ err: code }, 'slack: the bot token was refused; DMs will fail until SLACK_BOT_TOKEN is fixed');
  }
}
