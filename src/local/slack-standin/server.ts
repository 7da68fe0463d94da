import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SlackApiError } from './errors.ts';
import { Faults } from './faults.ts';
import { checkScopes, METHODS } from './methods.ts';
import { BodyTooLarge, bearerToken, decodeArgs, readableArgs, readBody } from './request.ts';
import type { InjectedFailure, SlackStandin, SlackStandinOptions, StandinCall } from './types.ts';
import { Workspace } from './workspace.ts';
import { persistWorkspace } from './persist.ts';
import { homeViews } from './views.ts';
import { openedModals } from './modals.ts';
import { randomBytes } from 'node:crypto';

const DEFAULT_SCOPES = ['chat:write', 'commands', 'im:write', 'users:read'];

interface Reply {
  status: number;
  body: Record<string, unknown> | string;
  headers?: Record<string, string>;
}

function injected(failure: InjectedFailure): Reply {
  if ('rateLimited' in failure) {
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': String(failure.rateLimited.retryAfterSeconds) },
    };
  }
  if ('error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
  // Slack's edge answers 5xx with an HTML page, not JSON; clients must not expect a body shape.
  return { status: failure.status, body: '<html><body>Service Unavailable</body></html>' };
}

export async function startSlackStandin(opts: SlackStandinOptions = {}): Promise<SlackStandin> {
  const botToken = opts.botToken ?? 'xoxb-local';
  const scopes = [...(opts.scopes ?? DEFAULT_SCOPES)];
  const teamId = opts.teamId ?? 'T0LOCAL01';
  const botUserId = opts.botUserId ?? 'U0LOCALBOT';
  const ws = new Workspace(
    {
      teamId,
      teamName: 'Baton Local',
      teamDomain: 'baton-local',
      botUserId,
      botId: 'B0LOCALBOT',
      botName: 'baton',
      appId: 'A0LOCALAPP',
    },
    opts.users ?? [],
    opts.channels ?? [],
  );
  const saved = opts.dataFile ? persistWorkspace(ws, opts.dataFile) : undefined;
  const responses = new Map<string, { userId: string; channel: string; uses: number }>();
  /** Slack's response_url: JSON {text, blocks, response_type}; usable five times. */
  function respondTo(id: string, body: string): { status: number; body: string } {
    const target = responses.get(id);
    if (!target || target.uses >= 5) return { status: 404, body: 'used_url' };
    let message: { text?: unknown; blocks?: unknown; response_type?: unknown };
    try {
      message = JSON.parse(body) as typeof message;
    } catch {
      return { status: 400, body: 'invalid_payload' };
    }
    target.uses += 1;
    const blocks = Array.isArray(message.blocks) ? message.blocks : [];
    const text = typeof message.text === 'string' ? message.text : '';
    const inChannel = message.response_type === 'in_channel';
    ws.post({ channel: target.channel, recipient: inChannel ? '' : target.userId, text, blocks, ephemeral: !inChannel });
    return { status: 200, body: 'ok' };
  }
  const faults = new Faults(opts.latencyMs ?? 0);
  const calls: StandinCall[] = [];

  function dispatch(method: string, token: string | undefined, args: Record<string, unknown>): Reply {
    const spec = METHODS[method];
    if (!spec) return { status: 200, body: { ok: false, error: 'unknown_method', req_method: method } };
    const failure = faults.take(method);
    if (failure) return injected(failure);
    try {
      if (spec.needsToken) {
        if (faults.isRevoked()) throw new SlackApiError('token_revoked');
        if (!token) throw new SlackApiError('not_authed');
        if (token !== botToken) throw new SlackApiError('invalid_auth');
        checkScopes(spec, scopes);
      }
      return { status: 200, body: spec.handle(ws, args, scopes) };
    } catch (err) {
      if (err instanceof SlackApiError) return { status: 200, body: err.body() };
      throw err;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/response/') && req.method === 'POST') {
      const reply = respondTo(url.pathname.slice('/response/'.length), await readBody(req));
      res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the stand-in serves /api/<method>');
      return;
    }
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const at = Date.now();
    let reply: Reply;
    let args: Record<string, unknown> = {};
    try {
      const decoded = decodeArgs(req.headers['content-type'], await readBody(req), url.searchParams);
      args = decoded.args;
      const token = bearerToken(req.headers.authorization) ?? decoded.fieldToken;
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      reply = dispatch(method, token, args);
    } catch (err) {
      if (err instanceof SlackApiError) reply = { status: 200, body: err.body() };
      else if (err instanceof BodyTooLarge) reply = { status: 413, body: 'Request Entity Too Large' };
      else reply = { status: 500, body: { ok: false, error: 'internal_error', detail: String(err) } };
    }
    const body = reply.body;
    const call: StandinCall = { method, args: readableArgs(args), at, ok: false, status: reply.status };
    if (typeof body === 'object' && body.ok === true) call.ok = true;
    else call.error = typeof body === 'object' && typeof body.error === 'string' ? body.error : `http_${reply.status}`;
    calls.push(call);

    const headers: Record<string, string> = { 'x-oauth-scopes': scopes.join(','), ...reply.headers };
    const spec = METHODS[method];
    if (spec) headers['x-accepted-oauth-scopes'] = spec.scopes.join(',');
    if (typeof body === 'string') {
      headers['content-type'] = 'text/html; charset=utf-8';
      res.writeHead(reply.status, headers).end(body);
    } else {
      headers['content-type'] = 'application/json; charset=utf-8';
      res.writeHead(reply.status, headers).end(JSON.stringify(body));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; without this close() would wait for them to time out.
        saved?.flush();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    users: () => ws.users(),
    upsertUser: (u) => ws.upsertUser(u),
    messages: () => ws.messages(),
    inbox: (userId) => ws.inbox(userId),
    calls,
    callCount: (method) => (method === undefined ? calls.length : calls.filter((c) => c.method === method).length),
    faults,
    modals: () => structuredClone([...openedModals(ws)]),
    homeView: (userId) => homeViews(ws).get(userId)?.view,
    responseUrl: (userId, channel) => {
      const id = randomBytes(12).toString('hex');
      responses.set(id, { userId, channel, uses: 0 });
      return `http://127.0.0.1:${port}/response/${id}`;
    },
    on: (_event, listener) => ws.onChange(listener),
    off: (_event, listener) => ws.offChange(listener),
  };
}
