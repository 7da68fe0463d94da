import { describe, expect, it } from 'vitest';
import { draftFromFields, type LeadDraft } from '../../src/domain/intake.ts';
import { intakeLead } from '../../src/use-cases/intake-lead.ts';
import { memoryContext, rep, T0 } from '../support/use-case-context.ts';

function draft(fields: Record<string, unknown>): LeadDraft {
  const result = draftFromFields(fields);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.draft;
}

describe('intakeLead', () => {
  it('writes the lead, moves the cursor, audits why, then DMs the rep and records the message', async () => {
    const { ctx, store, notifier, deadlines } = memoryContext([rep('UA'), rep('UB'), rep('UC')]);
    const outcome = await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), '');
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
      const outcome = await intakeLead(ctx, draft({ name: `Lead ${i}`, email: `l${i}@example.com` }), '');
      owners.push(outcome.lead.salesSlackId);
    }
    expect(owners).toEqual(['UA', 'UC', 'UA', 'UC']);
    expect(store.leads.size).toBe(4);
  });

  it('answers a repeated idempotency key with the first lead and writes nothing new', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const first = await intakeLead(ctx, draft({ name: 'Sari', phone: '081234567891' }), 'key-1');
    const again = await intakeLead(ctx, draft({ name: 'Sari', phone: '081234567891' }), 'key-1');
    expect(again).toMatchObject({ kind: 'duplicate', matchedBy: 'idempotency_key' });
    expect(again.lead.leadId).toBe(first.lead.leadId);
    expect(store.leads.size).toBe(1);
  });

  it('gives concurrent repeats of one key exactly one new lead', async () => {
    const { ctx, store } = memoryContext([rep('UA'), rep('UB')]);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => intakeLead(ctx, draft({ name: 'Sari', email: 's@example.com' }), 'same-key')));
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.lead.leadId)).size).toBe(1);
    expect(store.leads.size).toBe(1);
  });

  it('treats the same phone of an open lead as a duplicate and tells its owner', async () => {
    const { ctx, store, notifier } = memoryContext([rep('UA'), rep('UB')]);
    await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), '');
    const again = await intakeLead(ctx, draft({ name: 'Budi S', phone: '+62 812 3456 7890' }), '');
    await ctx.background.idle();
    expect(again).toMatchObject({ kind: 'duplicate', matchedBy: 'phone' });
    expect(store.leads.size).toBe(1);
    expect(store.audit.map((row) => row.event)).toEqual(['lead.assigned', 'lead.duplicate']);
    expect(notifier.of('duplicate').map((d) => d.lead.salesSlackId)).toEqual(['UA']);
  });

  it('keeps a lead nobody can take, unassigned, and tells the managers', async () => {
    const { ctx, store, notifier } = memoryContext([rep('UA', false)]);
    const outcome = await intakeLead(ctx, draft({ name: 'Dewi', email: 'dewi@example.com' }), '');
    await ctx.background.idle();
    expect(outcome).toMatchObject({ kind: 'created', assigned: false });
    expect(store.leads.get(outcome.lead.leadId)).toMatchObject({ stage: 'NEW', salesSlackId: '', assignedAt: null });
    expect(store.audit[0]).toMatchObject({ event: 'lead.unassigned' });
    expect(notifier.of('managers')[0]?.notice.kind).toBe('no-active-rep');
  });

  it('keeps the lead assigned when the DM fails, audits it and tells the managers', async () => {
    const { ctx, store, notifier } = memoryContext([rep('UGONE')]);
    notifier.failFor.add('UGONE');
    const outcome = await intakeLead(ctx, draft({ name: 'Eko', phone: '081298765432' }), '');
    await ctx.background.idle();
    expect(store.leads.get(outcome.lead.leadId)?.salesSlackId).toBe('UGONE');
    expect(store.audit.map((row) => row.event)).toEqual(['lead.assigned', 'slack.failed']);
    expect(notifier.of('managers')[0]?.notice.kind).toBe('dm-failed');
  });

  it('keeps an invalid phone as sent and flags it', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const outcome = await intakeLead(ctx, draft({ name: 'Odd', phone: '12345' }), '');
    expect(store.leads.get(outcome.lead.leadId)).toMatchObject({ phone: '12345', phoneValid: false });
    expect(store.audit[0]?.detail).toContain('not a valid number');
  });

  it('rejects the caller and leaves no trace when the commit fails', async () => {
    const { ctx, store } = memoryContext([rep('UA'), rep('UB')]);
    store.failCommits = 1;
    await expect(intakeLead(ctx, draft({ name: 'Lost?', email: 'x@example.com' }), '')).rejects.toThrow(/commit refused/);
    const retry = await intakeLead(ctx, draft({ name: 'Lost?', email: 'x@example.com' }), '');
    expect(retry.kind).toBe('created');
    expect(store.leads.size).toBe(1);
    // The failed attempt must not have advanced the rotation.
    expect(retry.lead.salesSlackId).toBe('UA');
  });
});
