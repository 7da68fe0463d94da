import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { register as globalRegistry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsHandler } from '../../src/http/ops-routes.ts';
import { BatonMetrics } from '../../src/metrics/baton-metrics.ts';
import type { ChangeSet } from '../../src/core/ports.ts';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function serve(metrics: BatonMetrics, token: string | undefined): Promise<string> {
  const handler = metricsHandler(metrics, token);
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('GET /metrics', () => {
  it('renders the same metric names and labels as before, in Prometheus text format', async () => {
    const metrics = new BatonMetrics(() => 2);
    metrics.received.inc({ status: '201' });
    metrics.rejected.inc({ status: '400' });
    metrics.created.inc();
    metrics.timeToContact.observe(240);
    metrics.sheetsRequests.inc({ kind: 'write', outcome: 'ok' });
    metrics.slackRequests.inc({ method: 'chat.postMessage', outcome: 'ok' });
    metrics.sweeps.inc({ trigger: 'timer', outcome: 'ok' });
    const { status, type, text } = await get(await serve(metrics, undefined));
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    for (const row of [
      'baton_leads_received_total{status="201"} 1',
      'baton_leads_rejected_total{status="400"} 1',
      'baton_leads_created_total 1',
      'baton_leads_duplicate_total 0',
      'baton_leads_queued_total 0',
      'baton_assignments_total 0',
      'baton_reroutes_total 0',
      'baton_reminders_total 0',
      'baton_escalations_total 0',
      'baton_contacted_total 0',
      'baton_clicks_rejected_total 0',
      'baton_time_to_contact_seconds_bucket{le="300"} 1',
      'baton_time_to_contact_seconds_bucket{le="+Inf"} 1',
      'baton_time_to_contact_seconds_count 1',
      'baton_sweep_duration_seconds_count 0',
      'baton_sheets_requests_total{kind="write",outcome="ok"} 1',
      'baton_slack_requests_total{method="chat.postMessage",outcome="ok"} 1',
      'baton_outbox_depth 2',
    ]) {
      expect(text.split('\n'), row).toContain(row);
    }
    // Label order carries no meaning in Prometheus.
    expect(text).toMatch(/^baton_sweeps_total\{(trigger="timer",outcome="ok"|outcome="ok",trigger="timer")\} 1$/m);
  });

  it.each([
    // prom-client writes "Nan"; Prometheus reads the value case-insensitively (Go's ParseFloat).
    [Number.NaN, 'Nan'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('renders %s as Prometheus does (%s), not as 0', async (depth, shown) => {
    const { text } = await get(await serve(new BatonMetrics(() => depth), undefined));
    expect(text.split('\n')).toContain(`baton_outbox_depth ${shown}`);
  });

  it('a commit with a time that is not a number is still counted, and never throws after the write landed', () => {
    const metrics = new BatonMetrics(() => 0);
    const before = { stage: 'NEW', assignedAt: Number.NaN, createdAt: 0, contactedAt: null };
    const after = { ...before, stage: 'CONTACTED', contactedAt: 1000 };
    const change = { audit: [{ event: 'lead.contacted', actor: 'U1' }], leadUpdates: [{ before, after }] } as unknown as ChangeSet;
    expect(() => metrics.observeCommit(change)).not.toThrow();
  });

  it('a metric that fails to collect is a 500 naming it, not a crashed request', async () => {
    const url = await serve(
      new BatonMetrics(() => {
        throw new Error('outbox unreadable');
      }),
      undefined,
    );
    const { status, text } = await get(url);
    expect(status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ error: 'metrics unavailable', details: expect.stringContaining('outbox unreadable') });
  });

  it('includes the process metrics (CPU, memory, event loop lag, heap)', async () => {
    const { text } = await get(await serve(new BatonMetrics(() => 0), undefined));
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_version_info']) {
      expect(text, name).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? `, 'm'));
    }
  });

  it('keeps each instance in its own registry, never the global one', async () => {
    const one = new BatonMetrics(() => 0);
    const two = new BatonMetrics(() => 0);
    one.created.inc();
    expect((await get(await serve(one, undefined))).text).toContain('baton_leads_created_total 1');
    expect((await get(await serve(two, undefined))).text).toContain('baton_leads_created_total 0');
    expect(await globalRegistry.metrics()).not.toContain('baton_');
  });
});

describe('GET /metrics access', () => {
  it.each([
    ['X-Forwarded-For', { 'x-forwarded-for': '203.0.113.9' }],
    ['Forwarded', { forwarded: 'for=203.0.113.9;proto=https' }],
    ['X-Real-IP', { 'x-real-ip': '203.0.113.9' }],
    ['X-Forwarded-Host', { 'x-forwarded-host': 'baton.example.com' }],
    ['Via', { via: '1.1 proxy' }],
  ])('without METRICS_TOKEN, a loopback request a proxy passed on (%s) is refused, saying to set it', async (_label, headers) => {
    const { status, text } = await get(await serve(new BatonMetrics(() => 0), undefined), headers);
    expect(status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ error: 'forbidden', details: expect.stringContaining('METRICS_TOKEN') });
  });

  it('without METRICS_TOKEN, a direct loopback request is answered', async () => {
    expect((await get(await serve(new BatonMetrics(() => 0), undefined))).status).toBe(200);
  });

  it('with METRICS_TOKEN, the bearer token is needed and enough, proxied or not', async () => {
    const url = await serve(new BatonMetrics(() => 0), 'metrics-token-0123456789');
    expect((await get(url)).status).toBe(403);
    expect((await get(url, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(403);
    expect((await get(url, { authorization: 'Bearer metrics-token-0123456789' })).status).toBe(200);
    expect((await get(url, { authorization: 'Bearer metrics-token-0123456789', 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
  });
});
