import { describe, expect, it } from 'vitest';
import { draftFromFields, type LeadDraft } from '../../src/domain/intake.ts';
import { SheetsError } from '../../src/stores/sheets/errors.ts';
import type { ChangeSet } from '../../src/core/ports.ts';
import { intakeLead, replayOutbox } from '../../src/use-cases/intake-lead.ts';
import { memoryContext, rep, T0 } from '../support/use-case-context.ts';

function draft(i: number): LeadDraft {
  const result = draftFromFields({ name: `Lead ${i}`, email: `lead-${i}@example.com` });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.draft;
}

const unavailable = () => new SheetsError('SHEETS_UNAVAILABLE', 'Sheets unavailable: socket hang up', undefined, true);

type Store = ReturnType<typeof memoryContext>['store'];

/** Makes the store's commits behave per call number (1-based): 'fail' refuses, 'lose' writes and then loses the answer. */
function scriptCommits(store: Store, script: Record<number, 'fail' | 'lose'>): void {
  const commit = store.commit.bind(store);
  let calls = 0;
  store.commit = async (change: ChangeSet) => {
    calls += 1;
    const step = script[calls];
    if (step === 'fail') throw unavailable();
    await commit(change);
    if (step === 'lose') throw unavailable();
  };
}

/** Every lead in the store was DMed to its owner exactly once. */
function expectEachAnnouncedOnce(ctx: ReturnType<typeof memoryContext>) {
  const dmed = ctx.notifier.of('lead').map((sent) => sent.notice.lead.leadId);
  expect(dmed.length).toBe(new Set(dmed).size);
  expect(new Set(dmed)).toEqual(new Set(ctx.store.leads.keys()));
}

describe('replayOutbox', () => {
  it('writes more than 500 journaled leads after a failing batch: each written, removed and announced once', async () => {
    const setup = memoryContext([rep('UA'), rep('UB'), rep('UC')]);
    const { ctx, store } = setup;
    for (let i = 0; i < 1200; i += 1) await ctx.outbox.append({ leadId: `L-${String(i).padStart(4, '0')}`, draft: draft(i), idempotencyKey: '', receivedAt: T0 + i });
    scriptCommits(store, { 2: 'fail' });

    await expect(replayOutbox(ctx)).rejects.toThrow(/unavailable/);
    await ctx.background.idle();
    // What was durable before the failure has left the journal and been announced already.
    expect(ctx.outbox.entries().length).toBe(1200 - store.leads.size);
    expect(store.leads.size).toBeGreaterThan(0);
    expectEachAnnouncedOnce(setup);

    expect(await replayOutbox(ctx)).toMatchObject({ left: 0 });
    await ctx.background.idle();
    expect(store.leads.size).toBe(1200);
    expectEachAnnouncedOnce(setup);
    // Arrival order is round-robin order.
    const owners = [...store.leads.values()].sort((a, b) => a.leadId.localeCompare(b.leadId)).map((lead) => lead.salesSlackId);
    expect(owners.slice(0, 6)).toEqual(['UA', 'UB', 'UC', 'UA', 'UB', 'UC']);
    expect(owners.at(-1)).toBe(['UA', 'UB', 'UC'][1199 % 3]);
  });

  it('announces once a live lead whose write landed but whose answer was lost', async () => {
    const setup = memoryContext([rep('UA'), rep('UB')]);
    const { ctx, store } = setup;
    scriptCommits(store, { 1: 'lose' });
    const outcome = await intakeLead(ctx, draft(1), 'key-1');
    expect(outcome.kind).toBe('queued');
    expect(store.leads.size).toBe(1);

    expect(await replayOutbox(ctx)).toEqual({ written: 0, left: 0 });
    await ctx.background.idle();
    expectEachAnnouncedOnce(setup);
    expect(await replayOutbox(ctx)).toEqual({ written: 0, left: 0 });
    await ctx.background.idle();
    expectEachAnnouncedOnce(setup);
  });

  it('announces once the journaled leads whose replay landed but whose answer was lost', async () => {
    const setup = memoryContext([rep('UA'), rep('UB')]);
    const { ctx, store } = setup;
    for (let i = 0; i < 3; i += 1) await ctx.outbox.append({ leadId: `L-${i}`, draft: draft(i), idempotencyKey: '', receivedAt: T0 + i });
    scriptCommits(store, { 1: 'lose' });

    await expect(replayOutbox(ctx)).rejects.toThrow(/unavailable/);
    expect(store.leads.size).toBe(3);
    expect(ctx.outbox.entries()).toHaveLength(3);

    expect(await replayOutbox(ctx)).toEqual({ written: 0, left: 0 });
    await ctx.background.idle();
    expectEachAnnouncedOnce(setup);
    expect(setup.notifier.of('lead')).toHaveLength(3);
  });
});
