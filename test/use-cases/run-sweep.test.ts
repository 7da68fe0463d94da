import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/domain/intake.ts';
import { intakeLead } from '../../src/use-cases/intake-lead.ts';
import { markContacted } from '../../src/use-cases/mark-contacted.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { created, memoryContext, rep } from '../support/use-case-context.ts';

async function newLead(ctx: Parameters<typeof intakeLead>[0], name: string) {
  const result = draftFromFields({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com` });
  if (!result.ok) throw new Error('bad draft');
  const outcome = created(await intakeLead(ctx, result.draft, ''));
  await ctx.background.idle();
  return outcome.lead;
}

async function sweep(ctx: Parameters<typeof runSweep>[0]) {
  const { summary, notified } = await runSweep(ctx, 'test');
  await notified;
  await ctx.background.idle();
  return summary;
}

describe('runSweep', () => {
  it('leaves a lead alone before its deadline and reports when it falls due', async () => {
    const { ctx, store, advanceMinutes } = memoryContext([rep('UA'), rep('UB')]);
    const lead = await newLead(ctx, 'Budi');
    advanceMinutes(59);
    const summary = await sweep(ctx);
    expect(summary).toMatchObject({ leads: 1, due: 0, rerouted: 0 });
    expect(summary.nextDueAt).toBe(lead.assignedAt! + 60 * 60_000);
    expect(store.leads.get(lead.leadId)?.salesSlackId).toBe('UA');
  });

  it('re-routes a due lead to the next rep, DMs them and strips the old DM', async () => {
    const { ctx, store, notifier, advanceMinutes } = memoryContext([rep('UA'), rep('UB'), rep('UC')]);
    const lead = await newLead(ctx, 'Budi');
    advanceMinutes(61);
    const summary = await sweep(ctx);
    expect(summary.line).toBe('sweep: 1 leads, 1 due, 1 re-routed, 0 escalated, 0 assigned');
    expect(store.leads.get(lead.leadId)).toMatchObject({ salesSlackId: 'UB', routeCount: 1, ownerHistory: ['UA', 'UB'], slackChannel: 'D-UB' });
    expect(store.audit.find((row) => row.event === 'lead.rerouted')?.detail).toMatch(/UA → UB; 60 s after the SLA deadline/);
    const rerouted = notifier.of('lead').at(-1)?.notice;
    expect(rerouted).toMatchObject({ kind: 'rerouted', from: { slackId: 'UA' } });
    expect(notifier.of('update')[0]).toMatchObject({ ref: { channel: 'D-UA' }, update: { kind: 'moved', to: { slackId: 'UB' } } });
  });

  it('escalates once at the threshold and never again, keeping the owner', async () => {
    const { ctx, store, notifier, advanceMinutes } = memoryContext([rep('UA'), rep('UB')], { escalationThreshold: 2 });
    const lead = await newLead(ctx, 'Budi');
    for (let i = 0; i < 2; i += 1) {
      advanceMinutes(61);
      await sweep(ctx);
    }
    expect(store.leads.get(lead.leadId)?.routeCount).toBe(2);
    const owner = store.leads.get(lead.leadId)?.salesSlackId;
    const escalations = [];
    for (let i = 0; i < 3; i += 1) {
      advanceMinutes(61);
      escalations.push((await sweep(ctx)).escalated);
    }
    expect(escalations).toEqual([1, 0, 0]);
    expect(notifier.of('managers').filter((m) => m.notice.kind === 'escalation')).toHaveLength(1);
    expect(store.state.has(`escalated_${lead.leadId}`)).toBe(true);
    expect(store.leads.get(lead.leadId)).toMatchObject({ salesSlackId: owner, routeCount: 2 });
    // The owner can still mark it contacted after escalation.
    const decision = await markContacted(ctx, { leadId: lead.leadId, clickerId: owner!, addressedTo: owner!, channel: 'D', messageTs: '1' });
    expect(decision.kind).toBe('accept');
  });

  it('with one active rep keeps the lead with them, counts the miss and reminds them', async () => {
    const { ctx, store, notifier, advanceMinutes } = memoryContext([rep('UA'), rep('UB', false)]);
    const lead = await newLead(ctx, 'Budi');
    advanceMinutes(61);
    const summary = await sweep(ctx);
    expect(summary.reminded).toBe(1);
    expect(store.leads.get(lead.leadId)).toMatchObject({ salesSlackId: 'UA', routeCount: 1 });
    expect(notifier.of('lead').at(-1)?.notice.kind).toBe('reminder');
  });

  it('with no active rep leaves leads put and tells managers once per sweep', async () => {
    const { ctx, store, notifier, advanceMinutes } = memoryContext([rep('UA'), rep('UB')]);
    await newLead(ctx, 'One');
    await newLead(ctx, 'Two');
    store.roster = store.roster.map((r) => ({ ...r, active: false }));
    advanceMinutes(61);
    const summary = await sweep(ctx);
    expect(summary).toMatchObject({ due: 2, rerouted: 0, stranded: 2 });
    expect(summary.line).toContain('no active rep: 2 leads waiting');
    expect(notifier.of('managers').filter((m) => m.notice.kind === 'no-active-rep')).toHaveLength(1);
  });

  it('assigns leads written while nobody was active once a rep is switched on', async () => {
    const { ctx, store } = memoryContext([rep('UA', false)]);
    const lead = await newLead(ctx, 'Waiting');
    store.roster = [rep('UA', true)];
    const summary = await sweep(ctx);
    expect(summary.assigned).toBe(1);
    expect(store.leads.get(lead.leadId)).toMatchObject({ salesSlackId: 'UA', slackChannel: 'D-UA' });
  });

  it('skips rows it cannot read, names them, and still sweeps the rest', async () => {
    const { ctx, store, advanceMinutes } = memoryContext([rep('UA'), rep('UB')]);
    const lead = await newLead(ctx, 'Fine');
    store.unreadable = [{ leadId: 'L-BROKEN', problem: 'unknown stage "maybe"' }];
    advanceMinutes(61);
    const summary = await sweep(ctx);
    expect(summary.rerouted).toBe(1);
    expect(summary.line).toContain('1 skipped (L-BROKEN: unknown stage "maybe")');
    expect(store.audit.some((row) => row.event === 'sweep.skipped_row' && row.leadId === 'L-BROKEN')).toBe(true);
    expect(store.leads.get(lead.leadId)?.salesSlackId).toBe('UB');
  });

  it('keeps last_index consistent when a sweep and intakes interleave', async () => {
    const { ctx, store, advanceMinutes } = memoryContext([rep('UA'), rep('UB'), rep('UC')]);
    await newLead(ctx, 'First');
    advanceMinutes(61);
    const results = await Promise.all([
      runSweep(ctx, 'test'),
      ...['a', 'b', 'c', 'd', 'e'].map((n) => {
        const result = draftFromFields({ name: n, email: `${n}@example.com` });
        if (!result.ok) throw new Error('bad');
        return intakeLead(ctx, result.draft, '');
      }),
    ]);
    expect(results).toHaveLength(6);
    await ctx.background.idle();
    const counts = new Map<string, number>();
    for (const lead of store.leads.values()) for (const owner of lead.ownerHistory) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    // 6 leads + 1 re-route = 7 assignments over 3 reps: 3/2/2.
    expect([...counts.values()].sort()).toEqual([2, 2, 3]);
    expect(store.cursor.lastSlackId).toBe(['UA', 'UB', 'UC'][store.cursor.lastIndex]);
  });
});
