import type { Args } from './args.ts';
import { getPermalink, postEphemeral, postMessage, update } from './chat.ts';
import { conversationsOpen, usersInfo, usersList } from './directory.ts';
import { SlackApiError } from './errors.ts';
import { viewsPublish } from './views.ts';
import { viewsOpen } from './modals.ts';
import type { Workspace } from './workspace.ts';

type Result = Record<string, unknown>;

export interface MethodSpec {
  /** Any one of these grants the call; empty means no scope needed. */
  scopes: string[];
  /** api.test is the one method Slack answers without a token. */
  needsToken: boolean;
  handle(ws: Workspace, args: Args, grantedScopes: string[]): Result;
}

function authTest(ws: Workspace): Result {
  const id = ws.identity;
  return {
    ok: true,
    url: `https://${id.teamDomain}.slack.com/`,
    team: id.teamName,
    user: id.botName,
    team_id: id.teamId,
    user_id: id.botUserId,
    bot_id: id.botId,
    is_enterprise_install: false,
  };
}

const spec = (scopes: string[], handle: MethodSpec['handle'], needsToken = true): MethodSpec => ({ scopes, needsToken, handle });

export const METHODS: Record<string, MethodSpec> = {
  'api.test': spec([], (_ws, args) => ({ ok: true, args }), false),
  'auth.test': spec([], (ws) => authTest(ws)),
  'chat.postMessage': spec(['chat:write'], (ws, args) => postMessage(ws, args)),
  'chat.update': spec(['chat:write'], (ws, args) => update(ws, args)),
  'chat.postEphemeral': spec(['chat:write'], (ws, args) => postEphemeral(ws, args)),
  'chat.getPermalink': spec([], (ws, args) => getPermalink(ws, args)),
  'conversations.open': spec(['im:write', 'mpim:write', 'channels:manage', 'groups:write'], (ws, args) => conversationsOpen(ws, args)),
  'users.info': spec(['users:read'], (ws, args, scopes) => usersInfo(ws, args, scopes)),
  'users.list': spec(['users:read'], (ws, args, scopes) => usersList(ws, args, scopes)),
  // views.* need no scope (Slack's docs); the Home tab must be enabled in the app's manifest.
  'views.publish': spec([], (ws, args) => viewsPublish(ws, args)),
  'views.open': spec([], (ws, args) => viewsOpen(ws, args)),
};

/** Slack names the first acceptable scope as `needed` and lists what the token has. */
export function checkScopes(method: MethodSpec, granted: string[]): void {
  if (method.scopes.length === 0 || method.scopes.some((s) => granted.includes(s))) return;
  throw new SlackApiError('missing_scope', { needed: method.scopes[0], provided: granted.join(',') });
}
