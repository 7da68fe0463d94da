import { describe, expect, it } from 'vitest';
import { draftFromFields, type LeadDraft } from '../../src/domain/intake.ts';
import { intakeLead, replayOutbox } from '../../src/use-cases/intake-lead.ts';
import { created, leadIdOf, memoryContext, rep, T0, written } from '../support/use-case-context.ts';

function draft(fields: Record<string, unknown>): LeadDraft {
  const result = draftFromFields(fields);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.draft;
}

describe('intakeLead', () => {
  it('writes the lead, moves the cursor, audits why, then DMs the rep and records the message', async () => {
    const { ctx, store, notifier, deadlines } = memoryContext([rep('UA'), rep('UB'), rep('UC')]);
    const outcome = created(await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), ''));
    await ctx.background.idle();

    expect(outcome.kind).toBe('created');
    const lead = store.leads.get(outcome.lead.leadId);
    expect(lead).toMatchObject({ name: 'Budi', phone: '6281234567890', stage: 'NEW', salesSlackId: 'UA', routeCount: 0, createdAt: T0, assignedAt: T0 });
    expect(store.cursor).toEqual({ lastIndex: 0, lastSlackId: 'UA' });
    expect(store.audit.map((row) => row.event)).toEqual(['lead.assigned']);
    expect(store.audit[0]?.detail).toContain('round-robin: 3 active');
    expect(notifier.of('lead')).toHaveLength(1);
    expect(lead?.slackChannel).toBe('D-UA');
    expect(deadlines).toEqual([T0 + 60 * 60_000]);
  });

  it('rotates through active reps in order', async () => {
    const { ctx, store } = memoryContext([rep('UA'), rep('UB', false), rep('UC')]);
    const owners: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const outcome = created(await intakeLead(ctx, draft({ name: `Lead ${i}`, email: `l${i}@example.com` }), ''));
      owners.push(outcome.lead.salesSlackId);
    }
    expect(owners).toEqual(['UA', 'UC', 'UA', 'UC']);
    expect(store.leads.size).toBe(4);
  });

  it('answers a repeated idempotency key with the first lead and writes nothing new', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const first = created(await intakeLead(ctx, draft({ name: 'Sari', phone: '081234567891' }), 'key-1'));
    const again = written(await intakeLead(ctx, draft({ name: 'Sari', phone: '081234567891' }), 'key-1'));
    expect(again).toEqual({ kind: 'duplicate', leadId: first.lead.leadId, matchedBy: 'idempotency_key' });
    expect(store.leads.size).toBe(1);
  });

  it('gives concurrent repeats of one key exactly one new lead', async () => {
    const { ctx, store } = memoryContext([rep('UA'), rep('UB')]);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => intakeLead(ctx, draft({ name: 'Sari', email: 's@example.com' }), 'same-key')));
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => leadIdOf(written(o)))).size).toBe(1);
    expect(store.leads.size).toBe(1);
  });

  it('treats the same phone of an open lead as a duplicate and tells its owner', async () => {
    const { ctx, store, notifier } = memoryContext([rep('UA'), rep('UB')]);
    written(await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), ''));
    const again = written(await intakeLead(ctx, draft({ name: 'Budi S', phone: '+62 812 3456 7890' }), ''));
    await ctx.background.idle();
    expect(again).toMatchObject({ kind: 'duplicate', matchedBy: 'phone' });
    expect(store.leads.size).toBe(1);
    expect(store.audit.map((row) => row.event)).toEqual(['lead.assigned', 'lead.duplicate']);
    expect(notifier.of('duplicate').map((d) => d.lead.salesSlackId)).toEqual(['UA']);
  });

  it('keeps a lead nobody can take, unassigned, and tells the managers', async () => {
    const { ctx, store, notifier } = memoryContext([rep('UA', false)]);
    const outcome = created(await intakeLead(ctx, draft({ name: 'Dewi', email: 'dewi@example.com' }), ''));
    await ctx.background.idle();
    expect(outcome).toMatchObject({ kind: 'created', assigned: false });
    expect(store.leads.get(outcome.lead.leadId)).toMatchObject({ stage: 'NEW', salesSlackId: '', assignedAt: null });
    expect(store.audit[0]).toMatchObject({ event: 'lead.unassigned' });
    expect(notifier.of('managers')[0]?.notice.kind).toBe('no-active-rep');
  });

  it('keeps the lead assigned when the DM fails, audits it and tells the managers', async () => {
    const { ctx, store, notifier } = memoryContext([rep('UGONE')]);
    notifier.failFor.add('UGONE');
    const outcome = created(await intakeLead(ctx, draft({ name: 'Eko', phone: '081298765432' }), ''));
    await ctx.background.idle();
    expect(store.leads.get(outcome.lead.leadId)?.salesSlackId).toBe('UGONE');
    expect(store.audit.map((row) => row.event)).toEqual(['lead.assigned', 'slack.failed']);
    expect(notifier.of('managers')[0]?.notice.kind).toBe('dm-failed');
  });

  it('keeps an invalid phone as sent and flags it', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const outcome = created(await intakeLead(ctx, draft({ name: 'Odd', phone: '12345' }), ''));
    expect(store.leads.get(outcome.lead.leadId)).toMatchObject({ phone: '12345', phoneValid: false });
    expect(store.audit[0]?.detail).toContain('not a valid number');
  });

  it('journals the lead when the commit fails, then writes it once, without having moved the rotation', async () => {
    const { ctx, store } = memoryContext([rep('UA'), rep('UB')]);
    store.failCommits = 1;
    const queued = await intakeLead(ctx, draft({ name: 'Lost?', email: 'x@example.com' }), '');
    expect(queued.kind).toBe('queued');
    expect(ctx.outbox.entries()).toHaveLength(1);
    expect(store.leads.size).toBe(0);
    // While the journal is not empty, later leads queue behind it to keep arrival order.
    const behind = await intakeLead(ctx, draft({ name: 'Next', email: 'next@example.com' }), '');
    expect(behind.kind).toBe('queued');

    const result = await replayOutbox(ctx);
    await ctx.background.idle();
    expect(result).toEqual({ written: 2, left: 0 });
    expect([...store.leads.values()].map((lead) => [lead.name, lead.salesSlackId])).toEqual([
      ['Lost?', 'UA'],
      ['Next', 'UB'],
    ]);
    expect(ctx.outbox.entries()).toHaveLength(0);
    // Replaying again writes nothing twice.
    expect(await replayOutbox(ctx)).toEqual({ written: 0, left: 0 });
    expect(store.leads.size).toBe(2);
  });

  it('skips a journaled lead whose first write had landed after all', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const first = created(await intakeLead(ctx, draft({ name: 'Once', email: 'once@example.com' }), ''));
    await ctx.outbox.append({ leadId: first.lead.leadId, draft: draft({ name: 'Once', email: 'once@example.com' }), idempotencyKey: '', receivedAt: 0 });
    expect(await replayOutbox(ctx)).toEqual({ written: 0, left: 0 });
    expect(store.leads.size).toBe(1);
  });
});
