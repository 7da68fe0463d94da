import { afterEach, describe, expect, it } from 'vitest';
import { TABS } from '../../src/stores/sheets/schema.ts';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';
import { startHarness, waitFor, type Harness } from '../support/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const HEADER = ['name', 'email', 'slack_id', 'active', 'team', 'weight', 'max_open', 'timezone', 'working_hours', 'ooo_until'];
const ROSTER_BEFORE: CellValue[][] = [
  HEADER,
  ['Ayu', 'ayu@example.com', 'UAYU', 'ON', '', 2, '', '', '', ''],
  ['Bima', 'bima@example.com', 'UBIMA', 'ON', '', '', '', '', '', ''],
  ['Citra', 'citra@example.com', 'UCITRA', 'ON', '', '', '', '', '', ''],
];
// The admin's edit: Citra goes on leave, Bima now takes three shares, and a row is moved to the top.
const ROSTER_AFTER: CellValue[][] = [
  HEADER,
  ['Citra', 'citra@example.com', 'UCITRA', 'ON', '', '', '', '', '', '2099-01-31'],
  ['Ayu', 'ayu@example.com', 'UAYU', 'ON', '', 2, '', '', '', ''],
  ['Bima', 'bima@example.com', 'UBIMA', 'ON', '', 3, '', '', '', ''],
];

const lead = (i: number) => ({ name: `Lead ${i}`, email: `lead${i}@example.com`, source: 'web' });

function assignments(harness: Harness): Array<{ leadId: string; to: string; detail: string }> {
  return harness
    .auditRows()
    .filter((row) => row.event === 'lead.assigned')
    .map((row) => ({ leadId: String(row.lead_id), to: String(row.detail).replace(/^new lead → (\S+);.*$/s, '$1'), detail: String(row.detail) }));
}

describe('routing policy through the real clients against the stand-ins', () => {
  it('a roster edited mid-burst: weights and leave apply from the next read, nobody on leave gets a lead, shares follow the weights', async () => {
    h = await startHarness({ seed: { sales_sheet: ROSTER_BEFORE } });
    const harness = h;
    const first = Array.from({ length: 24 }, (_, i) => harness.postLead(lead(i)));
    // Part of the burst is written; then the admin edits the roster, and the cache runs out.
    await waitFor(() => harness.leadRows().length >= 8, 10_000);
    harness.sheets.writeTab('sales_sheet', ROSTER_AFTER);
    harness.clock.at += 61_000;
    const second = Array.from({ length: 20 }, (_, i) => harness.postLead(lead(100 + i)));
    const answers = await Promise.all([...first, ...second]);
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    await harness.settle();

    const rows = assignments(harness);
    expect(rows).toHaveLength(44);
    const before = rows.filter((row) => row.detail.includes('weighted: Ayu 2, Bima 1, Citra 1 →'));
    const after = rows.filter((row) => row.detail.includes('weighted: Citra skipped (ooo through 01-31), Ayu 2, Bima 3 →'));
    // Every decision was made against one roster or the other, and says which.
    expect(before.length + after.length).toBe(44);
    expect(before.length).toBeGreaterThanOrEqual(8);
    expect(after.length).toBeGreaterThanOrEqual(20);
    // Nobody on leave got a lead once the edit was read.
    expect(after.filter((row) => row.to === 'UCITRA')).toEqual([]);

    const count = (list: typeof rows, who: string) => list.filter((row) => row.to === who).length;
    // 2:1:1 before, 2:3 after; the smooth rotation is within one lead of the exact share at any point.
    expect(Math.abs(count(before, 'UAYU') - before.length / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(count(before, 'UBIMA') - before.length / 4)).toBeLessThanOrEqual(1);
    expect(Math.abs(count(before, 'UCITRA') - before.length / 4)).toBeLessThanOrEqual(1);
    expect(Math.abs(count(after, 'UAYU') - (after.length * 2) / 5)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(count(after, 'UBIMA') - (after.length * 3) / 5)).toBeLessThanOrEqual(1.5);

    // The rows agree with the audit, the rotation is in routing_state, and every DM went to the owner.
    const owners = new Map(harness.leadRows().map((row) => [String(row.lead_id), String(row.sales_slack_id)]));
    for (const row of rows) expect(owners.get(row.leadId)).toBe(row.to);
    const state = Object.fromEntries(harness.sheets.readTab('routing_state_sheet').slice(1).map(([key, value]) => [key, value]));
    expect(String(state.rr_default)).toMatch(/^last=U\w+; /);
    expect(state.last_slack_id).toBe(rows[rows.length - 1]?.to);
    await waitFor(() => harness.slack.inbox('UAYU').length + harness.slack.inbox('UBIMA').length + harness.slack.inbox('UCITRA').length >= 44, 10_000);
  });

  it('a rule sends leads to its team, and the rules are read in the same request as the roster', async () => {
    h = await startHarness({
      seed: {
        sales_sheet: [
          ['name', 'email', 'slack_id', 'active', 'team'],
          ['Ayu', 'ayu@example.com', 'UAYU', 'ON', 'jakarta'],
          ['Bima', 'bima@example.com', 'UBIMA', 'ON', ''],
          ['Citra', 'citra@example.com', 'UCITRA', 'ON', 'jakarta'],
        ],
        [TABS.rules.title]: [
          [...TABS.rules.headers],
          [1, 'phone_country', 'equals', 'ID', 'Jakarta', 'TRUE', 'check Indonesian leads'],
        ],
      },
    });
    // The cached view has run out: this intake reads once, and that one read carries the rules too (figure 1).
    h.clock.at += 61_000;
    h.sheets.resetCounts();
    const indonesian = await h.postLead({ name: 'Budi', phone: '0812-3456-7890', source: 'web' });
    const reads = h.sheets.requestLog.filter((entry) => entry.kind === 'read');
    expect(reads.map((entry) => entry.path)).toEqual([expect.stringContaining('values:batchGet')]);
    const singapore = await h.postLead({ name: 'Tan', phone: '+65 9123 4567', source: 'web' });
    const second = await h.postLead({ name: 'Siti', phone: '0813-1111-2222', source: 'web' });
    expect([indonesian.body.sales_slack_id, singapore.body.sales_slack_id, second.body.sales_slack_id]).toEqual(['UAYU', 'UBIMA', 'UCITRA']);
    const detail = String(h.auditRows().find((row) => row.lead_id === indonesian.body.lead_id)?.detail);
    expect(detail).toBe('new lead → UAYU; rule 1 (phone_country = ID) → team jakarta; round-robin: Ayu, Citra → Ayu');
    const state = Object.fromEntries(h.sheets.readTab('routing_state_sheet').slice(1).map(([key, value]) => [key, value]));
    expect(state).toMatchObject({ rr_jakarta: 'last=UCITRA', last_slack_id: 'UBIMA' });
  });
});
