import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { latestButton, startHarness, waitFor, type Harness } from '../support/harness.ts';
import { clickAction, messageWithAction, openedViews, option, stateOf, submitView, text, user } from '../support/interactions.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

function records(rows: CellValue[][]): Record<string, CellValue>[] {
  const [header, ...data] = rows;
  return data.map((row) => Object.fromEntries((header ?? []).map((name, i) => [String(name), row[i] ?? ''])));
}
const exceptionRows = () => records(h.sheets.readTab('exceptions'));
const row = (leadId: string) => h.leadRows().find((r) => r.lead_id === leadId);
const privateTexts = (who: string) => h.slack.inbox(who).filter((m) => m.ephemeral || !m.blocks.length).map((m) => m.text);
const audit = (event: string, leadId?: string) => h.auditRows().filter((r) => r.event === event && (leadId === undefined || r.lead_id === leadId));

async function sweep() {
  const { summary, notified } = await runSweep(h.baton.ctx, 'test');
  await notified;
  await h.settle();
  return summary;
}

async function leadFor(name: string, extra: Record<string, unknown> = {}) {
  const res = await h.postLead({ name, email: `${name.toLowerCase()}@example.com`, ...extra });
  expect(res.status).toBe(201);
  await h.settle();
  const button = await waitFor(() => latestButton(h.slack, res.body.sales_slack_id));
  await waitFor(() => row(res.body.lead_id)?.slack_ts === button.ts);
  return { leadId: res.body.lead_id as string, owner: res.body.sales_slack_id as string, button };
}

/** Escalates a lead: three missed SLAs (threshold 3 in the harness), then a fourth sweep. */
async function escalated() {
  const lead = await leadFor('Budi');
  for (let i = 0; i < 4; i += 1) {
    h.clock.at += 61 * 60_000;
    await sweep();
  }
  const message = await waitFor(() => messageWithAction(h.slack, 'UMGR', 'exception_ack'));
  const exception = exceptionRows().find((r) => r.lead_id === lead.leadId && r.kind === 'escalated');
  expect(exception).toBeDefined();
  return { ...lead, message, exceptionId: String(exception?.exception_id) };
}

describe('a reachable person is never turned away', () => {
  it('accepts a phone-only submission with no name (201), routes it and opens one missing_fields exception without values', async () => {
    const res = await h.postLead({ data: { fields: [{ label: 'Kota', value: 'Bandung' }, { label: 'Nomor WhatsApp', value: '0812-3456-7890' }] } });
    expect(res.status).toBe(201);
    expect(res.body.sales_slack_id).toBe('UAYU');
    expect(res.body.warnings).toEqual([expect.stringContaining('name')]);
    await h.settle();
    const [exception] = exceptionRows();
    expect(exception).toMatchObject({ lead_id: res.body.lead_id, kind: 'missing_fields', resolved_at: '' });
    expect(String(exception?.detail)).toContain('name');
    expect(String(exception?.detail)).toContain('Kota, Nomor WhatsApp');
    expect(String(exception?.detail)).not.toMatch(/0812|Bandung/);
    const message = await waitFor(() => messageWithAction(h.slack, 'UMGR', 'exception_assign'));
    expect(message.text).toMatch(/^Lead with missing fields/);
    expect(audit('exception.opened', res.body.lead_id)).toHaveLength(1);
  });

  it('a complete lead opens no exception', async () => {
    await leadFor('Complete', { phone: '0812-3456-7890' });
    expect(exceptionRows()).toEqual([]);
  });

  it('closes an unreachable missing_fields lead as CLOSED LOST after 24 h, once', async () => {
    const res = await h.postLead({ name: 'Nobody', phone: '12345' });
    expect(res.status).toBe(201);
    await h.settle();
    h.clock.at += 23 * 60 * 60_000;
    await sweep();
    expect(row(res.body.lead_id)?.stage).not.toBe('CLOSED LOST');
    h.clock.at += 61 * 60_000;
    await sweep();
    expect(row(res.body.lead_id)).toMatchObject({ stage: 'CLOSED LOST', lost_reason: 'unreachable: no valid phone and no email' });
    expect(exceptionRows().find((r) => r.lead_id === res.body.lead_id)).toMatchObject({ resolution: 'closed', resolved_by: 'baton' });
    await sweep();
    expect(audit('exception.closed', res.body.lead_id)).toHaveLength(1);
  });
});

describe('the exception queue through Bolt', () => {
  it('turns an escalation into one exception (escalated_ row written once) and holds it there', async () => {
    const { leadId } = await escalated();
    const state = records(h.sheets.readTab('routing_state_sheet')).filter((r) => r.key === `escalated_${leadId}`);
    expect(state).toHaveLength(1);
    expect(h.slack.inbox('UMGR').filter((m) => m.text.startsWith('Escalation'))).toHaveLength(1);
    h.clock.at += 61 * 60_000;
    await sweep();
    expect(exceptionRows().filter((r) => r.kind === 'escalated')).toHaveLength(1);
    expect(audit('lead.escalated', leadId)).toHaveLength(1);
  });

  it("I'm on it: only a manager, once; the message says who", async () => {
    const { leadId, message, exceptionId } = await escalated();
    await clickAction(h, 'UAYU', message, 'exception_ack');
    await h.settle();
    expect(privateTexts('UAYU').at(-1)).toMatch(/Only managers/);
    expect(exceptionRows().find((r) => r.exception_id === exceptionId)?.acknowledged_by).toBe('');

    await clickAction(h, 'UMGR', message, 'exception_ack');
    await h.settle();
    expect(exceptionRows().find((r) => r.exception_id === exceptionId)).toMatchObject({ acknowledged_by: 'UMGR' });
    const updated = h.slack.inbox('UMGR').find((m) => m.ts === message.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('<@UMGR> is on it');
    expect(JSON.stringify(updated?.blocks)).not.toContain('exception_ack');
    expect(audit('exception.acknowledged', leadId)).toHaveLength(1);

    await clickAction(h, 'UMGR', message, 'exception_ack');
    await h.settle();
    expect(privateTexts('UMGR').at(-1)).toMatch(/already on it/);
    expect(audit('exception.acknowledged', leadId)).toHaveLength(1);
  });

  it('Assign to…: a rep gets no modal; a manager must give a rep and a cause; assigned once', async () => {
    const { leadId, message, exceptionId, owner } = await escalated();
    await clickAction(h, 'UBIMA', message, 'exception_assign');
    await h.settle();
    expect(openedViews(h.slack)).toHaveLength(0);
    expect(privateTexts('UBIMA').at(-1)).toMatch(/Only managers/);

    const click = await clickAction(h, 'UMGR', message, 'exception_assign');
    const opened = await waitFor(() => openedViews(h.slack).find((v) => v.triggerId === click.triggerId));
    expect(opened.view.callback_id).toBe('exception_assign_modal');

    const missing = await submitView(h, 'UMGR', opened.view, stateOf({ rep: user('UCITRA'), cause: option(null), note: text(null) }));
    expect(missing.json).toEqual({ response_action: 'errors', errors: { cause: 'Pick a cause' } });
    expect(exceptionRows().find((r) => r.exception_id === exceptionId)?.resolved_at).toBe('');

    const target = owner === 'UCITRA' ? 'UAYU' : 'UCITRA';
    const ok = await submitView(h, 'UMGR', opened.view, stateOf({ rep: user(target), cause: option('capacity'), note: text('Citra has room') }));
    expect(ok.status).toBe(200);
    await h.settle();
    await waitFor(() => row(leadId)?.sales_slack_id === target);
    expect(exceptionRows().find((r) => r.exception_id === exceptionId)).toMatchObject({ resolution: 'assigned', resolved_by: 'UMGR', cause: 'capacity: Citra has room' });
    await waitFor(() => latestButton(h.slack, target));
    const updated = h.slack.inbox('UMGR').find((m) => m.ts === message.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('Assigned by <@UMGR>');
    expect(JSON.stringify(updated?.blocks)).not.toContain('exception_assign');

    // The same modal submitted again changes nothing and says so.
    await submitView(h, 'UMGR', opened.view, stateOf({ rep: user('UAYU'), cause: option('vip'), note: text(null) }));
    await h.settle();
    expect(row(leadId)?.sales_slack_id).toBe(target);
    expect(privateTexts('UMGR').at(-1)).toMatch(/Already handled by <@UMGR>/);
    expect(audit('exception.assigned', leadId)).toHaveLength(1);
  });

  it('Close as junk: cause required; the lead becomes CLOSED LOST', async () => {
    const { leadId, message, exceptionId } = await escalated();
    const click = await clickAction(h, 'UMGR', message, 'exception_dismiss');
    const opened = await waitFor(() => openedViews(h.slack).find((v) => v.triggerId === click.triggerId));
    const missing = await submitView(h, 'UMGR', opened.view, stateOf({ cause: option(null), note: text(null) }));
    expect(missing.json).toMatchObject({ response_action: 'errors', errors: { cause: expect.any(String) } });
    await submitView(h, 'UMGR', opened.view, stateOf({ cause: option('junk'), note: text('bot traffic') }));
    await h.settle();
    await waitFor(() => row(leadId)?.stage === 'CLOSED LOST');
    expect(row(leadId)).toMatchObject({ lost_reason: 'junk: bot traffic' });
    expect(String(row(leadId)?.closed_at)).toMatch(/Z$/);
    expect(exceptionRows().find((r) => r.exception_id === exceptionId)).toMatchObject({ resolution: 'dismissed', cause: 'junk: bot traffic' });
    expect(audit('lead.closed_lost', leadId)).toHaveLength(1);
  });

  it('Close as junk by someone else: no modal for a rep, and a forged submission changes nothing', async () => {
    const { leadId, message, exceptionId } = await escalated();
    await clickAction(h, 'UCITRA', message, 'exception_dismiss');
    await h.settle();
    expect(openedViews(h.slack)).toHaveLength(0);
    expect(privateTexts('UCITRA').at(-1)).toMatch(/Only managers/);
    const forged = { callback_id: 'exception_dismiss_modal', private_metadata: JSON.stringify({ exceptionId, channel: message.channel, ts: message.ts }), blocks: [] };
    await submitView(h, 'UCITRA', forged, stateOf({ cause: option('junk'), note: text(null) }));
    await h.settle();
    expect(row(leadId)?.stage).toBe('NEW');
    expect(exceptionRows().find((r) => r.exception_id === exceptionId)?.resolved_at).toBe('');
    expect(h.auditRows().at(-1)).toMatchObject({ event: 'action.rejected', actor: 'UCITRA', detail: expect.stringContaining('not_manager') });
  });

  it('reminds all managers once when not acknowledged in 30 min, once more when not resolved in 4 h', async () => {
    const res = await h.postLead({ phone: '0812-3456-7890' });
    await h.settle();
    const message = await waitFor(() => messageWithAction(h.slack, 'UMGR', 'exception_ack'));
    const replies = () => h.slack.inbox('UMGR').filter((m) => m.thread_ts === message.ts);
    h.clock.at += 29 * 60_000;
    await sweep();
    expect(replies()).toHaveLength(0);
    h.clock.at += 2 * 60_000;
    await sweep();
    expect(replies().map((m) => m.text)).toEqual([expect.stringMatching(/<@UMGR> nobody has picked up this missing fields exception in 30 min/)]);
    await sweep();
    expect(replies()).toHaveLength(1);
    h.clock.at += 210 * 60_000;
    await sweep();
    expect(replies().map((m) => m.text).at(-1)).toMatch(/still unresolved after 240 min/);
    h.clock.at += 600 * 60_000;
    await sweep();
    expect(replies()).toHaveLength(2);
    expect(exceptionRows().find((r) => r.lead_id === res.body.lead_id)?.ack_reminded_at).toMatch(/Z$/);
  });
});

describe('after CONTACTED and passing on, through Bolt', () => {
  async function contacted() {
    const lead = await leadFor('Sari');
    await h.click({ user: lead.owner, ...lead.button });
    await h.settle();
    await waitFor(() => row(lead.leadId)?.stage === 'CONTACTED');
    const dm = await waitFor(() => messageWithAction(h.slack, lead.owner, 'mark_qualified'));
    return { ...lead, dm };
  }

  it('Qualified: the owner only, notes required, applied once; a stranger is told why', async () => {
    const { leadId, owner, dm } = await contacted();
    await clickAction(h, 'USTRANGER', dm, 'mark_qualified');
    await h.settle();
    expect(openedViews(h.slack)).toHaveLength(0);
    expect(privateTexts('USTRANGER').at(-1)).toBe(`This lead is assigned to <@${owner}>; only they can change it.`);

    const click = await clickAction(h, owner, dm, 'mark_qualified');
    const opened = await waitFor(() => openedViews(h.slack).find((v) => v.triggerId === click.triggerId));
    const empty = await submitView(h, owner, opened.view, stateOf({ notes: text('   ') }));
    expect(empty.json).toEqual({ response_action: 'errors', errors: { notes: 'Handoff notes are required' } });
    expect(row(leadId)?.stage).toBe('CONTACTED');

    await submitView(h, owner, opened.view, stateOf({ notes: text('Budget ok; wants a demo Tuesday') }));
    await h.settle();
    await waitFor(() => row(leadId)?.stage === 'QUALIFIED');
    expect(row(leadId)).toMatchObject({ handoff_notes: 'Budget ok; wants a demo Tuesday', handoff_to: '' });
    expect(String(row(leadId)?.qualified_at)).toMatch(/Z$/);
    const updated = h.slack.inbox(owner).find((m) => m.ts === dm.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('Qualified at');
    expect(JSON.stringify(updated?.blocks)).not.toContain('mark_qualified');

    await submitView(h, owner, opened.view, stateOf({ notes: text('again') }));
    await h.settle();
    expect(privateTexts(owner).at(-1)).toMatch(/^Already qualified/);
    expect(audit('lead.qualified', leadId)).toHaveLength(1);
    expect(row(leadId)?.handoff_notes).toBe('Budget ok; wants a demo Tuesday');
  });

  it('Closed lost: a reason is required ("other" needs a note); from CONTACTED only', async () => {
    const { leadId, owner, dm } = await contacted();
    const click = await clickAction(h, owner, dm, 'mark_lost');
    const opened = await waitFor(() => openedViews(h.slack).find((v) => v.triggerId === click.triggerId));
    expect((await submitView(h, owner, opened.view, stateOf({ reason: option(null), note: text(null) }))).json).toMatchObject({ response_action: 'errors', errors: { reason: 'Pick a reason' } });
    expect((await submitView(h, owner, opened.view, stateOf({ reason: option('other'), note: text(null) }))).json).toMatchObject({ response_action: 'errors', errors: { note: expect.any(String) } });
    await submitView(h, owner, opened.view, stateOf({ reason: option('not_interested'), note: text('chose a competitor') }));
    await h.settle();
    await waitFor(() => row(leadId)?.stage === 'CLOSED LOST');
    expect(row(leadId)).toMatchObject({ lost_reason: 'not_interested: chose a competitor' });
    await submitView(h, owner, opened.view, stateOf({ reason: option('junk'), note: text(null) }));
    await h.settle();
    expect(privateTexts(owner).at(-1)).toMatch(/^Already closed lost/);
    expect(audit('lead.closed_lost', leadId)).toHaveLength(1);
  });

  it('Closed lost by someone else: no modal for a stranger; a forged submission changes nothing and says whose it is', async () => {
    const { leadId, owner, dm } = await contacted();
    await clickAction(h, 'USTRANGER', dm, 'mark_lost');
    await h.settle();
    expect(openedViews(h.slack)).toHaveLength(0);
    expect(privateTexts('USTRANGER').at(-1)).toBe(`This lead is assigned to <@${owner}>; only they can change it.`);
    const forged = { callback_id: 'mark_lost_modal', private_metadata: JSON.stringify({ leadId, addressedTo: owner, channel: dm.channel, ts: dm.ts }), blocks: [] };
    await submitView(h, 'USTRANGER', forged, stateOf({ reason: option('junk'), note: text(null) }));
    await h.settle();
    expect(row(leadId)?.stage).toBe('CONTACTED');
    expect(privateTexts('USTRANGER').at(-1)).toBe(`This lead is assigned to <@${owner}>; only they can change it.`);
    expect(h.auditRows().at(-1)).toMatchObject({ event: 'action.rejected', actor: 'USTRANGER', detail: expect.stringContaining('not_owner') });
  });

  it("Can't take it: the owner hands a NEW lead on at once (a route, audited); anyone else is refused", async () => {
    const { leadId, owner, button } = await leadFor('Tono');
    const dm = h.slack.inbox(owner).find((m) => m.ts === button.ts);
    if (!dm) throw new Error('no DM');
    await clickAction(h, 'USTRANGER', dm, 'pass_lead');
    await h.settle();
    expect(row(leadId)?.sales_slack_id).toBe(owner);
    expect(privateTexts('USTRANGER').at(-1)).toMatch(/only they can change it/);

    await clickAction(h, owner, dm, 'pass_lead');
    await h.settle();
    await waitFor(() => row(leadId)?.sales_slack_id !== owner);
    const next = String(row(leadId)?.sales_slack_id);
    expect(row(leadId)).toMatchObject({ route_count: 1, stage: 'NEW' });
    expect(audit('lead.passed', leadId)).toEqual([expect.objectContaining({ actor: owner, detail: expect.stringContaining("reason: owner can't take it") })]);
    await waitFor(() => latestButton(h.slack, next));
    expect(JSON.stringify(h.slack.inbox(owner).find((m) => m.ts === button.ts)?.blocks)).toContain(`Passed on to <@${next}>`);

    await clickAction(h, owner, dm, 'pass_lead');
    await h.settle();
    expect(audit('lead.passed', leadId)).toHaveLength(1);
    expect(privateTexts(owner).at(-1)).toMatch(/only they can change it/);
  });

  it('reminds the owner once, 15 min before the deadline, in the DM thread', async () => {
    const { owner, button, leadId } = await leadFor('Wati');
    const replies = () => h.slack.inbox(owner).filter((m) => m.thread_ts === button.ts);
    h.clock.at += 44 * 60_000;
    await sweep();
    expect(replies()).toHaveLength(0);
    h.clock.at += 2 * 60_000;
    await sweep();
    expect(replies().map((m) => m.text)).toEqual([expect.stringMatching(/still waiting: please contact by/)]);
    await sweep();
    expect(replies()).toHaveLength(1);
    expect(audit('lead.owner_reminded', leadId)).toHaveLength(1);
  });
});
