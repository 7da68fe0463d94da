import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { CustomRoute } from '@slack/bolt';
import { readBody } from '../../http/read-body.ts';
import { sendJson } from '../../http/respond.ts';
import { PROJECT_ROOT } from '../../project-root.ts';
import type { ClockSkip, SkippableClock } from '../local-clock.ts';
import type { CellValue, SheetsStandin } from '../sheets-standin/index.ts';
import { buildBlockActionsPayload, sendAppHomeOpened, sendSignedInteraction, sendSlashCommand, type SlackStandin } from '../slack-standin/index.ts';

export interface SandboxDeps {
  sheets: SheetsStandin;
  slack: SlackStandin;
  clock: SkippableClock;
  intakeToken: string;
  signingSecret: string;
  eventsUrl: () => string;
  /** Runs a sweep and returns its summary line ("sweep: 3 leads, 0 due, …"). */
  sweepNow: () => Promise<string>;
  /** The routing replay (`npm run simulate`'s report) over the recent leads; nothing written or sent. */
  simulate?: () => Promise<string>;
  afterClockSkip: () => void;
  refresh: () => Promise<void>;
  settings: { slaMinutes: number; timeZone: string; escalationThreshold: number };
}

const PAGE_DIR = join(PROJECT_ROOT, 'src', 'local', 'sandbox', 'page');
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

function serveFile(name: string, res: ServerResponse): void {
  const type = ASSETS[name];
  if (!type) {
    sendJson(res, 404, { error: 'not found' });
    return;
  }
  const body = readFileSync(join(PAGE_DIR, name));
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(req, 16 * 1024);
  if (body.length === 0) return {};
  const value = JSON.parse(body.toString('utf8')) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Edits sales_sheet the way an admin would in the spreadsheet, then re-reads it at once. */
function editRoster(deps: SandboxDeps, body: Record<string, unknown>): { ok: true } | { ok: false; error: string } {
  const rows = deps.sheets.readTab('sales_sheet').map((row) => [...row]);
  const header = (rows[0] ?? []).map((cell) => String(cell).toLowerCase());
  const column = (name: string) => header.indexOf(name);
  if (column('slack_id') < 0 || column('active') < 0) return { ok: false, error: 'sales_sheet has no slack_id/active header' };
  const slackId = text(body.slack_id);
  if (body.action === 'toggle') {
    const row = rows.find((r, i) => i > 0 && String(r[column('slack_id')] ?? '') === slackId);
    if (!row) return { ok: false, error: `no rep ${slackId}` };
    const active = /^(on|true|yes|1)$/i.test(String(row[column('active')] ?? ''));
    row[column('active')] = active ? 'OFF' : 'ON';
  } else if (body.action === 'add') {
    const name = text(body.name);
    if (!name || !/^U[A-Z0-9]{2,}$/.test(slackId)) return { ok: false, error: 'a rep needs a name and a Slack id like U0DANI' };
    if (rows.some((r, i) => i > 0 && String(r[column('slack_id')] ?? '') === slackId)) return { ok: false, error: `${slackId} is already in the roster` };
    const row: CellValue[] = header.map(() => '');
    row[column('slack_id')] = slackId;
    row[column('active')] = 'ON';
    if (column('name') >= 0) row[column('name')] = name;
    if (column('email') >= 0) row[column('email')] = text(body.email);
    rows.push(row);
    deps.slack.upsertUser({ id: slackId, name: name.toLowerCase().split(/\s+/)[0] ?? name, real_name: name });
  } else {
    return { ok: false, error: 'action must be toggle or add' };
  }
  deps.sheets.writeTab('sales_sheet', rows);
  return { ok: true };
}

/** Who opened which modal (by the click's trigger_id) and which modals were submitted or closed. */
interface ModalBook {
  opener: Map<string, string>;
  closed: Set<string>;
}

/** Open modals, each with the person who sees it; the newest last. */
function openModals(deps: SandboxDeps, modals: ModalBook) {
  return deps.slack
    .modals()
    .filter((modal) => !modals.closed.has(modal.id) && modals.opener.has(modal.triggerId))
    .map((modal) => ({ id: modal.id, user: modals.opener.get(modal.triggerId) as string, view: modal.view }));
}

function state(deps: SandboxDeps, clockSkips: readonly ClockSkip[] = [], modals?: ModalBook) {
  const users = deps.slack.users().filter((user) => !user.is_bot);
  return {
    now: deps.clock.now(),
    skippedMinutes: deps.clock.skippedMinutes,
    clockSkips,
    settings: deps.settings,
    intakeToken: deps.intakeToken,
    people: users.map((user) => ({ id: user.id, name: user.real_name ?? user.name })),
    inboxes: Object.fromEntries(users.map((user) => [user.id, deps.slack.inbox(user.id)])),
    homes: Object.fromEntries(users.map((user) => [user.id, deps.slack.homeView(user.id) ?? null])),
    modals: modals ? openModals(deps, modals) : [],
    tabs: Object.fromEntries(deps.sheets.tabTitles().map((title) => [title, deps.sheets.readTab(title)])),
  };
}

/** Server-sent events: the page re-renders whenever the sheet or Slack changes. */
function streamChanges(deps: SandboxDeps, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  let pending: NodeJS.Timeout | undefined;
  const notify = () => {
    if (pending) return;
    // Coalesce bursts (a sweep touches many cells) into one refresh of the page.
    pending = setTimeout(() => {
      pending = undefined;
      res.write(`event: change\ndata: ${Date.now()}\n\n`);
    }, 50);
  };
  deps.sheets.on('change', notify);
  deps.slack.on('change', notify);
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  // An open page must not hold shutdown hostage: server.close() waits for every connection, and
  // this one never ends by itself. Once the server stops listening, end the stream and its socket.
  const server = (req.socket as { server?: { listening?: boolean } }).server;
  const watchShutdown = setInterval(() => {
    if (server?.listening !== false || res.writableEnded) return;
    clearInterval(watchShutdown);
    res.end(() => req.socket.destroy());
  }, 200);
  watchShutdown.unref();
  req.on('close', () => {
    clearInterval(keepAlive);
    clearInterval(watchShutdown);
    if (pending) clearTimeout(pending);
    deps.slack.off('change', notify);
    deps.sheets.off('change', notify);
  });
}

/** Bolt's endpoint on this same server; known from the request even before startup has finished. */
function eventsUrlFor(deps: SandboxDeps, req: IncomingMessage): string {
  return deps.eventsUrl() || `http://127.0.0.1:${req.socket.localPort}/slack/events`;
}

/** A click on a DM button: the message must be in `user`'s inbox; `actor` is who clicks. */
function messageClick(deps: SandboxDeps, user: string, actor: string, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const message = deps.slack.inbox(user).find((m) => m.ts === text(body.ts) && m.channel === text(body.channel));
  if (!message) return undefined;
  return buildBlockActionsPayload({
    user: { id: actor },
    message: { channel: message.channel, ts: message.ts, text: message.text, blocks: message.blocks },
    action: { action_id: text(body.action_id), value: text(body.value) },
  });
}

/** A click in someone's Home tab: Slack sends the view as the container, not a message. */
function homeClick(deps: SandboxDeps, user: string, actor: string, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const view = deps.slack.homeView(user);
  if (!view) return undefined;
  const payload = buildBlockActionsPayload({
    user: { id: actor },
    message: { channel: 'D0HOME', ts: '0.000000', blocks: view.blocks },
    action: { action_id: text(body.action_id), value: text(body.value) || undefined },
  });
  const action = (payload.actions as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
  if (text(body.selected_date)) {
    action.type = 'datepicker';
    action.selected_date = text(body.selected_date);
    delete action.value;
  }
  delete payload.message;
  delete payload.channel;
  delete payload.response_url;
  return { ...payload, container: { type: 'view', view_id: 'V0HOME' }, view: { id: 'V0HOME', type: 'home', blocks: view.blocks } };
}

/** The DM conversation a person has with Baton, where their /baton replies appear. */
function dmChannelOf(deps: SandboxDeps, user: string): string {
  return deps.slack.inbox(user).find((m) => m.channel.startsWith('D'))?.channel ?? 'D0SANDBOX';
}

/** The sandbox page and its small JSON API; served in local mode only. */
export function sandboxRoutes(deps: SandboxDeps): CustomRoute[] {
  const clockSkips = deps.clock.skips;
  const modals: ModalBook = { opener: new Map(), closed: new Set() };
  const guard =
    (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) =>
    (req: IncomingMessage, res: ServerResponse) => {
      Promise.resolve(handler(req, res)).catch((error: unknown) => sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) }));
    };
  return [
    { path: '/', method: 'GET', handler: guard((_req, res) => serveFile('index.html', res)) },
    { path: '/sandbox/assets/:file', method: 'GET', handler: guard((req, res) => serveFile((req as IncomingMessage & { params?: { file?: string } }).params?.file ?? '', res)) },
    { path: '/sandbox/state', method: 'GET', handler: guard((_req, res) => sendJson(res, 200, state(deps, clockSkips, modals))) },
    { path: '/sandbox/events', method: 'GET', handler: (req, res) => streamChanges(deps, req, res) },
    {
      path: '/sandbox/click',
      method: 'POST',
      handler: guard(async (req, res) => {
        const body = await readJson(req);
        // `user` owns the inbox or Home the click happened in; `actor` clicks (anyone can click what they see).
        const user = text(body.user);
        const actor = text(body.actor) || user;
        if (!deps.slack.users().some((one) => one.id === actor && !one.is_bot)) {
          sendJson(res, 400, { error: `no person ${actor}` });
          return;
        }
        const payload = body.view === 'home' ? homeClick(deps, user, actor, body) : messageClick(deps, user, actor, body);
        if (!payload) {
          sendJson(res, 404, { error: body.view === 'home' ? 'no Home view published for that person' : 'no such message in that inbox' });
          return;
        }
        // A modal the click opens (views.open with this trigger_id) is shown to whoever clicked.
        if (typeof payload.trigger_id === 'string') modals.opener.set(payload.trigger_id, actor);
        const result = await sendSignedInteraction({ eventsUrl: eventsUrlFor(deps, req), signingSecret: deps.signingSecret, payload });
        sendJson(res, 200, { slackStatus: result.status });
      }),
    },
    {
      // Submitting a modal: Slack posts view_submission with the inputs' state; Baton may answer with errors.
      path: '/sandbox/modal',
      method: 'POST',
      handler: guard(async (req, res) => {
        const body = await readJson(req);
        const modal = openModals(deps, modals).find((one) => one.id === text(body.id));
        if (!modal) {
          sendJson(res, 404, { error: 'no such open modal' });
          return;
        }
        if (body.action === 'close') {
          modals.closed.add(modal.id);
          sendJson(res, 200, { closed: true });
          return;
        }
        const values = typeof body.values === 'object' && body.values !== null ? body.values : {};
        const payload = {
          type: 'view_submission',
          team: { id: 'T0LOCAL01', domain: 'baton-local' },
          user: { id: modal.user, username: modal.user.toLowerCase(), name: modal.user.toLowerCase(), team_id: 'T0LOCAL01' },
          api_app_id: 'A0LOCALAPP',
          token: 'local-verification-token',
          trigger_id: `${Date.now()}.1.${modal.id}`,
          view: { ...modal.view, id: modal.id, team_id: 'T0LOCAL01', app_id: 'A0LOCALAPP', bot_id: 'B0LOCALBOT', state: { values } },
          response_urls: [],
          is_enterprise_install: false,
        };
        const result = await sendSignedInteraction({ eventsUrl: eventsUrlFor(deps, req), signingSecret: deps.signingSecret, payload });
        let answer: { response_action?: string; errors?: Record<string, string> } = {};
        try {
          answer = result.body ? (JSON.parse(result.body) as typeof answer) : {};
        } catch {
          // Bolt's plain ack has no body.
        }
        if (result.status === 200 && answer.response_action !== 'errors') modals.closed.add(modal.id);
        sendJson(res, 200, { slackStatus: result.status, errors: answer.response_action === 'errors' ? (answer.errors ?? {}) : undefined });
      }),
    },
    {
      // Opening someone's Home tab: Slack sends app_home_opened, Baton publishes their view.
      path: '/sandbox/home',
      method: 'POST',
      handler: guard(async (req, res) => {
        const user = text((await readJson(req)).user);
        const result = await sendAppHomeOpened(eventsUrlFor(deps, req), deps.signingSecret, { user, channel: dmChannelOf(deps, user) });
        sendJson(res, 200, { slackStatus: result.status });
      }),
    },
    {
      // Typing /baton …: a signed slash command; Baton answers privately through the response_url.
      path: '/sandbox/command',
      method: 'POST',
      handler: guard(async (req, res) => {
        const body = await readJson(req);
        const user = text(body.user);
        const typed = text(body.text).replace(/^\/baton\b\s*/, '');
        const channel = dmChannelOf(deps, user);
        const result = await sendSlashCommand(eventsUrlFor(deps, req), deps.signingSecret, { command: '/baton', text: typed, user: { id: user }, channel, responseUrl: deps.slack.responseUrl(user, channel) });
        sendJson(res, 200, { slackStatus: result.status });
      }),
    },
    {
      path: '/sandbox/roster',
      method: 'POST',
      handler: guard(async (req, res) => {
        const result = editRoster(deps, await readJson(req));
        if (!result.ok) {
          sendJson(res, 400, { error: result.error });
          return;
        }
        // Production picks roster edits up within CACHE_SECONDS; the sandbox shows them at once.
        await deps.refresh();
        sendJson(res, 200, { ok: true });
      }),
    },
    {
      path: '/sandbox/sweep',
      method: 'POST',
      handler: guard(async (_req, res) => {
        sendJson(res, 200, { ok: true, summary: await deps.sweepNow() });
      }),
    },
    {
      path: '/sandbox/simulate',
      method: 'POST',
      handler: guard(async (_req, res) => {
        if (!deps.simulate) {
          sendJson(res, 404, { error: 'not available' });
          return;
        }
        sendJson(res, 200, { ok: true, report: await deps.simulate() });
      }),
    },
    {
      path: '/sandbox/clock',
      method: 'POST',
      handler: guard(async (req, res) => {
        const minutes = Number((await readJson(req)).minutes);
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60) {
          sendJson(res, 400, { error: 'minutes must be a whole number from 1 to 10080' });
          return;
        }
        deps.clock.skipMinutes(minutes);
        deps.afterClockSkip();
        sendJson(res, 200, { now: deps.clock.now(), skippedMinutes: deps.clock.skippedMinutes });
      }),
    },
  ];
}
