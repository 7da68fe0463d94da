import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestButton, startHarness, waitFor, type Harness } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('POST /webhooks/lead through the real googleapis client and Bolt', () => {
  it('creates the tabs it needs on an empty spreadsheet, keeping the admin roster', () => {
    expect(h.sheets.tabTitles()).toEqual(expect.arrayContaining(['sales_sheet', 'lead_sheet', 'routing_state_sheet', 'audit_log']));
    expect(h.sheets.readTab('sales_sheet')[1]).toEqual(['Ayu', 'ayu@example.com', 'UAYU', 'ON']);
    expect(h.sheets.readTab('lead_sheet')[0]?.slice(0, 11)).toEqual([
      'lead_id', 'name', 'phone', 'stage', 'assigned_sales', 'sales_slack_id', 'route_count', 'created_at', 'assigned_at', 'last_routed_at', 'contacted_at',
    ]);
  });

  it('turns a JSON lead into a row, an audit row, a cursor move and a DM with the button', async () => {
    const res = await h.postLead({ name: 'Budi Santoso', phone: '0812-3456-7890', email: 'Budi@Example.com', company: 'Toko Maju', source: 'landing' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ assigned_sales: 'Ayu', sales_slack_id: 'UAYU' });
    expect(res.body.lead_id).toMatch(/^L-[0-9A-Z]{10}-[0-9A-Z]{4}$/);
    await h.settle();

    const [row] = h.leadRows();
    expect(row).toMatchObject({ lead_id: res.body.lead_id, name: 'Budi Santoso', phone: '6281234567890', stage: 'NEW', sales_slack_id: 'UAYU', email: 'budi@example.com' });
    expect(String(row?.created_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const state = Object.fromEntries(h.sheets.readTab('routing_state_sheet').slice(1).map(([k, v]) => [k, v]));
    expect(state).toMatchObject({ last_index: '0', last_slack_id: 'UAYU' });
    expect(h.auditRows()[0]).toMatchObject({ event: 'lead.assigned', lead_id: res.body.lead_id, actor: 'webhook' });
    expect(String(h.auditRows()[0]?.detail)).toContain('round-robin: 3 active');

    const button = await waitFor(() => latestButton(h.slack, 'UAYU'));
    expect(JSON.parse(button.value)).toEqual({ lead_id: res.body.lead_id, to: 'UAYU' });
    const dm = h.slack.inbox('UAYU')[0];
    expect(JSON.stringify(dm?.blocks)).toContain('https://wa.me/6281234567890');
    expect(JSON.stringify(dm?.blocks)).toContain('tel:+6281234567890');
    await waitFor(() => h.leadRows()[0]?.slack_ts === button.ts);
    expect(h.leadRows()[0]?.slack_channel).toBe(button.channel);
  });

  it('accepts a form-encoded lead with aliases', async () => {
    const res = await h.postLead(undefined, {
      contentType: 'application/x-www-form-urlencoded',
      raw: new URLSearchParams({ first_name: 'Sari', last_name: 'Dewi', mobile: '+1 415 555 2671', utm_source: 'ads' }).toString(),
    });
    expect(res.status).toBe(201);
    expect(h.leadRows()[0]).toMatchObject({ name: 'Sari Dewi', phone: '14155552671', source: 'ads' });
  });

  it.each([
    ['no token', { headers: { authorization: '' } }, 401],
    ['a wrong token', { headers: { authorization: 'Bearer nope-nope-nope-nope' } }, 401],
    ['text/plain', { contentType: 'text/plain', raw: 'name=x' }, 415],
    ['broken JSON', { raw: '{"name": ' }, 400],
    ['a JSON array', { raw: '[1,2]' }, 400],
    ['no phone or email', { raw: JSON.stringify({ name: 'Nobody' }) }, 400],
    ['a body over 64 KiB', { raw: JSON.stringify({ name: 'x', phone: '0812', message: 'y'.repeat(70_000) }) }, 413],
  ])('refuses %s and writes nothing', async (_label, init, status) => {
    const res = await h.postLead(undefined, init as never);
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
    expect(h.leadRows()).toHaveLength(0);
    expect(h.auditRows()).toHaveLength(0);
  });

  it('names the bad field in a 400', async () => {
    const res = await h.postLead({ name: 'Budi', phone: '0812' });
    expect(res.body.details).toEqual([{ field: 'phone', problem: 'has fewer than 5 digits', sent: '0812' }]);
  });

  it('accepts the token in X-Intake-Token too', async () => {
    const res = await h.postLead({ name: 'Header', email: 'h@example.com' }, { headers: { authorization: '', 'x-intake-token': 'test-intake-token-0123456789' } });
    expect(res.status).toBe(201);
  });

  it('stores formula-looking input as inert text and phones as text', async () => {
    const res = await h.postLead({ name: '=HYPERLINK("http://evil.example","click")', phone: '0812-3456-7890', company: '+62 1+1' });
    expect(res.status).toBe(201);
    const leadSheet = h.sheets.readTab('lead_sheet');
    const header = leadSheet[0] as string[];
    expect(leadSheet[1]?.[header.indexOf('name')]).toBe('=HYPERLINK("http://evil.example","click")');
    expect(h.sheets.isFormula('lead_sheet', 1, header.indexOf('name'))).toBe(false);
    expect(typeof leadSheet[1]?.[header.indexOf('phone')]).toBe('string');
  });

  it('answers a repeated Idempotency-Key with the first lead, also when repeats arrive together', async () => {
    const send = () => h.postLead({ name: 'Rina', email: 'rina@example.com' }, { headers: { 'idempotency-key': 'form-42' } });
    const results = await Promise.all([send(), send(), send(), send()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.lead_id)).size).toBe(1);
    expect(results.filter((r) => r.status === 200).every((r) => r.body.duplicate === true)).toBe(true);
    expect(h.leadRows()).toHaveLength(1);
  });

  it('keeps 50 concurrent intakes fair: 50 rows, 50 ids, per-rep counts within 1', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.postLead({ name: `Lead ${i}`, email: `lead${i}@example.com` })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    await h.settle();
    const rows = h.leadRows();
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.lead_id)).size).toBe(50);
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(String(row.sales_slack_id), (counts.get(String(row.sales_slack_id)) ?? 0) + 1);
    const values = [...counts.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    const state = Object.fromEntries(h.sheets.readTab('routing_state_sheet').slice(1).map(([k, v]) => [k, v]));
    const lastRow = rows.at(-1);
    expect(state.last_slack_id).toBe(lastRow?.sales_slack_id);
  });

  it('retries a 429 from Sheets and still writes the lead once', async () => {
    h.sheets.faults.failNext(1, 429);
    const res = await h.postLead({ name: 'Quota', email: 'quota@example.com' });
    expect(res.status).toBe(201);
    expect(h.leadRows()).toHaveLength(1);
  });

  it('journals a lead while the sheet is down (202 queued) and writes it once the sheet is back', async () => {
    h.sheets.faults.setOutage(true);
    const res = await h.postLead({ name: 'Down', email: 'down@example.com' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ queued: true, lead_id: expect.stringMatching(/^L-/) });
    expect(h.leadRows()).toHaveLength(0);
    h.sheets.faults.setOutage(false);
    await h.baton.replayer.runNow();
    await h.settle();
    expect(h.leadRows().map((row) => row.lead_id)).toEqual([res.body.lead_id]);
    await waitFor(() => latestButton(h.slack, 'UAYU'));
  }, 30_000);
});
