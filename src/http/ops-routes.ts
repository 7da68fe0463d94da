import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatonMetrics } from '../metrics/baton-metrics.ts';
import type { OpsStatus } from '../ops-status.ts';
import { matchesSecret } from './intake-auth.ts';
import { sendJson } from './respond.ts';

const iso = (at: number | null | undefined) => (typeof at === 'number' ? new Date(at).toISOString() : null);

/**
 * GET /readyz: 200 when nothing is wrong; 503 otherwise, with one line per reason in `problems`:
 * the sheet or Slack failed last time, the lock could not be taken, the outbox has not drained for
 * over a minute, or journal lines sit in quarantine.
 */
export function readyHandler(status: OpsStatus, extra: () => Record<string, unknown>) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const problems = status.problems();
    const journal = status.journal();
    sendJson(res, problems.length === 0 ? 200 : 503, {
      ready: problems.length === 0,
      problems,
      sheets: { ...status.sheets, at: iso(status.sheets.at) },
      slack: { ...status.slack, at: iso(status.slack.at) },
      lock: { ...status.lock, at: iso(status.lock.at) },
      journal: { depth: journal.depth, oldest_at: iso(journal.oldestAt), quarantined: journal.quarantined, quarantine_files: journal.quarantineFiles },
      last_sweep: status.lastSweep ? { ...status.lastSweep, at: iso(status.lastSweep.at) } : null,
      ...extra(),
    });
  };
}

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/**
 * Headers a reverse proxy adds to what it passes on. Such a request comes from the loopback address
 * but not from this host's operator, so without METRICS_TOKEN it is refused. A proxy that adds none
 * (nginx's bare proxy_pass) cannot be told apart: behind any proxy, set METRICS_TOKEN.
 */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'];

function isProxied(req: IncomingMessage): boolean {
  return PROXY_HEADERS.some((name) => req.headers[name] !== undefined);
}

/** GET /metrics in Prometheus text format: with METRICS_TOKEN set it needs that bearer token, otherwise only a direct localhost request may read it. */
export function metricsHandler(metrics: BatonMetrics, token: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const authorization = req.headers.authorization ?? '';
    const allowed = token ? matchesSecret(authorization.replace(/^bearer\s+/i, ''), token) : isLoopback(req) && !isProxied(req);
    if (!allowed) {
      const details = token
        ? 'send METRICS_TOKEN as a Bearer token'
        : isLoopback(req)
          ? 'this request came through a proxy (it carries Forwarded, X-Forwarded-For, X-Real-IP or Via): set METRICS_TOKEN and send it as a Bearer token'
          : 'set METRICS_TOKEN to read /metrics from another host';
      sendJson(res, 403, { error: 'forbidden', details });
      return;
    }
    let rendered: { body: string; contentType: string };
    try {
      rendered = await metrics.render();
    } catch (error) {
      sendJson(res, 500, { error: 'metrics unavailable', details: error instanceof Error ? error.message : String(error) });
      return;
    }
    res.writeHead(200, { 'content-type': rendered.contentType, 'content-length': Buffer.byteLength(rendered.body) });
    res.end(rendered.body);
  };
}
