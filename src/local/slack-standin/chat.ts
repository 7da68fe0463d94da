import { type Args, readContent, str } from './args.ts';
import { withBlockIds } from './blocks.ts';
import { SlackApiError } from './errors.ts';
import type { StandinMessage } from './types.ts';
import type { Workspace } from './workspace.ts';

type Result = Record<string, unknown>;

/** Where a post lands: the conversation id and the user who sees it ('' for a channel). */
interface Target {
  channel: string;
  recipient: string;
}

/**
 * chat.postMessage accepts a user id and posts into the app's DM with that user, opening it.
 * A deactivated user still gets the message: Slack answers ok (the DM history survives
 * deactivation; see slackapi/python-slack-sdk#1156), so callers must check users.info `deleted`.
 */
function resolvePostTarget(ws: Workspace, channel: string | undefined): Target {
  if (!channel) throw new SlackApiError('channel_not_found');
  if (/^[UW]/.test(channel)) {
    const user = ws.user(channel);
    if (!user) throw new SlackApiError('channel_not_found');
    if (user.is_bot) throw new SlackApiError('cannot_dm_bot');
    return { channel: ws.openDm(user.id).id, recipient: user.id };
  }
  return existingConversation(ws, channel);
}

/** chat.update and friends need the conversation id itself; a user id is not one. */
function existingConversation(ws: Workspace, channel: string | undefined): Target {
  if (!channel) throw new SlackApiError('channel_not_found');
  const partner = ws.dmPartner(channel);
  if (partner !== undefined) return { channel, recipient: partner };
  if (ws.channel(channel)) return { channel, recipient: '' };
  throw new SlackApiError('channel_not_found');
}

function messageObject(ws: Workspace, m: StandinMessage): Result {
  const { botUserId, botId, appId, teamId, botName } = ws.identity;
  const out: Result = {
    user: botUserId,
    type: 'message',
    ts: m.ts,
    bot_id: botId,
    app_id: appId,
    text: m.text,
    team: teamId,
    bot_profile: { id: botId, app_id: appId, name: botName, deleted: false, team_id: teamId },
  };
  if (m.blocks.length > 0) out.blocks = m.blocks;
  if (m.thread_ts !== undefined) out.thread_ts = m.thread_ts;
  if (m.updatedAt !== undefined) {
    out.edited = { user: botUserId, ts: `${Math.floor(m.updatedAt / 1000)}.${String((m.updatedAt % 1000) * 1000).padStart(6, '0')}` };
  }
  return out;
}

/** Stores a message from the call's content (text, blocks, thread) in `channel`, seen by `recipient`. */
function postFromArgs(ws: Workspace, args: Args, channel: string, recipient: string, ephemeral: boolean) {
  const content = readContent(args);
  const thread = str(args, 'thread_ts');
  return ws.post({
    channel,
    recipient,
    text: content.text ?? '',
    blocks: withBlockIds(content.blocks ?? [], channel),
    ephemeral,
    ...(thread ? { thread_ts: thread } : {}),
  });
}

export function postMessage(ws: Workspace, args: Args): Result {
  const target = resolvePostTarget(ws, str(args, 'channel'));
  const m = postFromArgs(ws, args, target.channel, target.recipient, false);
  return { ok: true, channel: m.channel, ts: m.ts, message: messageObject(ws, m) };
}

/**
 * Slack keeps the previous blocks when an update omits them (an empty array clears them), and
 * we keep the previous text likewise.
 */
export function update(ws: Workspace, args: Args): Result {
  const target = existingConversation(ws, str(args, 'channel'));
  const ts = str(args, 'ts');
  const current = ts ? ws.find(target.channel, ts) : undefined;
  if (!ts || !current) throw new SlackApiError('message_not_found');
  const content = readContent(args);
  const m = ws.update(target.channel, ts, {
    text: content.text ?? current.text,
    blocks: content.blocks === undefined ? current.blocks : withBlockIds(content.blocks, target.channel),
  });
  return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message: messageObject(ws, m) };
}

export function postEphemeral(ws: Workspace, args: Args): Result {
  const userId = str(args, 'user');
  const user = userId ? ws.user(userId) : undefined;
  if (!user) throw new SlackApiError('user_not_found');
  const channel = str(args, 'channel');
  const target = channel && /^[UW]/.test(channel) ? resolvePostTarget(ws, channel) : existingConversation(ws, channel);
  // In a DM only its member can see anything; in a channel we treat every user as a member.
  if (target.recipient !== '' && target.recipient !== user.id) throw new SlackApiError('user_not_in_channel');
  const m = postFromArgs(ws, args, target.channel, user.id, true);
  return { ok: true, message_ts: m.ts };
}

export function getPermalink(ws: Workspace, args: Args): Result {
  const target = existingConversation(ws, str(args, 'channel'));
  const ts = str(args, 'message_ts');
  if (!ts || !ws.find(target.channel, ts)) throw new SlackApiError('message_not_found');
  const permalink = `https://${ws.identity.teamDomain}.slack.com/archives/${target.channel}/p${ts.replace('.', '')}`;
  return { ok: true, channel: target.channel, permalink };
}
