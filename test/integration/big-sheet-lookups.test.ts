/**
 * The lookups an intake makes against rows the lead reader decodes only on demand: duplicates by
 * phone and email against CONTACTED rows, repeats of an idempotency key written long ago, a
 * click on a closed lead. Through the real googleapis client, against a sheet an admin edited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';
import { LEAD_COLUMNS } from '../../src/domain/lead-record.ts';
import { ROSTER, startHarness, type Harness } from '../support/harness.ts';

/** Rows as an admin keeps them: columns Baton knows in another order, an own column, hand-typed stages. */
function adminSheet(): CellValue[][] {
  const header = ['notes', ...[...LEAD_COLUMNS].reverse()];
  const row = (cells: Record<string, CellValue>) => header.map((column) => cells[column] ?? '');
  const old = '2026-01-05T09:00:00.000Z';
  const rows: CellValue[][] = [header];
  for (let i = 0; i < 300; i += 1) {
    rows.push(row({ lead_id: `L-OLD-${i}`, name: `Old ${i}`, phone: `62811000${String(i).padStart(4, '0')}`, stage: 'closed lost', assigned_sales: 'Ayu', sales_slack_id: 'UAYU', route_count: 0, created_at: old, assigned_at: old, email: `old${i}@example.com`, idempotency_key: `old-key-${i}` }));
  }
  rows.push(row({ notes: 'called twice', lead_id: 'L-TALKING', name: 'Sari', phone: 6281234567890, stage: ' contacted ', assigned_sales: 'Bima', sales_slack_id: 'UBIMA', route_count: 1, created_at: old, assigned_at: old, contacted_at: old, email: 'Sari@Example.com', idempotency_key: 'typeform-777' }));
  return rows;
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ seed: { sales_sheet: ROSTER, lead_sheet: adminSheet() } });
});
afterEach(async () => {
  await h.stop();
});

describe('lookups against rows decoded on demand', () => {
  it('finds an open CONTACTED lead by phone and by email, and tells its owner', async () => {
    const byPhone = await h.postLead({ name: 'Sari again', phone: '0812-3456-7890' });
    expect(byPhone.status).toBe(200);
    expect(byPhone.body).toMatchObject({ lead_id: 'L-TALKING', duplicate: true });
    const byEmail = await h.postLead({ name: 'Sari by mail', email: 'sari@example.com' });
    expect(byEmail.body).toMatchObject({ lead_id: 'L-TALKING', duplicate: true });
    await h.settle();
    expect(h.slack.inbox('UBIMA').length).toBeGreaterThanOrEqual(2);
    expect(h.leadRows()).toHaveLength(301);
  });

  it('does not match closed leads, and answers an old idempotency key with its lead', async () => {
    const fresh = await h.postLead({ name: 'Back again', phone: '0811-0000-0007', email: 'old7@example.com' });
    expect(fresh.status).toBe(201);
    const repeat = await h.postLead({ name: 'Sari', email: 'whoever@example.com' }, { headers: { 'idempotency-key': 'typeform-777' } });
    expect(repeat.body).toMatchObject({ lead_id: 'L-TALKING', duplicate: true });
    const oldKey = await h.postLead({ name: 'Old', email: 'x@example.com' }, { headers: { 'idempotency-key': 'old-key-299' } });
    expect(oldKey.body).toMatchObject({ lead_id: 'L-OLD-299', duplicate: true });
    expect(h.leadRows()).toHaveLength(302);
  });
});
