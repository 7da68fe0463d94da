import { afterEach, describe, expect, it } from 'vitest';
import { EXCEPTION_COLUMNS } from '../../src/domain/exception-record.ts';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { ROSTER, startHarness, waitFor, type Harness } from '../support/harness.ts';
import { clickAction, messageWithAction, openedViews, stateOf, submitView, text } from '../support/interactions.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function records(rows: CellValue[][]): Record<string, CellValue>[] {
  const [header, ...data] = rows;
  return data.map((row) => Object.fromEntries((header ?? []).map((name, i) => [String(name), row[i] ?? ''])));
}

async function sweep(harness: Harness) {
  const { notified } = await runSweep(harness.baton.ctx, 'test');
  await notified;
  await harness.settle();
}

describe('handoff checkpoint with HANDOFF_TEAM', () => {
  it('a qualified lead goes round-robin to the team, whose rep gets the notes; the transition is logged', async () => {
    const roster: CellValue[][] = [
      ['name', 'email', 'slack_id', 'active', 'team'],
      ['Ayu', 'ayu@example.com', 'UAYU', 'ON', ''],
      ['Bima', 'bima@example.com', 'UBIMA', 'ON', 'ae'],
      ['Citra', 'citra@example.com', 'UCITRA', 'ON', 'ae'],
    ];
    h = await startHarness({ seed: { sales_sheet: roster }, env: { HANDOFF_TEAM: 'ae' } });
    const harness = h;
    const leads: Array<{ leadId: string; owner: string }> = [];
    for (const name of ['Sari', 'Tono']) {
      const res = await harness.postLead({ name, email: `${name.toLowerCase()}@example.com` });
      expect(res.status).toBe(201);
      await harness.settle();
      leads.push({ leadId: res.body.lead_id, owner: res.body.sales_slack_id });
    }
    const handedTo: string[] = [];
    for (const { leadId, owner } of leads) {
      const dm = await waitFor(() => harness.slack.inbox(owner).find((m) => JSON.stringify(m.blocks).includes(leadId) && JSON.stringify(m.blocks).includes('mark_contacted')));
      await waitFor(() => records(harness.sheets.readTab('lead_sheet')).find((r) => r.lead_id === leadId)?.slack_ts === dm.ts);
      await clickAction(harness, owner, dm, 'mark_contacted');
      await harness.settle();
      const contactedDm = await waitFor(() => harness.slack.inbox(owner).find((m) => m.ts === dm.ts && JSON.stringify(m.blocks).includes('mark_qualified')));
      const click = await clickAction(harness, owner, contactedDm, 'mark_qualified');
      const opened = await waitFor(() => openedViews(harness.slack).find((v) => v.triggerId === click.triggerId));
      await submitView(harness, owner, opened.view, stateOf({ notes: text(`Notes for ${leadId}`) }));
      await harness.settle();
      const row = await waitFor(() => records(harness.sheets.readTab('lead_sheet')).find((r) => r.lead_id === leadId && r.stage === 'QUALIFIED'));
      expect(row).toMatchObject({ handoff_notes: `Notes for ${leadId}`, sales_slack_id: row.handoff_to });
      handedTo.push(String(row.handoff_to));
      const handoffDm = await waitFor(() => harness.slack.inbox(String(row.handoff_to)).find((m) => m.text.startsWith('Handoff:') && JSON.stringify(m.blocks).includes(`Notes for ${leadId}`)));
      expect(handoffDm).toBeDefined();
    }
    expect(handedTo.sort()).toEqual(['UBIMA', 'UCITRA']);
    const qualified = records(harness.sheets.readTab('audit_log')).filter((r) => r.event === 'lead.qualified');
    expect(qualified.map((r) => r.detail)).toEqual([expect.stringContaining('handed off to U'), expect.stringContaining('handed off to U')]);
  });
});

describe('the exceptions tab as admins keep it', () => {
  it('is written by header name into a tab whose columns an admin reordered, next to their own column', async () => {
    const header = ['admin notes', ...[...EXCEPTION_COLUMNS].reverse()];
    h = await startHarness({ seed: { sales_sheet: ROSTER, exceptions: [header] } });
    const harness = h;
    const res = await harness.postLead({ phone: '0812-3456-7890' });
    expect(res.status).toBe(201);
    await harness.settle();
    const message = await waitFor(() => messageWithAction(harness.slack, 'UMGR', 'exception_ack'));
    await waitFor(() => records(harness.sheets.readTab('exceptions'))[0]?.slack_messages !== '');
    await clickAction(harness, 'UMGR', message, 'exception_ack');
    await harness.settle();
    const rows = harness.sheets.readTab('exceptions');
    expect(rows[0]).toEqual(header);
    const [row] = records(rows);
    expect(row).toMatchObject({ 'admin notes': '', lead_id: res.body.lead_id, kind: 'missing_fields', acknowledged_by: 'UMGR', slack_messages: `${message.channel}:${message.ts}` });
  });

  it('a lead an exception already handles is not escalated a second time', async () => {
    h = await startHarness();
    const harness = h;
    const res = await harness.postLead({ phone: '0812-3456-7890' });
    await harness.settle();
    for (let i = 0; i < 5; i += 1) {
      harness.clock.at += 61 * 60_000;
      await sweep(harness);
    }
    const exceptions = records(harness.sheets.readTab('exceptions')).filter((r) => r.lead_id === res.body.lead_id);
    expect(exceptions.map((r) => r.kind)).toEqual(['missing_fields']);
    expect(String(exceptions[0]?.detail)).toMatch(/reached the escalation threshold \(route_count 3\)$/);
    expect(records(harness.sheets.readTab('routing_state_sheet')).filter((r) => r.key === `escalated_${res.body.lead_id}`)).toHaveLength(1);
    // Managers hear of the escalation once, in the thread of the exception that already handles the lead.
    const notes = harness.slack.inbox('UMGR').filter((m) => m.text.startsWith('Escalation'));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.thread_ts).toBe(String(exceptions[0]?.slack_messages).split(':')[1]);
    expect(notes[0]?.text).toContain(res.body.lead_id);
  });

  it('reports a NEW row it cannot read as one unreadable_row exception, not on every sweep', async () => {
    h = await startHarness();
    const harness = h;
    const res = await harness.postLead({ name: 'Budi', phone: '0812-3456-7890' });
    await harness.settle();
    const sheet = harness.sheets.readTab('lead_sheet');
    const header = sheet[0] as string[];
    const broken = header.map((name) => (name === 'lead_id' ? 'L-HAND' : name === 'stage' ? 'maybe' : name === 'name' ? 'Hand' : ''));
    harness.sheets.writeTab('lead_sheet', [...sheet, broken]);
    await sweep(harness);
    await sweep(harness);
    const rows = records(harness.sheets.readTab('exceptions')).filter((r) => r.kind === 'unreadable_row');
    expect(rows).toEqual([expect.objectContaining({ lead_id: 'L-HAND', detail: 'unknown stage "maybe"' })]);
    const message = await waitFor(() => harness.slack.inbox('UMGR').find((m) => m.text.startsWith('Unreadable row')));
    expect(JSON.stringify(message.blocks)).toContain('exception_dismiss');
    expect(JSON.stringify(message.blocks)).not.toContain('exception_assign');
    void res;
  });
});
