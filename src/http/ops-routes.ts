import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatonMetrics } from '../metrics/baton-metrics.ts';
import type { OpsStatus } from '../ops-status.ts';
import { matchesSecret } from './intake-auth.ts';
import { sendJson } from './respond.ts';

const iso = (at: number | null | undefined) => (typeof at === 'number' ? new Date(at).toISOString() : null);

/** GET /readyz: 200 when the sheet and Slack answered well last time, 503 with the reason otherwise. */
export function readyHandler(status: OpsStatus, extra: () => Record<string, unknown>) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    sendJson(res, status.ready ? 200 : 503, {
      ready: status.ready,
      sheets: { ...status.sheets, at: iso(status.sheets.at) },
      slack: { ...status.slack, at: iso(status.slack.at) },
      last_sweep: status.lastSweep ? { ...status.lastSweep, at: iso(status.lastSweep.at) } : null,
      ...extra(),
    });
  };
}

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** GET /metrics in Prometheus text format: with METRICS_TOKEN set it needs that bearer token, otherwise only localhost may read it. */
export function metricsHandler(metrics: BatonMetrics, token: string | undefined) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const authorization = req.headers.authorization ?? '';
    const allowed = token ? matchesSecret(authorization.replace(/^bearer\s+/i, ''), token) : isLoopback(req);
    if (!allowed) {
      sendJson(res, 403, { error: 'forbidden', details: token ? 'send METRICS_TOKEN as a Bearer token' : 'set METRICS_TOKEN to read /metrics from another host' });
      return;
    }
    const body = metrics.registry.render();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}
