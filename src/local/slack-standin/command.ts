import { randomBytes } from 'node:crypto';
import { sendSigned } from './send-signed.ts';

export interface SlashCommandArgs {
  command: string;
  text: string;
  user: { id: string; name?: string };
  /** Where it was typed: the app's DM with the user (its Messages tab) unless told. */
  channel: string;
  responseUrl: string;
  teamId?: string;
  apiAppId?: string;
}

/** The form fields Slack POSTs for a slash command. */
export function buildSlashCommandBody(args: SlashCommandArgs): string {
  const teamId = args.teamId ?? 'T0LOCAL01';
  return new URLSearchParams({
    token: 'local-verification-token',
    team_id: teamId,
    team_domain: 'baton-local',
    channel_id: args.channel,
    channel_name: args.channel.startsWith('D') ? 'directmessage' : args.channel,
    user_id: args.user.id,
    user_name: args.user.name ?? args.user.id.toLowerCase(),
    command: args.command,
    text: args.text,
    api_app_id: args.apiAppId ?? 'A0LOCALAPP',
    is_enterprise_install: 'false',
    response_url: args.responseUrl,
    trigger_id: `${Date.now()}.${Date.now() % 1_000_000}.${randomBytes(16).toString('hex')}`,
  }).toString();
}

/** The Events API envelope Slack POSTs when a user opens the app's Home tab. */
export function buildAppHomeOpenedEvent(args: { user: string; channel: string; tab?: 'home' | 'messages'; teamId?: string; apiAppId?: string }): string {
  const now = Date.now();
  const ts = `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'local-verification-token',
    team_id: args.teamId ?? 'T0LOCAL01',
    api_app_id: args.apiAppId ?? 'A0LOCALAPP',
    event: { type: 'app_home_opened', user: args.user, channel: args.channel, tab: args.tab ?? 'home', event_ts: ts },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(now / 1000),
    authorizations: [{ team_id: args.teamId ?? 'T0LOCAL01', user_id: 'U0LOCALBOT', is_bot: true }],
  });
}

export { sendSigned };

export const sendSlashCommand = (url: string, signingSecret: string, args: SlashCommandArgs) =>
  sendSigned({ url, signingSecret, body: buildSlashCommandBody(args), contentType: 'application/x-www-form-urlencoded' });

export const sendAppHomeOpened = (url: string, signingSecret: string, args: Parameters<typeof buildAppHomeOpenedEvent>[0]) =>
  sendSigned({ url, signingSecret, body: buildAppHomeOpenedEvent(args), contentType: 'application/json' });
