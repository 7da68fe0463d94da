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

const row = (leadId: string) => h.leadRows().find((r) => r.lead_id === leadId);
const ephemerals = (user: string) => h.slack.inbox(user).filter((m) => m.ephemeral).map((m) => m.text);

describe('Mark as CONTACTED while the sheet is down, through Bolt', () => {
  it('tells the rep it is saved, never re-routes the lead, and applies the click with its own time once the sheet is back', async () => {
    const res = await h.postLead({ name: 'Budi', email: 'budi@example.com' });
    expect(res.status).toBe(201);
    const owner = res.body.sales_slack_id as string;
    const leadId = res.body.lead_id as string;
    await h.settle();
    const button = await waitFor(() => latestButton(h.slack, owner));
    await waitFor(() => row(leadId)?.slack_ts === button.ts);

    h.clock.at += 12 * 60_000;
    const clickedAt = h.clock.at;
    h.sheets.faults.setOutage(true);
    expect((await h.click({ user: owner, ...button })).status).toBe(200);
    const saved = await waitFor(() => ephemerals(owner).find((text) => text.startsWith(':floppy_disk: Saved')), 20_000);
    expect(saved).toContain(leadId);
    expect(h.baton.ctx.outbox.clicks()).toMatchObject([{ leadId, clickerId: owner, clickedAt }]);

    // Long past the SLA when the sheet returns; the deadline sweep gets there before the journal replay.
    h.clock.at += 90 * 60_000;
    h.sheets.faults.setOutage(false);
    const { summary } = await runSweep(h.baton.ctx, 'deadline');
    expect(summary.rerouted).toBe(0);
    expect(row(leadId)).toMatchObject({ stage: 'NEW', sales_slack_id: owner });
    expect(Number(row(leadId)?.route_count || 0)).toBe(0);

    // The replayer may be waiting out a backoff from the outage: run it until the click journal is empty.
    for (let attempt = 0; attempt < 5 && h.baton.ctx.outbox.clicks().length > 0; attempt += 1) await h.baton.replayer.runNow();
    expect(h.baton.ctx.outbox.clicks()).toEqual([]);
    await h.settle();
    expect(row(leadId)).toMatchObject({ stage: 'CONTACTED', sales_slack_id: owner, contacted_at: new Date(clickedAt).toISOString() });
    expect(h.auditRows().filter((r) => r.event === 'lead.contacted' && r.lead_id === leadId)).toHaveLength(1);
    const dm = h.slack.inbox(owner).find((m) => m.ts === button.ts);
    expect(JSON.stringify(dm?.blocks)).toContain('(12 min after assignment)');
  }, 40_000);
});
