import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/domain/intake.ts';
import { actOnException } from '../../src/use-cases/act-on-exception.ts';
import { changeStage } from '../../src/use-cases/change-stage.ts';
import { intakeLead } from '../../src/use-cases/intake-lead.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { RecordingExceptionsNotifier } from '../support/recording-exceptions-notifier.ts';
import { created, memoryContext, rep, T0 } from '../support/use-case-context.ts';

/** Memory ports with the exception queue wired to a recording notifier. */
function wired(roster = [rep('UA'), rep('UB')]) {
  const setup = memoryContext(roster);
  const exceptionsNotifier = new RecordingExceptionsNotifier();
  let seq = 0;
  setup.ctx.exceptions = {
    notifier: exceptionsNotifier,
    managers: ['UMGR'],
    ackMinutes: 30,
    resolveMinutes: 240,
    remindBeforeMinutes: 15,
    newExceptionId: () => `X-${++seq}`,
  };
  return { ...setup, exceptionsNotifier };
}

function draft(fields: Record<string, unknown>) {
  const result = draftFromFields(fields);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.draft;
}

async function settled(ctx: ReturnType<typeof wired>['ctx']) {
  await ctx.background.idle();
}

describe('exception queue on memory ports', () => {
  it('an intake with gaps opens missing_fields, posts it, records where, and arms the timer for the ack reminder and the owner reminder', async () => {
    const { ctx, store, exceptionsNotifier, deadlines } = wired();
    const outcome = created(await intakeLead(ctx, { ...draft({ phone: '0812-3456-7890' }), seen: ['Nomor HP'] }, ''));
    await settled(ctx);
    const [exception] = [...store.exceptions.values()];
    expect(exception).toMatchObject({ exceptionId: 'X-1', leadId: outcome.lead.leadId, kind: 'missing_fields', slackMessages: 'C-EXCEPTIONS:2000.000001' });
    expect(exception?.detail).toBe('missing or unreadable: name; form fields sent: Nomor HP (values not shown)');
    expect(exceptionsNotifier.of('post')).toHaveLength(1);
    expect(deadlines).toEqual(expect.arrayContaining([T0 + 60 * 60_000, T0 + 45 * 60_000, T0 + 30 * 60_000]));
  });

  it('nobody active: the lead is kept, no_eligible_rep opens, and the plain "no active rep" DM is replaced', async () => {
    const { ctx, store, notifier, exceptionsNotifier } = wired([rep('UA', false)]);
    created(await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), ''));
    await settled(ctx);
    expect([...store.exceptions.values()].map((e) => e.kind)).toEqual(['no_eligible_rep']);
    expect(notifier.of('managers')).toHaveLength(0);
    expect(exceptionsNotifier.of('post')).toHaveLength(1);
  });

  it('a sweep that assigns the waiting lead settles its no_eligible_rep exception and edits its message', async () => {
    const { ctx, store, exceptionsNotifier, advanceMinutes } = wired([rep('UA', false)]);
    const outcome = created(await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), ''));
    await settled(ctx);
    store.roster = [rep('UA', true)];
    advanceMinutes(5);
    const { notified } = await runSweep(ctx, 'test');
    await notified;
    expect(store.leads.get(outcome.lead.leadId)?.salesSlackId).toBe('UA');
    expect([...store.exceptions.values()][0]).toMatchObject({ resolution: 'assigned', resolvedBy: 'sweep:test' });
    expect(exceptionsNotifier.of('update').at(-1)?.exception.resolution).toBe('assigned');
  });

  it('escalation becomes one escalated exception instead of the plain DM; ack, then assign, in the tab and audit', async () => {
    const { ctx, store, notifier, exceptionsNotifier, advanceMinutes } = wired([rep('UA'), rep('UB')]);
    const outcome = created(await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), ''));
    for (let i = 0; i < 4; i += 1) {
      advanceMinutes(61);
      const { notified } = await runSweep(ctx, 'test');
      await notified;
    }
    const escalated = [...store.exceptions.values()].filter((e) => e.kind === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(notifier.of('managers').filter((m) => m.notice.kind === 'escalation')).toHaveLength(0);
    const exceptionId = escalated[0]?.exceptionId as string;

    expect(await actOnException(ctx, { exceptionId, actorId: 'UA', action: { kind: 'ack' } })).toMatchObject({ kind: 'reject', code: 'not_manager' });
    expect(await actOnException(ctx, { exceptionId, actorId: 'UMGR', action: { kind: 'ack' } })).toMatchObject({ kind: 'accept' });
    const target = store.leads.get(outcome.lead.leadId)?.salesSlackId === 'UA' ? 'UB' : 'UA';
    expect(await actOnException(ctx, { exceptionId, actorId: 'UMGR', action: { kind: 'assign', repId: target, cause: 'vip', note: '' } })).toMatchObject({ kind: 'accept' });
    expect(store.leads.get(outcome.lead.leadId)?.salesSlackId).toBe(target);
    expect(store.exceptions.get(exceptionId)).toMatchObject({ acknowledgedBy: 'UMGR', resolvedBy: 'UMGR', resolution: 'assigned', cause: 'vip' });
    expect(store.audit.filter((a) => a.event.startsWith('exception.')).map((a) => a.event)).toEqual(['exception.opened', 'exception.acknowledged', 'exception.assigned']);
    expect(store.audit.filter((a) => a.event === 'action.rejected')).toHaveLength(1);
    expect(exceptionsNotifier.of('update').length).toBeGreaterThanOrEqual(2);
  });

  it("Can't take it moves the lead, DMs the next rep and edits the old DM", async () => {
    const { ctx, store, notifier, exceptionsNotifier } = wired([rep('UA'), rep('UB')]);
    const outcome = created(await intakeLead(ctx, draft({ name: 'Budi', phone: '0812-3456-7890' }), ''));
    await settled(ctx);
    const lead = store.leads.get(outcome.lead.leadId);
    const decision = await changeStage(ctx, { leadId: outcome.lead.leadId, actorId: 'UA', channel: 'D-UA', messageTs: lead?.slackTs ?? '', action: { kind: 'pass', reason: 'on leave' } });
    expect(decision).toMatchObject({ kind: 'accept', event: 'lead.passed' });
    expect(store.leads.get(outcome.lead.leadId)).toMatchObject({ salesSlackId: 'UB', routeCount: 1, slackChannel: 'D-UB' });
    expect(notifier.of('lead').at(-1)?.notice).toMatchObject({ kind: 'rerouted', from: { slackId: 'UA' } });
    expect(exceptionsNotifier.of('lead-update').at(-1)?.update).toMatchObject({ kind: 'passed', to: 'UB', reason: 'on leave' });
    expect(store.cursor.lastSlackId).toBe('UB');
  });
});
