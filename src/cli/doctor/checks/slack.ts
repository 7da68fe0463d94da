import type { WebClient } from '@slack/web-api';
import { fail, pass, type CheckResult } from '../types.ts';

/** The bot scopes Baton calls need (manifest.yml lists them with reasons). */
/** Exactly the bot scopes manifest.yml asks for: chat:write (DMs, updates, ephemerals), users:read (doctor), commands (/baton). */
export const REQUIRED_SCOPES = ['chat:write', 'users:read', 'commands'] as const;

const TOKEN_FIX = "copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page into SLACK_BOT_TOKEN; if the app was uninstalled, install it to the workspace again";

/** A Slack platform error code ("invalid_auth"), or the message of anything else. */
export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

function isPlatformError(error: unknown): boolean {
  return typeof (error as { data?: { error?: unknown } }).data?.error === 'string';
}

export interface SlackAuth {
  result: CheckResult;
  ok: boolean;
  /** From the x-oauth-scopes header; undefined when Slack sent none. */
  scopes?: string[];
}

/** auth.test: the token works, and which scopes it carries. */
export async function checkSlackToken(client: WebClient, apiUrl: string | undefined): Promise<SlackAuth> {
  try {
    const response = await client.auth.test();
    const scopes = response.response_metadata?.scopes?.filter((scope) => scope !== '');
    const who = response.user ? `bot @${response.user}` : 'bot';
    const team = response.team ? ` in ${response.team}` : '';
    return { ok: true, scopes, result: pass(`Slack token valid (${who}${team})`) };
  } catch (error) {
    const code = slackErrorCode(error);
    if (isPlatformError(error)) return { ok: false, result: fail(`Slack token rejected (${code})`, TOKEN_FIX) };
    const where = apiUrl ? `SLACK_API_URL ${apiUrl}` : 'slack.com';
    return { ok: false, result: fail(`Slack unreachable (${code})`, `check the network connection to ${where} and try again`) };
  }
}

export function checkScopes(scopes: readonly string[] | undefined): CheckResult {
  if (!scopes) {
    return fail('Slack did not report the token\'s scopes', 'point SLACK_API_URL at Slack (or unset it), then run `npm run doctor` again');
  }
  const missing = REQUIRED_SCOPES.filter((scope) => !scopes.includes(scope));
  if (missing.length === 0) return pass(`Slack token has the scopes Baton needs (${REQUIRED_SCOPES.join(', ')})`);
  const list = missing.join(', ');
  return fail(
    `Slack token lacks scope${missing.length > 1 ? 's' : ''} ${list}`,
    `add ${list} under your Slack app's OAuth & Permissions → Bot Token Scopes (manifest.yml lists them), reinstall the app to the workspace, and use the xoxb- token it shows`,
  );
}

export type MemberProblem = { id: string; problem: 'not_found' | 'deleted' | 'bot' | 'error'; detail?: string };

/** users.info: the id is a current, human member of the workspace. */
export async function lookUpMember(client: WebClient, id: string): Promise<MemberProblem | { id: string; problem?: undefined; name: string }> {
  try {
    const response = await client.users.info({ user: id });
    const user = response.user;
    if (!user) return { id, problem: 'error', detail: 'users.info returned no user' };
    if (user.deleted) return { id, problem: 'deleted' };
    if (user.is_bot || user.id === 'USLACKBOT') return { id, problem: 'bot' };
    return { id, name: user.real_name || user.name || id };
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'user_not_found') return { id, problem: 'not_found' };
    return { id, problem: 'error', detail: code };
  }
}

/** Runs `work` over `items` with at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
