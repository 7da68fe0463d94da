/**
 * Rows admins type into lead_sheet by hand (issue 10, item 4): a note is never routed, a lead
 * typed without a lead_id is, and a row Baton cannot read is reported once, not on every sweep.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/cells.ts';
import { runSweep } from '../../src/use-cases/run-sweep.ts';
import { latestButton, startHarness, waitFor, type Harness } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

async function sweep() {
  const { summary, notified } = await runSweep(h.baton.ctx, 'test');
  await notified;
  await h.settle();
  return summary;
}

/** Appends rows typed by an admin, given by header name, below whatever the sheet holds. */
function type(...rows: Array<Record<string, CellValue>>): void {
  const sheet = h.sheets.readTab('lead_sheet');
  const header = (sheet[0] ?? []).map(String);
  h.sheets.writeTab('lead_sheet', [...sheet, ...rows.map((cells) => header.map((name) => cells[name] ?? ''))]);
}

const dms = () => ['UAYU', 'UBIMA', 'UCITRA'].flatMap((id) => h.slack.inbox(id).filter((m) => !m.ephemeral));
const skippedAudit = () => h.auditRows().filter((row) => row.event === 'sweep.skipped_row');

describe('rows admins type into lead_sheet', () => {
  it('never assigns, DMs or reports a note, sweep after sweep', async () => {
    expect((await h.postLead({ name: 'Real lead', email: 'real@example.com' })).status).toBe(201);
    await h.settle();
    const before = dms().length;
    type({ lead_id: 'Budi called back, wants the price list' }, { name: 'NB: leads below are from the expo' }, { stage: 'NEW' });
    const typed = h.sheets.readTab('lead_sheet').slice(2);

    for (let i = 0; i < 2; i += 1) {
      h.clock.at += 10 * 60_000;
      const summary = await sweep();
      expect(summary.assigned).toBe(0);
      expect(summary.line).not.toContain('skipped');
    }
    expect(dms()).toHaveLength(before);
    expect(h.sheets.readTab('lead_sheet').slice(2)).toEqual(typed);
    expect(skippedAudit()).toEqual([]);
  });

  it('routes leads typed with a blank stage, with or without a lead_id, once each, and their DM buttons work', async () => {
    type({ name: 'Typed Lead', phone: '081234567890' }, { lead_id: 'L-TYPED', name: 'Dewi', email: 'dewi@example.com' });
    const first = await sweep();
    expect(first.assigned).toBe(2);
    expect(first.line).not.toContain('skipped');

    h.clock.at += 10 * 60_000;
    const second = await sweep();
    expect([second.assigned, second.line.includes('skipped')]).toEqual([0, false]);
    expect(dms()).toHaveLength(2);

    for (const name of ['Typed Lead', 'Dewi']) {
      const owner = String(h.leadRows().find((one) => one.name === name)?.sales_slack_id);
      expect(owner).toMatch(/^U/);
      const button = await waitFor(() => latestButton(h.slack, owner));
      expect((await h.click({ user: owner, ...button })).status).toBe(200);
      await h.settle();
      expect(h.leadRows().find((one) => one.name === name)?.stage).toBe('CONTACTED');
    }
    expect(h.leadRows().find((one) => one.name === 'Dewi')?.lead_id).toBe('L-TYPED');
    expect(String(h.leadRows().find((one) => one.name === 'Typed Lead')?.lead_id)).toMatch(/^L-HAND-/);
  });

  it('reports a row it cannot read once, and again only when that row changes', async () => {
    type({ lead_id: 'L-HAND', name: 'Hand', phone: '0811111111', stage: 'maybe' });
    expect((await sweep()).line).toContain('1 skipped (L-HAND: unknown stage "maybe")');
    const again = await sweep();
    expect(again.line).not.toContain('unknown stage');
    expect(skippedAudit()).toHaveLength(1);

    const sheet = h.sheets.readTab('lead_sheet');
    const stage = (sheet[0] ?? []).indexOf('stage');
    (sheet[1] as CellValue[])[stage] = 'perhaps';
    h.sheets.writeTab('lead_sheet', sheet);
    expect((await sweep()).line).toContain('1 skipped (L-HAND: unknown stage "perhaps")');
    expect(skippedAudit().map((row) => row.detail)).toEqual(['unknown stage "maybe"', 'unknown stage "perhaps"']);
  });
});
