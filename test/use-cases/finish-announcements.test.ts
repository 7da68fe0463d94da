/**
 * The recovery sweep (issue 10, item 7): a server's startup sweep DMs the owner of every NEW lead a
 * stopped process left without a recorded DM, once, never one this process is DMing itself; and
 * every sweep records all its DMs in one commit.
 */
import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/domain/intake.ts';
import type { Lead } from '../../src/domain/types.ts';
import type { LeadNotice, MessageRef } from '../../src/core/ports.ts';
import { intakeLead } from '../../src/use-cases/intake-lead.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { lead as leadFixture } from '../fixtures/domain.ts';
import { RecordingNotifier } from '../support/recording-notifier.ts';
import { created, memoryContext, rep, T0 } from '../support/use-case-context.ts';

/** A notifier whose DMs to a held rep wait until released: a DM still on its way to Slack. */
class GatedNotifier extends RecordingNotifier {
  private readonly gates = new Map<string, { wait: Promise<void>; open: () => void }>();
  hold(slackId: string): void {
    let open: () => void = () => undefined;
    const wait = new Promise<void>((resolve) => (open = resolve));
    this.gates.set(slackId, { wait, open });
  }
  release(slackId: string): void {
    this.gates.get(slackId)?.open();
    this.gates.delete(slackId);
  }
  override async sendLead(notice: LeadNotice): Promise<MessageRef> {
    await this.gates.get(notice.lead.salesSlackId)?.wait;
    return super.sendLead(notice);
  }
}

function setup(reps = [rep('UA'), rep('UB'), rep('UC')]) {
  const context = memoryContext(reps);
  const notifier = new GatedNotifier();
  context.ctx.notifier = notifier;
  return { ...context, notifier };
}

/** A NEW lead a stopped process wrote for `owner` `minutesAgo` before T0, without recording a DM. */
function leftBehind(leadId: string, owner: string, minutesAgo: number, overrides: Partial<Lead> = {}): Lead {
  const at = T0 - minutesAgo * 60_000;
  return leadFixture({ leadId, salesSlackId: owner, assignedSales: owner.toLowerCase(), assignedAt: at, createdAt: at, ownerHistory: [owner], ...overrides });
}

function draft(name: string) {
  const result = draftFromFields({ name, email: `${name.toLowerCase()}@example.com` });
  if (!result.ok) throw new Error('bad draft');
  return result.draft;
}

async function sweep(ctx: Parameters<typeof runSweep>[0], trigger: string) {
  const { summary, notified } = await runSweep(ctx, trigger);
  await notified;
  await ctx.background.idle();
  return summary;
}

const dmsFor = (notifier: RecordingNotifier, leadId: string) => notifier.of('lead').filter((sent) => sent.notice.lead.leadId === leadId);

describe('the recovery sweep', () => {
  it('DMs the owner of a lead left without a recorded DM, records it and audits why', async () => {
    const { ctx, store, notifier } = setup();
    store.leads.set('L-HALF', leftBehind('L-HALF', 'UB', 10));
    store.leads.set('L-DONE', leftBehind('L-DONE', 'UC', 10, { slackChannel: 'D-UC', slackTs: '1.1' }));
    const summary = await sweep(ctx, 'startup');
    expect(summary.announced).toBe(1);
    expect(summary.line).toBe('sweep: 2 leads, 0 due, 0 re-routed, 0 escalated, 0 assigned, 1 owner DMs left unsent or unrecorded by a stopped process sent again');
    const [dm] = dmsFor(notifier, 'L-HALF');
    expect(dm?.notice).toMatchObject({ kind: 'new', lead: { leadId: 'L-HALF', salesSlackId: 'UB' } });
    expect(store.leads.get('L-HALF')).toMatchObject({ slackChannel: dm?.ref.channel, slackTs: dm?.ref.ts, salesSlackId: 'UB', routeCount: 0 });
    expect(dmsFor(notifier, 'L-DONE')).toHaveLength(0);
    expect(store.audit.find((row) => row.event === 'lead.announced')).toMatchObject({ leadId: 'L-HALF', actor: 'sweep:startup' });
  });

  it('happens once per process: later sweeps, and sweeps of other triggers, leave unrecorded DMs alone', async () => {
    const { ctx, store, notifier } = setup();
    store.leads.set('L-HALF', leftBehind('L-HALF', 'UB', 10));
    // `npm run sweep` and the cron never finish another process's DMs: they may still be on their way.
    expect((await sweep(ctx, 'cli')).announced).toBe(0);
    expect((await sweep(ctx, 'cron')).announced).toBe(0);
    notifier.failFor.add('UB');
    expect((await sweep(ctx, 'startup')).announced).toBe(1);
    notifier.failFor.clear();
    expect((await sweep(ctx, 'cron')).announced).toBe(0);
    expect(dmsFor(notifier, 'L-HALF')).toHaveLength(0);
    expect(store.audit.filter((row) => row.event === 'slack.failed')).toHaveLength(1);
  });

  it('left to the next sweep when the startup sweep fails', async () => {
    const { ctx, store, notifier } = setup();
    store.leads.set('L-HALF', leftBehind('L-HALF', 'UA', 10));
    store.failCommits = 1;
    await expect(runSweep(ctx, 'startup')).rejects.toThrow(/commit refused/);
    expect((await sweep(ctx, 'cron')).announced).toBe(1);
    expect(dmsFor(notifier, 'L-HALF')).toHaveLength(1);
    expect((await sweep(ctx, 'cron')).announced).toBe(0);
  });

  it('does not resend a DM this process is still sending', async () => {
    const { ctx, store, notifier } = setup();
    notifier.hold('UA');
    const intake = created(await intakeLead(ctx, draft('Budi'), ''));
    expect(intake.lead.salesSlackId).toBe('UA');
    expect(store.leads.get(intake.lead.leadId)?.slackTs).toBe('');
    expect((await runSweep(ctx, 'startup')).summary.announced).toBe(0);
    notifier.release('UA');
    await ctx.background.idle();
    expect(dmsFor(notifier, intake.lead.leadId)).toHaveLength(1);
    expect(store.leads.get(intake.lead.leadId)?.slackTs).not.toBe('');
  });

  it('does not announce a lead an intake writes in the same commit batch', async () => {
    const { ctx, store, notifier } = setup();
    store.leads.set('L-HALF', leftBehind('L-HALF', 'UA', 10));
    // A read in flight: the intake and the sweep queue behind it and are decided in one batch.
    const reading = ctx.ledger.refresh();
    const intake = intakeLead(ctx, draft('Sari'), '');
    const swept = runSweep(ctx, 'startup');
    await reading;
    const [outcome, { summary, notified }] = await Promise.all([intake, swept]);
    await notified;
    await ctx.background.idle();
    const lead = created(outcome).lead;
    expect(summary.announced).toBe(1);
    expect(dmsFor(notifier, 'L-HALF')).toHaveLength(1);
    expect(dmsFor(notifier, lead.leadId)).toHaveLength(1);
  });
});

describe('sweep DM records', () => {
  it('records every DM of a sweep in one commit, after they are all sent', async () => {
    const { ctx, store, notifier } = setup();
    for (let i = 0; i < 20; i += 1) {
      const id = `L-DUE-${String(i).padStart(2, '0')}`;
      store.leads.set(id, leftBehind(id, ['UA', 'UB', 'UC'][i % 3] as string, 61, { slackChannel: 'D-OLD', slackTs: `9.${i}` }));
    }
    const { summary, notified } = await runSweep(ctx, 'test');
    expect(summary.rerouted).toBe(20);
    const commitsBefore = store.calls.commits;
    await notified;
    await ctx.background.idle();
    expect(store.calls.commits - commitsBefore).toBe(1);
    for (const [id, lead] of store.leads) {
      const dm = dmsFor(notifier, id).at(-1);
      expect(lead).toMatchObject({ slackChannel: dm?.ref.channel, slackTs: dm?.ref.ts });
      expect(dm?.ref.channel).toBe(`D-${lead.salesSlackId}`);
    }
  });

  it('keeps the newer DM when a lead changed owner while an older DM was on its way', async () => {
    const { ctx, store, notifier, advanceMinutes } = setup();
    notifier.hold('UA');
    const intake = created(await intakeLead(ctx, draft('Budi'), ''));
    expect(intake.lead.salesSlackId).toBe('UA');
    advanceMinutes(61);
    const swept = await runSweep(ctx, 'test');
    expect(swept.summary.rerouted).toBe(1);
    await swept.notified;
    expect(store.leads.get(intake.lead.leadId)).toMatchObject({ salesSlackId: 'UB', slackChannel: 'D-UB' });
    // Only now does UA's DM for the intake land: it must not take the row's DM record from UB.
    notifier.release('UA');
    await ctx.background.idle();
    expect(dmsFor(notifier, intake.lead.leadId).map((dm) => dm.ref.channel)).toEqual(['D-UB', 'D-UA']);
    expect(store.leads.get(intake.lead.leadId)).toMatchObject({ salesSlackId: 'UB', slackChannel: 'D-UB' });
  });
});
