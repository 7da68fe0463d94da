import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/domain/intake.ts';
import { intakeLead } from '../../src/use-cases/intake-lead.ts';
import { markContacted } from '../../src/use-cases/mark-contacted.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { created, memoryContext, rep } from '../support/use-case-context.ts';

async function newLead(ctx: Parameters<typeof intakeLead>[0], name: string) {
  const result = draftFromFields({ name, email: `${name.toLowerCase()}@example.com` });
  if (!result.ok) throw new Error('bad draft');
  const outcome = created(await intakeLead(ctx, result.draft, ''));
  await ctx.background.idle();
  return outcome.lead;
}

const click = (leadId: string, clickerId: string, addressedTo = clickerId) => ({ leadId, clickerId, addressedTo, channel: `D-${addressedTo}`, messageTs: '1000.000001' });

describe('markContacted', () => {
  it('accepts the owner while NEW, updates the DM in place and audits once', async () => {
    const { ctx, store, notifier, advanceMinutes } = memoryContext([rep('UA'), rep('UB')]);
    const lead = await newLead(ctx, 'Budi');
    advanceMinutes(12);
    const decision = await markContacted(ctx, click(lead.leadId, 'UA'));
    expect(decision).toMatchObject({ kind: 'accept', minutesAfterAssignment: 12 });
    expect(store.leads.get(lead.leadId)).toMatchObject({ stage: 'CONTACTED', contactedAt: lead.createdAt! + 12 * 60_000 });
    const update = notifier.of('update')[0];
    expect(update?.update.kind).toBe('contacted');
    expect(update?.ref.channel).toBe('D-UA');
  });

  it('changes nothing more on a double click and writes one lead.contacted row in total', async () => {
    const { ctx, store, notifier } = memoryContext([rep('UA')]);
    const lead = await newLead(ctx, 'Budi');
    const [first, second] = await Promise.all([markContacted(ctx, click(lead.leadId, 'UA')), markContacted(ctx, click(lead.leadId, 'UA'))]);
    expect([first.kind, second.kind].sort()).toEqual(['accept', 'reject']);
    expect(store.audit.filter((row) => row.event === 'lead.contacted')).toHaveLength(1);
    expect(store.audit.filter((row) => row.event === 'action.rejected')[0]?.detail).toMatch(/^already_contacted/);
    expect(notifier.of('rejection')[0]?.rejection.code).toBe('already_contacted');
  });

  it.each([
    ['a stranger clicking a forwarded DM', 'UZ', 'UA', 'not_owner'],
    ['another rep, with a button that names no addressee', 'UB', '', 'not_owner'],
  ])('refuses %s and says who owns it', async (_label, clicker, addressedTo, code) => {
    const { ctx, store } = memoryContext([rep('UA'), rep('UB')]);
    const lead = await newLead(ctx, 'Budi');
    const decision = await markContacted(ctx, click(lead.leadId, clicker, addressedTo));
    expect(decision).toMatchObject({ kind: 'reject', code });
    expect(store.leads.get(lead.leadId)?.stage).toBe('NEW');
    expect(store.audit.at(-1)).toMatchObject({ event: 'action.rejected', actor: clicker });
  });

  it('tells a previous owner the lead was re-routed, and changes nothing', async () => {
    const { ctx, store, notifier, advanceMinutes } = memoryContext([rep('UA'), rep('UB')]);
    const lead = await newLead(ctx, 'Budi');
    advanceMinutes(61);
    await runSweep(ctx, 'test');
    const decision = await markContacted(ctx, click(lead.leadId, 'UA'));
    expect(decision).toMatchObject({ kind: 'reject', code: 'rerouted' });
    expect(store.leads.get(lead.leadId)).toMatchObject({ stage: 'NEW', salesSlackId: 'UB' });
    expect(notifier.of('rejection').at(-1)?.target).toEqual({ channel: 'D-UA', user: 'UA' });
  });

  it('answers an unknown lead id without changing anything', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const decision = await markContacted(ctx, click('L-NOPE', 'UA'));
    expect(decision).toMatchObject({ kind: 'reject', code: 'unknown_lead' });
    expect(store.leads.size).toBe(0);
  });
});

describe('markContacted: a bounded audit of refused clicks', () => {
  it('writes one action.rejected row per lead, clicker and reason a minute, and still answers every click', async () => {
    const { ctx, store, notifier, advanceMinutes } = memoryContext([rep('UA'), rep('UB')]);
    const lead = await newLead(ctx, 'Budi');
    const commitsBefore = store.calls.commits;
    for (let i = 0; i < 5; i += 1) await markContacted(ctx, click(lead.leadId, 'UZ', 'UA'));
    expect(store.audit.filter((row) => row.event === 'action.rejected')).toHaveLength(1);
    expect(store.calls.commits - commitsBefore).toBe(1);
    expect(notifier.of('rejection')).toHaveLength(5);

    // Another reason, or another clicker, is its own row.
    await markContacted(ctx, click(lead.leadId, 'UB', 'UA'));
    expect(store.audit.filter((row) => row.event === 'action.rejected').map((row) => row.actor)).toEqual(['UZ', 'UB']);

    advanceMinutes(1);
    await markContacted(ctx, click(lead.leadId, 'UZ', 'UA'));
    expect(store.audit.filter((row) => row.event === 'action.rejected').map((row) => row.actor)).toEqual(['UZ', 'UB', 'UZ']);
  });

  it('audits an accepted click once and its replays once', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const lead = await newLead(ctx, 'Budi');
    for (let i = 0; i < 5; i += 1) await markContacted(ctx, click(lead.leadId, 'UA'));
    expect(store.audit.filter((row) => row.event === 'lead.contacted')).toHaveLength(1);
    expect(store.audit.filter((row) => row.event === 'action.rejected')).toHaveLength(1);
  });

  it('writes the row again when the first one never reached the sheet', async () => {
    const { ctx, store } = memoryContext([rep('UA')]);
    const lead = await newLead(ctx, 'Budi');
    store.failCommits = 1;
    await expect(markContacted(ctx, click(lead.leadId, 'UZ', 'UA'))).rejects.toThrow(/refused/);
    await markContacted(ctx, click(lead.leadId, 'UZ', 'UA'));
    expect(store.audit.filter((row) => row.event === 'action.rejected')).toHaveLength(1);
  });
});
