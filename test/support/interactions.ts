import { randomBytes } from 'node:crypto';
import { buildBlockActionsPayload, sendSignedInteraction, type SlackStandin, type StandinMessage } from '../../src/local/slack-standin/index.ts';
import { SIGNING_SECRET, type Harness } from './harness.ts';

/** Clicks a button a message really shows (the stand-in builds the payload from the message's blocks). */
export async function clickAction(h: Harness, user: string, message: StandinMessage, actionId: string): Promise<{ status: number; body: string; triggerId: string }> {
  const triggerId = `${Date.now()}.${randomBytes(6).toString('hex')}`;
  const payload = buildBlockActionsPayload({ user: { id: user }, message: { channel: message.channel, ts: message.ts, blocks: message.blocks }, action: { action_id: actionId }, triggerId });
  const answer = await sendSignedInteraction({ eventsUrl: `${h.url}/slack/events`, signingSecret: SIGNING_SECRET, payload });
  return { ...answer, triggerId };
}

/** The newest message in someone's inbox that has a button with this action id. */
export function messageWithAction(slack: SlackStandin, user: string, actionId: string): StandinMessage | undefined {
  const messages = slack.inbox(user).filter((m) => !m.ephemeral);
  return [...messages].reverse().find((m) => JSON.stringify(m.blocks).includes(`"action_id":"${actionId}"`));
}

export interface OpenedView {
  callback_id: string;
  private_metadata: string;
  blocks: unknown[];
}

/** Modals Baton opened (views.open calls that Slack accepted), newest last. */
export function openedViews(slack: SlackStandin): Array<{ triggerId: string; view: OpenedView }> {
  return slack.calls
    .filter((call) => call.method === 'views.open' && call.ok)
    .map((call) => ({ triggerId: String(call.args.trigger_id), view: (typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view) as OpenedView }));
}

type StateValue = { type: 'plain_text_input'; value: string | null } | { type: 'static_select'; selected_option: { value: string } | null } | { type: 'users_select'; selected_user: string | null };

/** Fills a modal's inputs the way Slack reports them in view.state.values (block_id -> action_id -> state). */
export function stateOf(entries: Record<string, StateValue>): Record<string, Record<string, StateValue>> {
  return Object.fromEntries(Object.entries(entries).map(([block, state]) => [block, { [block]: state }]));
}

export const text = (value: string | null): StateValue => ({ type: 'plain_text_input', value });
export const option = (value: string | null): StateValue => ({ type: 'static_select', selected_option: value === null ? null : { value } });
export const user = (value: string | null): StateValue => ({ type: 'users_select', selected_user: value });

/** The view_submission Slack posts when someone presses a modal's submit button. */
export async function submitView(h: Harness, userId: string, view: OpenedView, values: Record<string, Record<string, StateValue>>): Promise<{ status: number; body: string; json: unknown }> {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0LOCAL01', domain: 'local' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0LOCAL01' },
    api_app_id: 'A0LOCAL01',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    view: {
      id: `V${randomBytes(5).toString('hex').toUpperCase()}`,
      team_id: 'T0LOCAL01',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
      state: { values },
      hash: `${Date.now()}.abc`,
      app_id: 'A0LOCAL01',
      bot_id: 'B0LOCAL01',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  const answer = await sendSignedInteraction({ eventsUrl: `${h.url}/slack/events`, signingSecret: SIGNING_SECRET, payload });
  let json: unknown;
  try {
    json = answer.body ? JSON.parse(answer.body) : undefined;
  } catch {
    json = undefined;
  }
  return { ...answer, json };
}
