import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isFormula, readTab, writeTab } from './admin.ts';
import { spreadsheetBatchUpdate } from './batch-update.ts';
import type { RequestContext } from './context.ts';
import { ApiError, internal, invalidArgument, notFound } from './errors.ts';
import { Faults } from './faults.ts';
import { applyFieldMask, parseFieldMask } from './field-mask.ts';
import { loadState, saveState } from './persist.ts';
import { matchRoute, unknownRoute } from './router.ts';
import type { RequestKind, RequestLogEntry, SheetsStandin, SheetsStandinOptions } from './types.ts';
import { Workbook } from './workbook.ts';

/** Keeps long benchmark runs from growing the log without bound. */
const LOG_CAP = 50_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, pretty = true): void {
  // Google indents its answers unless the request says prettyPrint=false; clients that read the
  // bytes themselves (Baton's lead reader does) must cope with both.
  const text = pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startSheetsStandin(opts: SheetsStandinOptions = {}): Promise<SheetsStandin> {
  const spreadsheetId = opts.spreadsheetId ?? 'local-baton';
  const stored = opts.dataFile ? loadState(opts.dataFile) : undefined;
  let wb = stored ? new Workbook(stored) : Workbook.create(spreadsheetId, opts.seed);
  // The id is configuration, not data: a renamed id keeps the stored tabs.
  wb.state.spreadsheetId = spreadsheetId;
  if (opts.locale !== undefined) wb.state.locale = opts.locale;
  if (opts.timeZone !== undefined) wb.state.timeZone = opts.timeZone;
  const settings = { addSheetConflictFirst: opts.addSheetConflictFirst ?? 'title' } as const;
  const faults = new Faults(opts.latencyMs ?? 0, opts.quotaPerMinute);
  const events = new EventEmitter();
  const requestLog: RequestLogEntry[] = [];
  let reads = 0;
  let writes = 0;

  const persist = () => {
    if (opts.dataFile) saveState(opts.dataFile, wb.state);
  };
  const changed = () => {
    persist();
    // Listeners run after the answer is on its way, so a slow or throwing UI cannot stall or fail it.
    setImmediate(() => events.emit('change'));
  };
  if (opts.dataFile && !stored) persist();

  function dispatch(method: string, rawPath: string, search: string, rawBody: string): { status: number; body: unknown } {
    const route = matchRoute(method, rawPath);
    if (!route) throw unknownRoute(method, safeDecode(rawPath));
    if (route.spreadsheetId !== spreadsheetId) throw notFound();
    let body: unknown;
    if (rawBody.trim() !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch (err) {
        throw invalidArgument(`Invalid JSON payload received. ${(err as Error).message}`);
      }
    }
    const query = new URLSearchParams(search);
    const fields = query.get('fields');
    const mask = fields ? parseFieldMask(fields) : undefined;
    const ctx: RequestContext = {
      wb,
      query,
      body,
      settings,
      commit(next) {
        if (next) {
          wb = next;
          ctx.wb = next;
        }
        changed();
      },
    };
    const result = route.run(ctx);
    return { status: 200, body: mask ? applyFieldMask(result, mask) : result };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const kind: RequestKind = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const search = q === -1 ? '' : rawUrl.slice(q + 1);
    const rawBody = await readBody(req);
    if (kind === 'read') reads += 1;
    else writes += 1;
    const entry: RequestLogEntry = { method, path: safeDecode(rawPath), kind, status: 0, at: Date.now() };
    requestLog.push(entry);
    if (requestLog.length > LOG_CAP) requestLog.splice(0, requestLog.length - LOG_CAP);

    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));

    const rejection = faults.admit(kind, Date.now());
    if (rejection) {
      entry.status = rejection.error.code;
      const headers: Record<string, string> = {};
      if (rejection.retryAfterSeconds !== undefined) headers['Retry-After'] = String(rejection.retryAfterSeconds);
      send(res, rejection.error.code, rejection.error.body(), headers);
      return;
    }

    let status: number;
    let body: unknown;
    try {
      ({ status, body } = dispatch(method, rawPath, search, rawBody));
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : internal();
      if (!(err instanceof ApiError)) console.error('sheets stand-in: unexpected error', err);
      status = apiErr.code;
      body = apiErr.body();
    }
    if (kind === 'write' && faults.takeLostResponse()) {
      // The mutation (if valid) is applied; the client never learns it. Exactly the ambiguity a
      // timeout or dropped connection creates in production.
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    entry.status = status;
    send(res, status, body, {}, new URLSearchParams(search).get('prettyPrint') !== 'false');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('sheets stand-in: request failed', err);
      if (!res.headersSent) send(res, 500, internal().body());
      else res.destroy();
    });
  });
  // Tests and benchmarks open and close many short-lived servers; keep-alive sockets must not
  // hold stop() hostage.
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}/`,
    hostPort: `127.0.0.1:${port}`,
    spreadsheetId,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
    tabTitles: () => wb.sheets.map((s) => s.title),
    readTab: (title) => readTab(wb, title),
    writeTab(title, rows) {
      const next = wb.clone();
      writeTab(next, title, rows);
      wb = next;
      changed();
    },
    isFormula: (title, row, col) => isFormula(wb, title, row, col),
    tabs: () => wb.sheets.map((s) => ({ sheetId: s.sheetId, title: s.title, hidden: s.hidden })),
    adminBatchUpdate(requests) {
      const ctx: RequestContext = {
        wb,
        query: new URLSearchParams(),
        body: { requests },
        settings,
        commit(next) {
          if (next) wb = next;
          changed();
        },
      };
      try {
        return spreadsheetBatchUpdate(ctx) as { replies: unknown[] };
      } catch (err) {
        if (err instanceof ApiError) throw new Error(`sheets stand-in: admin edit refused: ${err.message}`);
        throw err;
      }
    },
    requestLog,
    counts: () => ({ reads, writes, total: reads + writes }),
    resetCounts() {
      reads = 0;
      writes = 0;
      requestLog.length = 0;
    },
    faults,
    off(event, listener) {
      events.off(event, listener);
    },
    on(event, listener) {
      events.on(event, listener);
    },
  };
}
