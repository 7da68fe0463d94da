import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { startHarness, startSecondBaton, type Harness } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const rows = () => h.leadRows();

describe('two Baton processes on one sheet', () => {
  it('lets exactly one of two concurrent sweeps act', async () => {
    for (let i = 0; i < 6; i += 1) expect((await h.postLead({ name: `Lead ${i}`, email: `l${i}@example.com` })).status).toBe(201);
    await h.settle();
    h.clock.at += 61 * 60_000;
    const other = await startSecondBaton(h);
    const [a, b] = await Promise.all([runSweep(h.baton.ctx, 'server'), runSweep(other.ctx, 'cli')]);
    await Promise.all([a.notified, b.notified]);
    await h.settle();
    await other.ctx.background.idle();
    // Both report what they saw, but only the winner's plan was written; the loser re-read and found nothing due.
    expect(a.summary.rerouted + b.summary.rerouted).toBe(6);
    expect([a.summary.rerouted, b.summary.rerouted].sort()).toEqual([0, 6]);
    expect(rows().every((row) => row.route_count === 1)).toBe(true);
    expect(h.auditRows().filter((row) => row.event === 'lead.rerouted')).toHaveLength(6);
    expect(h.baton.ledger.stats.conflicts + other.ledger.stats.conflicts).toBeGreaterThanOrEqual(1);
  });

  it('keeps round-robin exact when two servers take intakes at once', async () => {
    const other = await startSecondBaton(h);
    const { intakeLead } = await import('../../src/use-cases/intake-lead.ts');
    const { draftFromFields } = await import('../../src/domain/intake.ts');
    const draft = (i: number) => {
      const result = draftFromFields({ name: `Lead ${i}`, email: `lead${i}@example.com` });
      if (!result.ok) throw new Error('bad draft');
      return result.draft;
    };
    await Promise.all(Array.from({ length: 30 }, (_, i) => intakeLead(i % 2 ? h.baton.ctx : other.ctx, draft(i), '')));
    await h.settle();
    await other.ctx.background.idle();
    const owners = rows().map((row) => String(row.sales_slack_id));
    expect(owners).toHaveLength(30);
    const counts = ['UAYU', 'UBIMA', 'UCITRA'].map((id) => owners.filter((o) => o === id).length);
    expect(counts).toEqual([10, 10, 10]);
  });
});

describe('the lock does not depend on which duplicate Google reports first', () => {
  it.each(['title', 'sheetId'] as const)('two servers racing with %s refused first: every lead once, round-robin exact', async (first) => {
    await h.stop();
    h = await startHarness({ addSheetConflictFirst: first });
    const other = await startSecondBaton(h);
    const answers = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const { intakeLead } = await import('../../src/use-cases/intake-lead.ts');
        const { draftFromFields } = await import('../../src/domain/intake.ts');
        const result = draftFromFields({ name: `Lead ${i}`, email: `race${i}@example.com` });
        if (!result.ok) throw new Error('bad draft');
        return intakeLead(i % 2 ? h.baton.ctx : other.ctx, result.draft, '');
      }),
    );
    expect(answers.every((answer) => answer.kind === 'created')).toBe(true);
    await h.settle();
    await other.ctx.background.idle();
    const owners = rows().map((row) => String(row.sales_slack_id));
    expect(owners).toHaveLength(12);
    expect(['UAYU', 'UBIMA', 'UCITRA'].map((id) => owners.filter((o) => o === id).length)).toEqual([4, 4, 4]);
    expect(h.baton.ledger.stats.conflicts + other.ledger.stats.conflicts).toBeGreaterThanOrEqual(1);
  });
});

describe('writes whose answer is lost', () => {
  it('does not duplicate a lead when the write landed but the answer never came', async () => {
    h.sheets.faults.loseNextWriteResponses(1);
    const res = await h.postLead({ name: 'Lost answer', email: 'lost@example.com' });
    expect(res.status).toBe(201);
    await h.settle();
    expect(rows().filter((row) => row.name === 'Lost answer')).toHaveLength(1);
    expect(h.auditRows().filter((row) => row.event === 'lead.assigned')).toHaveLength(1);
  });

  it('never overwrites a row an admin added by hand meanwhile', async () => {
    expect((await h.postLead({ name: 'First', email: 'first@example.com' })).status).toBe(201);
    await h.settle();
    // An admin types a lead straight into the sheet, below Baton's rows, without Baton re-reading.
    const sheet = h.sheets.readTab('lead_sheet');
    const header = sheet[0] as string[];
    const manual = header.map((name) => (name === 'lead_id' ? 'L-MANUAL' : name === 'name' ? 'Typed by admin' : name === 'stage' ? 'NEW' : ''));
    h.sheets.writeTab('lead_sheet', [...sheet, manual]);

    expect((await h.postLead({ name: 'Second', email: 'second@example.com' })).status).toBe(201);
    await h.settle();
    const after = rows();
    expect(after.map((row) => row.name)).toEqual(['First', 'Typed by admin', 'Second']);
    const admin = after[1];
    expect(admin?.slack_ts).toBe('');
    expect(after[2]?.slack_ts).not.toBe('');
  });

  it('survives 30% 429 and 10% 500 during 50 intakes: exactly 50 rows, no duplicates', async () => {
    h.sheets.faults.setRandomFailures({ 429: 0.3, 500: 0.1 }, 42);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => h.postLead({ name: `Lead ${i}`, email: `f${i}@example.com` }, { headers: { 'idempotency-key': `k-${i}` } })));
    h.sheets.faults.clear();
    await h.settle();
    expect(results.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    const accepted = results.filter((r) => r.status === 201).map((r) => r.body.lead_id);
    const written = rows().map((row) => row.lead_id);
    expect(new Set(written).size).toBe(written.length);
    for (const id of accepted) expect(written).toContain(id);
    expect(written.length).toBe(50);
  }, 60_000);
});
