import { type Args, str } from './args.ts';
import { readJsonArray } from './blocks.ts';
import { SlackApiError } from './errors.ts';
import { readViewArg } from './read-view-arg.ts';
import type { Workspace } from './workspace.ts';

/** A modal opened with views.open, as the stand-in keeps it (Slack shows it to whoever clicked). */
export interface OpenedModal {
  id: string;
  triggerId: string;
  view: { type: 'modal'; callback_id?: string; private_metadata?: string; blocks: unknown[]; [key: string]: unknown };
}

const MAX_BLOCKS = 100;
const opened = new WeakMap<Workspace, { modals: OpenedModal[]; triggers: Set<string> }>();

function stateOf(ws: Workspace) {
  let state = opened.get(ws);
  if (!state) {
    state = { modals: [], triggers: new Set() };
    opened.set(ws, state);
  }
  return state;
}

export function openedModals(ws: Workspace): readonly OpenedModal[] {
  return stateOf(ws).modals;
}

function readModal(raw: unknown): OpenedModal['view'] {
  const view = readViewArg(raw, 'modal', 'views.open');
  const title = view.title as { text?: unknown } | undefined;
  if (typeof title?.text !== 'string' || title.text.length === 0 || title.text.length > 24) {
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] } });
  }
  const blocks = readJsonArray(view.blocks, 'invalid_blocks') ?? [];
  if (blocks.length > MAX_BLOCKS) throw new SlackApiError('invalid_blocks');
  return { ...view, type: 'modal', blocks };
}

/** views.open: a trigger_id opens one modal, once (Slack: `exchanged_trigger_id` on reuse). */
export function viewsOpen(ws: Workspace, args: Args): Record<string, unknown> {
  const triggerId = str(args, 'trigger_id');
  if (!triggerId) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
  const state = stateOf(ws);
  if (state.triggers.has(triggerId)) throw new SlackApiError('exchanged_trigger_id');
  const view = readModal(args.view);
  state.triggers.add(triggerId);
  const modal: OpenedModal = { id: `VM${String(state.modals.length + 1).padStart(9, '0')}`, triggerId, view };
  state.modals.push(modal);
  ws.touch();
  return { ok: true, view: { ...view, id: modal.id, team_id: ws.identity.teamId, app_id: ws.identity.appId, bot_id: ws.identity.botId } };
}
