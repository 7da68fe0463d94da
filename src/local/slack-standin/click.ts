import { randomBytes } from 'node:crypto';
import { sendSigned } from './send-signed.ts';

type Obj = Record<string, unknown>;

export interface BlockActionsArgs {
  user: { id: string; name?: string };
  message: { channel: string; ts: string; text?: string; blocks?: unknown[] };
  action: { action_id: string; value?: string; block_id?: string };
  teamId?: string;
  apiAppId?: string;
  responseUrl?: string;
  triggerId?: string;
  /** Slack names every DM 'directmessage'; for a C… channel pass its name (default: the id). */
  channelName?: string;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface FoundButton {
  block_id: string | undefined;
  element: Obj;
}

/** Buttons sit in actions blocks or as a section accessory. */
function findButton(blocks: unknown[], actionId: string, blockId: string | undefined): FoundButton | undefined {
  for (const block of blocks) {
    if (!isObj(block)) continue;
    const id = typeof block.block_id === 'string' ? block.block_id : undefined;
    if (blockId !== undefined && id !== blockId) continue;
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    for (const el of candidates) {
      if (isObj(el) && el.action_id === actionId) return { block_id: id, element: el };
    }
  }
  return undefined;
}

function slackTs(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

/**
 * The block_actions payload Slack posts when a user clicks a message button. The button's
 * block_id, text, value and style are read from the message's blocks, as Slack does; clicking a
 * button the message does not contain is impossible in Slack, so it throws here (pass no blocks
 * to forge an arbitrary action).
 */
export function buildBlockActionsPayload(args: BlockActionsArgs): Obj {
  const teamId = args.teamId ?? 'T0LOCAL01';
  const blocks = args.message.blocks ?? [];
  const found = blocks.length > 0 ? findButton(blocks, args.action.action_id, args.action.block_id) : undefined;
  if (blocks.length > 0 && !found) {
    const where = args.action.block_id ? ` in block ${args.action.block_id}` : '';
    throw new Error(`message ${args.message.ts} has no element with action_id ${args.action.action_id}${where}`);
  }
  const el = found?.element ?? {};
  const label = isObj(el.text) && typeof el.text.text === 'string' ? el.text.text : args.action.action_id;
  const action: Obj = {
    action_id: args.action.action_id,
    block_id: args.action.block_id ?? found?.block_id ?? 'standin',
    text: { type: 'plain_text', text: label, emoji: true },
    type: typeof el.type === 'string' ? el.type : 'button',
    action_ts: slackTs(Date.now()),
  };
  const value = args.action.value ?? (typeof el.value === 'string' ? el.value : undefined);
  if (value !== undefined) action.value = value;
  if (typeof el.style === 'string') action.style = el.style;

  const username = args.user.name ?? args.user.id.toLowerCase();
  const channelName = args.message.channel.startsWith('D') ? 'directmessage' : (args.channelName ?? args.message.channel);
  const message: Obj = { type: 'message', ts: args.message.ts, text: args.message.text ?? '' };
  if (blocks.length > 0) message.blocks = blocks;
  return {
    type: 'block_actions',
    user: { id: args.user.id, username, name: username, team_id: teamId },
    api_app_id: args.apiAppId ?? 'A0LOCALAPP',
    token: 'local-verification-token',
    container: { type: 'message', message_ts: args.message.ts, channel_id: args.message.channel, is_ephemeral: false },
    trigger_id: args.triggerId ?? `${Date.now()}.${Date.now() % 1_000_000}.${randomBytes(16).toString('hex')}`,
    team: { id: teamId, domain: 'baton-local' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: args.message.channel, name: channelName },
    message,
    state: { values: {} },
    response_url: args.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/${Date.now()}/${randomBytes(12).toString('hex')}`,
    actions: [action],
  };
}

export interface SignedInteractionArgs {
  eventsUrl: string;
  signingSecret: string;
  payload: Obj;
  timestampSeconds?: number;
  signatureOverride?: string;
}

/** POSTs `payload=<json>` form-encoded, signed, as Slack delivers a button click. */
export function sendSignedInteraction(args: SignedInteractionArgs): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ payload: JSON.stringify(args.payload) }).toString();
  return sendSigned({
    url: args.eventsUrl,
    signingSecret: args.signingSecret,
    body,
    contentType: 'application/x-www-form-urlencoded',
    ...(args.timestampSeconds !== undefined ? { timestampSeconds: args.timestampSeconds } : {}),
    ...(args.signatureOverride !== undefined ? { signatureOverride: args.signatureOverride } : {}),
  });
}
