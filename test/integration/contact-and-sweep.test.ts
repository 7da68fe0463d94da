import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { latestButton, productionEnv, startHarness, waitFor, type Harness } from '../support/harness.ts';
import { npmScriptNodeArgs } from '../support/npm-start.ts';

const run = promisify(execFile);
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

async function leadFor(name: string) {
  const res = await h.postLead({ name, email: `${name.toLowerCase()}@example.com` });
  expect(res.status).toBe(201);
  await h.settle();
  const button = await waitFor(() => latestButton(h.slack, res.body.sales_slack_id));
  await waitFor(() => h.leadRows().find((row) => row.lead_id === res.body.lead_id)?.slack_ts === button.ts);
  return { leadId: res.body.lead_id as string, owner: res.body.sales_slack_id as string, button };
}

async function sweep() {
  const { summary, notified } = await runSweep(h.baton.ctx, 'test');
  await notified;
  await h.settle();
  return summary;
}

const row = (leadId: string) => h.leadRows().find((r) => r.lead_id === leadId);
const ephemerals = (user: string) => h.slack.inbox(user).filter((m) => m.ephemeral).map((m) => m.text);

describe('Mark as CONTACTED through Bolt', () => {
  it('lets the owner mark the lead contacted and updates the DM in place', async () => {
    const { leadId, owner, button } = await leadFor('Budi');
    h.clock.at += 7 * 60_000;
    const res = await h.click({ user: owner, ...button });
    expect(res.status).toBe(200);
    await h.settle();
    expect(row(leadId)).toMatchObject({ stage: 'CONTACTED' });
    expect(String(row(leadId)?.contacted_at)).toMatch(/Z$/);
    const dm = h.slack.inbox(owner).find((m) => m.ts === button.ts);
    expect(JSON.stringify(dm?.blocks)).not.toContain('mark_contacted');
    expect(JSON.stringify(dm?.blocks)).toContain('(7 min after assignment)');
    expect(dm?.history.length).toBeGreaterThan(0);
  });

  it('applies a double click and concurrent clicks once', async () => {
    const { leadId, owner, button } = await leadFor('Budi');
    await Promise.all([h.click({ user: owner, ...button }), h.click({ user: owner, ...button }), h.click({ user: owner, ...button })]);
    await h.settle();
    expect(h.auditRows().filter((r) => r.event === 'lead.contacted' && r.lead_id === leadId)).toHaveLength(1);
    // Both repeats are answered, but the audit keeps one row per lead, clicker and reason a minute.
    expect(h.auditRows().filter((r) => r.event === 'action.rejected')).toHaveLength(1);
    expect(ephemerals(owner)).toHaveLength(2);
    expect(ephemerals(owner).every((text) => text.startsWith('Already contacted at'))).toBe(true);
  });

  it('refuses a stranger and says who owns the lead', async () => {
    const { leadId, owner, button } = await leadFor('Budi');
    await h.click({ user: 'USTRANGER', ...button });
    await h.settle();
    expect(row(leadId)?.stage).toBe('NEW');
    // Not a member of the owner's DM, so Slack refuses an ephemeral there; the answer comes as a DM.
    expect(h.slack.inbox('USTRANGER').map((m) => m.text)).toEqual([`This lead is assigned to <@${owner}>; only they can mark it contacted.`]);
    expect(h.auditRows().at(-1)).toMatchObject({ event: 'action.rejected', actor: 'USTRANGER' });
  });

  it('refuses a stale click after a re-route and says where the lead went', async () => {
    const { leadId, owner, button } = await leadFor('Budi');
    h.clock.at += 61 * 60_000;
    await sweep();
    const newOwner = String(row(leadId)?.sales_slack_id);
    expect(newOwner).not.toBe(owner);
    await h.click({ user: owner, ...button });
    await h.settle();
    expect(row(leadId)?.stage).toBe('NEW');
    expect(ephemerals(owner)[0]).toMatch(new RegExp(`^This lead was re-routed to <@${newOwner}> at \\d\\d:\\d\\d after the 1 h SLA`));
  });

  it('answers a button without a lead id privately and changes nothing', async () => {
    const { owner, button } = await leadFor('Budi');
    const res = await h.click({ user: owner, channel: button.channel, ts: button.ts, value: '' });
    expect(res.status).toBe(200);
    await h.settle();
    expect(ephemerals(owner)[0]).toContain("doesn't say which lead");
    expect(h.leadRows()[0]?.stage).toBe('NEW');
  });

  it.each([
    ['a bad signature', { signatureOverride: 'v0=deadbeef' }],
    ['an old timestamp', { timestampSeconds: Math.floor(Date.now() / 1000) - 600 }],
  ])('refuses %s with 401 and changes nothing', async (_label, opts) => {
    const { owner, button } = await leadFor('Budi');
    const res = await h.click({ user: owner, ...button }, opts);
    expect(res.status).toBe(401);
    await h.settle();
    expect(h.leadRows()[0]?.stage).toBe('NEW');
  });
});

describe('the SLA sweep', () => {
  it('re-routes a due lead, DMs the next rep and strips the old button', async () => {
    const { leadId, owner, button } = await leadFor('Budi');
    h.clock.at += 61 * 60_000;
    const summary = await sweep();
    expect(summary.line).toBe('sweep: 1 leads, 1 due, 1 re-routed, 0 escalated, 0 assigned');
    const moved = row(leadId);
    expect(moved).toMatchObject({ route_count: 1, sales_slack_id: 'UBIMA' });
    const newButton = await waitFor(() => latestButton(h.slack, 'UBIMA'));
    expect(JSON.stringify(h.slack.inbox('UBIMA').at(-1)?.blocks)).toContain(`re-routed: <@${owner}> did not respond within 60 min`);
    const old = h.slack.inbox(owner).find((m) => m.ts === button.ts);
    expect(JSON.stringify(old?.blocks)).not.toContain('mark_contacted');
    expect(JSON.stringify(old?.blocks)).toContain('Re-routed to <@UBIMA>');
    await waitFor(() => row(leadId)?.slack_ts === newButton.ts);
    expect(h.auditRows().find((r) => r.event === 'lead.rerouted')?.detail).toMatch(/UAYU → UBIMA; 60 s after the SLA deadline/);
  });

  it('escalates exactly once over several sweeps', async () => {
    const { leadId } = await leadFor('Budi');
    for (let i = 0; i < 3; i += 1) {
      h.clock.at += 61 * 60_000;
      await sweep();
    }
    expect(row(leadId)?.route_count).toBe(3);
    const escalated = [];
    for (let i = 0; i < 3; i += 1) {
      h.clock.at += 61 * 60_000;
      escalated.push((await sweep()).escalated);
    }
    expect(escalated).toEqual([1, 0, 0]);
    expect(h.slack.inbox('UMGR').filter((m) => m.text.startsWith('Escalation'))).toHaveLength(1);
    const state = h.sheets.readTab('routing_state_sheet').map(([k]) => k);
    expect(state).toContain(`escalated_${leadId}`);
  });

  it('reads hand-edited rows robustly and skips the one it cannot understand', async () => {
    const { leadId } = await leadFor('Budi');
    const sheet = h.sheets.readTab('lead_sheet');
    const header = sheet[0] as string[];
    const edited = [...(sheet[1] as (string | number | boolean)[])];
    edited[header.indexOf('stage')] = 'new';
    edited[header.indexOf('route_count')] = '';
    const broken = header.map((name) => (name === 'lead_id' ? 'L-HAND' : name === 'stage' ? 'maybe' : name === 'name' ? 'Hand' : ''));
    h.sheets.writeTab('lead_sheet', [header, edited, broken]);
    h.clock.at += 61 * 60_000;
    const summary = await sweep();
    expect(summary.rerouted).toBe(1);
    expect(summary.line).toContain('1 skipped (L-HAND: unknown stage "maybe")');
    expect(row(leadId)?.route_count).toBe(1);
  });

  it('npm run sweep re-routes a due lead in its own process and prints one summary line', async () => {
    const { leadId, owner, button } = await leadFor('Budi');
    // Make the lead overdue in wall-clock terms, as an old row would be.
    const sheet = h.sheets.readTab('lead_sheet');
    const header = sheet[0] as string[];
    const updated = [...(sheet[1] as (string | number | boolean)[])];
    updated[header.indexOf('assigned_at')] = new Date(Date.now() - 2 * 3_600_000).toISOString();
    h.sheets.writeTab('lead_sheet', [header, updated]);

    const env = { ...process.env, ...productionEnv(h) };
    const { stdout } = await run(process.execPath, npmScriptNodeArgs('sweep'), { env, cwd: process.cwd() });
    expect(stdout.trim()).toBe('sweep: 1 leads, 1 due, 1 re-routed, 0 escalated, 0 assigned');
    expect(row(leadId)).toMatchObject({ sales_slack_id: 'UBIMA', route_count: 1 });
    expect(latestButton(h.slack, 'UBIMA')).toBeDefined();
    expect(JSON.stringify(h.slack.inbox(owner).find((m) => m.ts === button.ts)?.blocks)).not.toContain('mark_contacted');
  });

  it('npm run sweep on a sheet that lacks a tab this version reads (no new server started on it yet) adds the tab and sweeps', async () => {
    await leadFor('Budi');
    // As an older Baton left it: no routing_rules and no exceptions tab.
    const drop = h.sheets.tabs().filter((tab) => tab.title === 'routing_rules' || tab.title === 'exceptions');
    expect(drop.length).toBeGreaterThan(0);
    h.sheets.adminBatchUpdate(drop.map((tab) => ({ deleteSheet: { sheetId: tab.sheetId } })));
    const env = { ...process.env, ...productionEnv(h) };
    const { stdout } = await run(process.execPath, npmScriptNodeArgs('sweep'), { env, cwd: process.cwd() });
    expect(stdout.trim()).toMatch(/^sweep: 1 leads, 0 due/);
    expect(h.sheets.tabTitles()).toEqual(expect.arrayContaining(drop.map((tab) => tab.title)));
  });

  it('npm run sweep exits non-zero with a clear message when it cannot reach the sheet', async () => {
    const env = { ...process.env, ...productionEnv(h), GOOGLE_SHEETS_ID: 'nope' };
    const failure = await run(process.execPath, npmScriptNodeArgs('sweep'), { env }).catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/sweep: could not run: Spreadsheet nope not found/);
  });
});
