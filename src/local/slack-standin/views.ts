import { type Args, str } from './args.ts';
import { readJsonArray } from './blocks.ts';
import { SlackApiError } from './errors.ts';
import { readViewArg } from './read-view-arg.ts';
import type { Workspace } from './workspace.ts';

export interface PublishedView {
  userId: string;
  view: { type: string; blocks: unknown[]; [key: string]: unknown };
  id: string;
  hash: string;
  publishedAt: number;
}

/** Slack's ceiling for a Home view's blocks. */
const MAX_BLOCKS = 100;

const homes = new WeakMap<Workspace, Map<string, PublishedView>>();

export function homeViews(ws: Workspace): Map<string, PublishedView> {
  let views = homes.get(ws);
  if (!views) {
    views = new Map();
    homes.set(ws, views);
  }
  return views;
}

function readView(raw: unknown): PublishedView['view'] {
  const view = readViewArg(raw, 'home', 'views.publish');
  const blocks = readJsonArray(view.blocks, 'invalid_blocks') ?? [];
  if (blocks.length > MAX_BLOCKS) throw new SlackApiError('invalid_blocks', { response_metadata: { messages: [`[ERROR] no more than ${MAX_BLOCKS} items allowed [json-pointer:/view/blocks]`] } });
  // Slack refuses a view whose blocks repeat a block_id.
  const ids = blocks.map((block) => (block as { block_id?: unknown }).block_id).filter((id): id is string => typeof id === 'string');
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new SlackApiError('invalid_blocks', { response_metadata: { messages: [`[ERROR] duplicate block_id: ${repeated} [json-pointer:/view/blocks]`] } });
  return { ...view, type: 'home', blocks };
}

/** views.publish: the Home tab a user sees is the last view published for them. */
export function viewsPublish(ws: Workspace, args: Args): Record<string, unknown> {
  const userId = str(args, 'user_id');
  if (!userId) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: user_id'] } });
  const user = ws.user(userId);
  if (!user || user.deleted) throw new SlackApiError('user_not_found');
  const view = readView(args.view);
  const views = homeViews(ws);
  const previous = views.get(userId);
  const given = str(args, 'hash');
  // Slack refuses a publish based on an older view when a hash is given.
  if (given !== undefined && previous && given !== previous.hash) throw new SlackApiError('hash_conflict');
  const published: PublishedView = {
    userId,
    view,
    id: previous?.id ?? `V0${String(views.size + 1).padStart(9, '0')}`,
    hash: `${Date.now()}.${Math.random().toString(36).slice(2, 10)}`,
    publishedAt: Date.now(),
  };
  views.set(userId, published);
  ws.touch();
  return { ok: true, view: { ...view, id: published.id, hash: published.hash, team_id: ws.identity.teamId, app_id: ws.identity.appId, bot_id: ws.identity.botId } };
}
