import { type Args, bool, str } from './args.ts';
import { SlackApiError } from './errors.ts';
import type { StandinUser } from './types.ts';
import type { Workspace } from './workspace.ts';

type Result = Record<string, unknown>;

/** Slack gives every active user a zone; users created without one get the workspace default. */
const DEFAULT_TZ = 'America/Los_Angeles';

function zoneInfo(tz: string): { tz_label: string; tz_offset: number } {
  try {
    const now = new Date();
    const label = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value;
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offset ?? '');
    const seconds = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
    return { tz_label: label ?? tz, tz_offset: seconds };
  } catch {
    return { tz_label: tz, tz_offset: 0 };
  }
}

/**
 * The users.info / users.list member shape. Two real quirks on purpose: email only appears with
 * the users:read.email scope, and deactivated users come back without tz fields, so callers
 * must cope with both.
 */
export function slackUser(u: StandinUser, ws: Workspace, scopes: string[]): Result {
  const realName = u.real_name ?? u.name;
  const profile: Result = {
    real_name: realName,
    real_name_normalized: realName,
    display_name: u.name,
    display_name_normalized: u.name,
    team: ws.identity.teamId,
  };
  if (u.email !== undefined && scopes.includes('users:read.email')) profile.email = u.email;
  if (u.is_bot) profile.bot_id = u.id === ws.identity.botUserId ? ws.identity.botId : `B${u.id.slice(1)}`;
  const out: Result = {
    id: u.id,
    team_id: ws.identity.teamId,
    name: u.name,
    deleted: u.deleted === true,
    real_name: realName,
    profile,
    is_bot: u.is_bot === true,
    is_app_user: false,
    updated: 1_700_000_000,
  };
  if (!u.deleted) {
    const tz = u.tz ?? DEFAULT_TZ;
    Object.assign(out, { tz, ...zoneInfo(tz), is_admin: false, is_owner: false, is_restricted: false });
  }
  return out;
}

export function usersInfo(ws: Workspace, args: Args, scopes: string[]): Result {
  const id = str(args, 'user');
  const user = id ? ws.user(id) : undefined;
  if (!user) throw new SlackApiError('user_not_found');
  return { ok: true, user: slackUser(user, ws, scopes) };
}

/** Cursor pagination as WebClient.paginate drives it; the cursor is an opaque encoded offset. */
export function usersList(ws: Workspace, args: Args, scopes: string[]): Result {
  const all = ws.users();
  const limitArg = Number(str(args, 'limit') ?? '0');
  const limit = Number.isFinite(limitArg) && limitArg > 0 ? Math.min(limitArg, 1000) : all.length;
  const cursor = str(args, 'cursor');
  let start = 0;
  if (cursor) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!decoded) throw new SlackApiError('invalid_cursor');
    start = Number(decoded[1]);
  }
  const page = all.slice(start, start + limit);
  const next = start + limit < all.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
  return {
    ok: true,
    members: page.map((u) => slackUser(u, ws, scopes)),
    cache_ts: Math.floor(Date.now() / 1000),
    response_metadata: { next_cursor: next },
  };
}

/**
 * Only 1:1 DMs exist here; a multi-person DM is refused with a stand-in specific error so a
 * caller relying on one notices rather than getting a fake success.
 */
export function conversationsOpen(ws: Workspace, args: Args): Result {
  const channel = str(args, 'channel');
  if (channel && !str(args, 'users')) {
    const partner = ws.dmPartner(channel);
    if (partner === undefined) throw new SlackApiError('channel_not_found');
    return { ok: true, no_op: true, already_open: true, channel: { id: channel } };
  }
  const ids = (str(args, 'users') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new SlackApiError('users_list_not_supplied');
  if (ids.length > 1) throw new SlackApiError('standin_mpim_unsupported');
  const user = ws.user(ids[0] as string);
  if (!user) throw new SlackApiError('user_not_found');
  if (user.is_bot) throw new SlackApiError('cannot_dm_bot');
  if (user.deleted) throw new SlackApiError('user_disabled');
  const dm = ws.openDm(user.id);
  const full = bool(args, 'return_im');
  const info = full
    ? { id: dm.id, created: Math.floor(Date.now() / 1000), is_im: true, is_org_shared: false, user: user.id, is_user_deleted: false, priority: 0 }
    : { id: dm.id };
  return dm.created ? { ok: true, channel: info } : { ok: true, no_op: true, already_open: true, channel: info };
}
