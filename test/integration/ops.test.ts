import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { latestButton, startHarness, waitFor, type Harness } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

function metric(text: string, name: string): number {
  const found = text.split('\n').find((row) => row.startsWith(`${name} `) || row.startsWith(`${name}{`));
  return found ? Number(found.split(' ').at(-1)) : Number.NaN;
}

describe('operations endpoints', () => {
  it('GET /healthz is alive and /readyz reports Sheets, Slack and the startup sweep', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    const body = await ready.json();
    expect(ready.status).toBe(200);
    expect(body).toMatchObject({ ready: true, sheets: { ok: true }, slack: { ok: true }, last_sweep: { trigger: 'startup', ok: true }, outbox_depth: 0 });
  });

  it('/readyz turns 503 when the sheet stops answering', async () => {
    h.sheets.faults.setOutage(true);
    await h.baton.ledger.refresh().catch(() => undefined);
    h.sheets.faults.setOutage(false);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).sheets).toMatchObject({ ok: false, detail: expect.stringContaining('HTTP 503') });
  }, 30_000);

  it('/metrics counts real activity in Prometheus format', async () => {
    const created = await h.postLead({ name: 'Metric One', email: 'm1@example.com' });
    await h.postLead({ name: 'Metric One again', email: 'm1@example.com' });
    await h.postLead({ name: 'No contact' });
    await h.settle();
    const button = await waitFor(() => latestButton(h.slack, created.body.sales_slack_id));
    h.clock.at += 5 * 60_000;
    await h.click({ user: created.body.sales_slack_id, ...button });
    await h.settle();
    await runSweep(h.baton.ctx, 'test');

    const res = await fetch(`${h.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(metric(text, 'baton_leads_created_total')).toBe(1);
    expect(metric(text, 'baton_leads_duplicate_total')).toBe(1);
    expect(text).toContain('baton_leads_rejected_total{status="400"} 1');
    expect(metric(text, 'baton_assignments_total')).toBe(1);
    expect(metric(text, 'baton_contacted_total')).toBe(1);
    expect(metric(text, 'baton_time_to_contact_seconds_count')).toBe(1);
    expect(text).toContain('baton_time_to_contact_seconds_bucket{le="300"} 1');
    expect(text).toMatch(/baton_sheets_requests_total\{kind="write",outcome="ok"\} \d+/);
    expect(text).toMatch(/baton_slack_requests_total\{method="chat.postMessage",outcome="ok"\} \d+/);
    expect(metric(text, 'baton_outbox_depth')).toBe(0);
  });
});

describe('/readyz says why Baton is not ready', () => {
  it('turns 503 when a journaled lead has waited more than a minute, and 200 once it is written', async () => {
    await h.baton.ctx.outbox.append({
      leadId: 'L-WAITING',
      draft: { name: 'Waiting', emailValid: true, phoneRaw: '', email: 'waiting@example.com', company: '', source: '', message: '', submissionId: '' },
      idempotencyKey: '',
      receivedAt: h.clock.at - 61_000,
    });
    const stale = await fetch(`${h.url}/readyz`);
    expect(stale.status).toBe(503);
    expect((await stale.json()).problems).toEqual([expect.stringMatching(/^outbox: 1 lead\(s\) or click\(s\) waiting for the sheet for 61 s/)]);

    await h.baton.replayer.runNow();
    const drained = await fetch(`${h.url}/readyz`);
    expect(drained.status).toBe(200);
    expect(await drained.json()).toMatchObject({ ready: true, problems: [] });
  });

  it('turns 503 while the last attempt to take the lock failed', async () => {
    h.baton.status.lockOutcome(false, 'lock tab _baton_lock_8 could not be taken: gave up after 5 write conflicts', h.clock.at);
    const locked = await fetch(`${h.url}/readyz`);
    expect(locked.status).toBe(503);
    const body = await locked.json();
    expect(body.problems).toEqual(['lock: lock tab _baton_lock_8 could not be taken: gave up after 5 write conflicts']);
    expect(body.lock).toMatchObject({ ok: false });

    h.baton.status.lockOutcome(true, 'lock taken', h.clock.at);
    expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
  });
});
