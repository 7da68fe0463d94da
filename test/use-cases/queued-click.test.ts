import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/domain/intake.ts';
import { SheetsError } from '../../src/stores/sheets/errors.ts';
import { intakeLead, replayOutbox } from '../../src/use-cases/intake-lead.ts';
import { markContacted } from '../../src/use-cases/mark-contacted.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { created, memoryContext, rep } from '../support/use-case-context.ts';

type Setup = ReturnType<typeof memoryContext>;

/** The sheet stops answering (reads and writes) until `up()`; errors are what the Requester throws for a 503. */
function outage(store: Setup['store']) {
  const load = store.load.bind(store);
  const commit = store.commit.bind(store);
  let down: SheetsError | undefined;
  store.load = async () => {
    if (down) throw down;
    return load();
  };
  store.commit = async (change) => {
    if (down) throw down;
    return commit(change);
  };
  return {
    down: (error = new SheetsError('SHEETS_UNAVAILABLE', 'Sheets unavailable: HTTP 503', 503, true)) => (down = error),
    up: () => (down = undefined),
  };
}

async function newLead(setup: Setup, name: string) {
  const result = draftFromFields({ name, email: `${name.toLowerCase()}@example.com` });
  if (!result.ok) throw new Error('bad draft');
  const outcome = created(await intakeLead(setup.ctx, result.draft, ''));
  await setup.ctx.background.idle();
  return outcome.lead;
}

/** A click on the DM sent to UA (the first lead's owner); a stranger forwarded it. */
const click = (leadId: string, clickerId: string, clickedAt?: number) => ({ leadId, clickerId, addressedTo: 'UA', channel: `D-${clickerId}`, messageTs: '1000.000001', ...(clickedAt === undefined ? {} : { clickedAt }) });

describe('a click while the sheet is down', () => {
  it('is saved, the rep is told at once, and it is applied later with the click time', async () => {
    const setup = memoryContext([rep('UA'), rep('UB')]);
    const { ctx, store, notifier, advanceMinutes, clock } = setup;
    const sheet = outage(store);
    const lead = await newLead(setup, 'Budi');
    advanceMinutes(10);
    const clickedAt = clock.now();
    sheet.down();

    const outcome = await markContacted(ctx, click(lead.leadId, 'UA', clickedAt));
    expect(outcome).toEqual({ kind: 'queued', leadId: lead.leadId, clickedAt });
    expect(notifier.of('queued-click')).toEqual([{ kind: 'queued-click', target: { channel: 'D-UA', user: 'UA' }, click: { leadId: lead.leadId, clickedAt } }]);
    expect(ctx.outbox.clicks()).toMatchObject([{ leadId: lead.leadId, clickerId: 'UA', clickedAt }]);
    expect(store.leads.get(lead.leadId)?.stage).toBe('NEW');

    advanceMinutes(30);
    sheet.up();
    expect(await replayOutbox(ctx)).toEqual({ written: 0, left: 0 });
    await ctx.background.idle();
    expect(store.leads.get(lead.leadId)).toMatchObject({ stage: 'CONTACTED', contactedAt: clickedAt });
    expect(store.audit.filter((row) => row.event === 'lead.contacted')).toMatchObject([{ at: clickedAt, actor: 'UA', detail: expect.stringContaining('while the sheet was unreachable') }]);
    expect(notifier.of('update').map((sent) => sent.update.kind)).toEqual(['contacted']);
    expect(ctx.outbox.clicks()).toEqual([]);
  });

  it('keeps the lead from being re-routed while its click waits in the journal', async () => {
    const setup = memoryContext([rep('UA'), rep('UB')]);
    const { ctx, store, advanceMinutes, clock } = setup;
    const sheet = outage(store);
    const lead = await newLead(setup, 'Budi');
    advanceMinutes(59);
    sheet.down();
    await markContacted(ctx, click(lead.leadId, 'UA', clock.now()));
    advanceMinutes(5);
    sheet.up();

    // The deadline sweep gets the sheet before the journal replay does.
    const { summary } = await runSweep(ctx, 'deadline');
    expect(summary.rerouted).toBe(0);
    expect(store.leads.get(lead.leadId)).toMatchObject({ stage: 'NEW', salesSlackId: 'UA', routeCount: 0 });

    await replayOutbox(ctx);
    expect(store.leads.get(lead.leadId)).toMatchObject({ stage: 'CONTACTED', salesSlackId: 'UA', contactedAt: lead.assignedAt! + 59 * 60_000 });
  });

  it('saves a second click on the same lead once, keeping the first time, and confirms both', async () => {
    const setup = memoryContext([rep('UA')]);
    const { ctx, store, notifier, clock } = setup;
    const sheet = outage(store);
    const lead = await newLead(setup, 'Budi');
    sheet.down();
    const first = clock.now();
    await markContacted(ctx, click(lead.leadId, 'UA', first));
    await markContacted(ctx, click(lead.leadId, 'UA', first + 1_000));
    expect(ctx.outbox.clicks()).toHaveLength(1);
    expect(notifier.of('queued-click').map((sent) => sent.click.clickedAt)).toEqual([first, first]);
  });

  it('answers nothing for a saved click whose lead the rep marked contacted again once the sheet was back', async () => {
    const setup = memoryContext([rep('UA')]);
    const { ctx, store, notifier, clock, advanceMinutes } = setup;
    const sheet = outage(store);
    const lead = await newLead(setup, 'Budi');
    sheet.down();
    const first = clock.now();
    await markContacted(ctx, click(lead.leadId, 'UA', first));
    sheet.up();
    advanceMinutes(2);
    expect(await markContacted(ctx, click(lead.leadId, 'UA'))).toMatchObject({ kind: 'accept' });
    await replayOutbox(ctx);
    await ctx.background.idle();
    expect(notifier.of('rejection')).toEqual([]);
    expect(ctx.outbox.clicks()).toEqual([]);
    expect(store.audit.filter((row) => row.event === 'lead.contacted')).toHaveLength(1);
  });

  it('tells a rep whose saved click could not apply why', async () => {
    const setup = memoryContext([rep('UA'), rep('UB')]);
    const { ctx, store, notifier, clock } = setup;
    const sheet = outage(store);
    const lead = await newLead(setup, 'Budi');
    sheet.down();
    await markContacted(ctx, click(lead.leadId, 'UB', clock.now()));
    sheet.up();
    await replayOutbox(ctx);
    await ctx.background.idle();
    expect(notifier.of('rejection').map((sent) => sent.rejection.code)).toEqual(['not_owner']);
    expect(store.leads.get(lead.leadId)?.stage).toBe('NEW');
  });

  it('is not journaled when the sheet refuses for good (no access): the error surfaces as before', async () => {
    const setup = memoryContext([rep('UA')]);
    const { ctx, store } = setup;
    const sheet = outage(store);
    const lead = await newLead(setup, 'Budi');
    sheet.down(new SheetsError('SHEETS_NO_ACCESS', 'No access to spreadsheet', 403, false));
    await expect(markContacted(ctx, click(lead.leadId, 'UA'))).rejects.toThrow(/No access/);
    expect(ctx.outbox.clicks()).toEqual([]);
  });

  it('answers a stranger as before while the sheet is up, without journaling anything', async () => {
    const setup = memoryContext([rep('UA'), rep('UB')]);
    const { ctx, notifier } = setup;
    const lead = await newLead(setup, 'Budi');
    const decision = await markContacted(ctx, click(lead.leadId, 'UZ'));
    expect(decision).toMatchObject({ kind: 'reject', code: 'not_owner' });
    expect(notifier.of('rejection')).toHaveLength(1);
    expect(ctx.outbox.clicks()).toEqual([]);
  });
});
