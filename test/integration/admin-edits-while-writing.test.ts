import { google, type sheets_v4 } from 'googleapis';
import { afterEach, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/local/sheets-standin/index.ts';
import { recordSlackMessages } from '../../src/use-cases/record-slack-message.ts';
import { startHarness, type Harness } from '../support/harness.ts';

/**
 * Admins edit the sheet while Baton runs: within CACHE_SECONDS Baton writes by the positions it
 * read. Every value must still land under its own header and in its own lead's row, the lock must
 * survive its tab being deleted, renamed, copied or squatted, and each repair is audited.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function adminApi(harness: Harness): sheets_v4.Sheets {
  return google.sheets({ version: 'v4', rootUrl: harness.sheets.url, auth: 'admin-key' });
}

async function tabId(api: sheets_v4.Sheets, harness: Harness, title: string): Promise<number | undefined> {
  const meta = await api.spreadsheets.get({ spreadsheetId: harness.sheets.spreadsheetId });
  return meta.data.sheets?.find((sheet) => sheet.properties?.title === title)?.properties?.sheetId ?? undefined;
}

function lockTabs(harness: Harness): string[] {
  return harness.sheets.tabTitles().filter((title) => title.startsWith('_baton_lock_'));
}

/** Reorders every column of a tab as an admin dragging them would (contents move with headers). */
function reorderColumns(harness: Harness, title: string, order: (headers: string[]) => string[]): void {
  const rows = harness.sheets.readTab(title);
  const headers = (rows[0] ?? []).map(String);
  const wanted = order(headers);
  const from = wanted.map((name) => headers.indexOf(name));
  harness.sheets.writeTab(
    title,
    rows.map((row) => from.map((index) => (row[index] ?? '') as CellValue)),
  );
}

const lead = (n: number) => ({ name: `Lead ${n}`, phone: `0812345678${String(n).padStart(2, '0')}`, email: `lead${n}@example.com` });

describe('admins edit lead_sheet while Baton writes by cached positions', () => {
  it('columns reordered within CACHE_SECONDS: the next lead is written under the right headers, the repair audited', async () => {
    h = await startHarness();
    expect((await h.postLead(lead(1))).status).toBe(201);
    await h.settle();
    // Everything reversed: lead_id goes last, stage/name/phone change places.
    reorderColumns(h, 'lead_sheet', (headers) => [...headers].reverse());

    const second = await h.postLead(lead(2));
    expect(second.status).toBe(201);
    await h.settle();

    const rows = h.leadRows();
    expect(rows.map((row) => row.lead_id).sort()).toEqual([second.body.lead_id, expect.any(String)].sort());
    const written = rows.find((row) => row.lead_id === second.body.lead_id);
    expect(written).toMatchObject({ name: 'Lead 2', phone: '6281234567802', stage: 'NEW', email: 'lead2@example.com' });
    expect(rows.find((row) => row.name === 'Lead 1')).toMatchObject({ stage: 'NEW', phone: '6281234567801' });
    expect(rows.some((row) => row.lead_id === 'NEW')).toBe(false);
    // The DM record (an update by position) also landed on lead 2's own row.
    expect(written?.slack_ts).toBeTruthy();
    const repaired = h.auditRows().filter((row) => row.event === 'sheet.repaired');
    expect(repaired.length).toBeGreaterThanOrEqual(1);
    expect(String(repaired[0]?.detail)).toContain('lead_sheet: columns moved while Baton wrote');
    // The undone attempt's decision is withdrawn from the audit: lead 2 was assigned once, as re-decided.
    expect(String(repaired[0]?.detail)).toMatch(/[1-9]\d* audit rows withdrawn/);
    expect(h.auditRows().filter((row) => row.event === 'lead.assigned' && row.lead_id === second.body.lead_id)).toHaveLength(1);
  });

  it('rows sorted after the read: a DM record lands on its own lead, not on the row that held it', async () => {
    h = await startHarness();
    const first = await h.postLead(lead(1));
    const second = await h.postLead(lead(2));
    await h.settle();
    const before = h.leadRows();
    const secondTs = before.find((row) => row.lead_id === second.body.lead_id)?.slack_ts;
    expect(secondTs).toBeTruthy();
    // An admin sorts lead_sheet newest first: lead 1 and lead 2 swap rows.
    const rows = h.sheets.readTab('lead_sheet');
    h.sheets.writeTab('lead_sheet', [rows[0] as CellValue[], ...rows.slice(1).reverse()]);

    // Within CACHE_SECONDS: recorded by the positions of the last read.
    await recordSlackMessages(h.baton.ctx, [{ leadId: first.body.lead_id, owner: 'UAYU', ref: { channel: 'D-NEW', ts: '1111.2222' } }]);

    const after = h.leadRows();
    expect(after.find((row) => row.lead_id === first.body.lead_id)).toMatchObject({ slack_channel: 'D-NEW', slack_ts: '1111.2222' });
    expect(after.find((row) => row.lead_id === second.body.lead_id)?.slack_ts).toBe(secondTs);
    const repaired = h.auditRows().filter((row) => row.event === 'sheet.repaired');
    expect(repaired).toHaveLength(1);
    expect(String(repaired[0]?.detail)).toMatch(/row \d+ holds "L-/);
  });

  it('rows sorted, the answer lost and the check for it failed: the misplaced write is still found and undone', async () => {
    h = await startHarness();
    const first = await h.postLead(lead(1));
    const second = await h.postLead(lead(2));
    await h.settle();
    const secondTs = h.leadRows().find((row) => row.lead_id === second.body.lead_id)?.slack_ts;
    const rows = h.sheets.readTab('lead_sheet');
    h.sheets.writeTab('lead_sheet', [rows[0] as CellValue[], ...rows.slice(1).reverse()]);

    // The write lands (on lead 2's row, by stale positions) but its answer is lost; the read that
    // asks whether it landed fails; the identical retry is refused because its lock tab exists.
    await new Promise((resolve) => setImmediate(resolve)); // the sort's own change event has been told
    const sheets = h.sheets;
    sheets.faults.loseNextWriteResponses(1);
    const failTheCheck = () => {
      sheets.off('change', failTheCheck);
      sheets.faults.failNext(1, 500);
    };
    sheets.on('change', failTheCheck);
    await recordSlackMessages(h.baton.ctx, [{ leadId: first.body.lead_id, owner: 'UAYU', ref: { channel: 'D-NEW', ts: '1111.2222' } }]);

    const after = h.leadRows();
    expect(after.find((row) => row.lead_id === first.body.lead_id)).toMatchObject({ slack_channel: 'D-NEW', slack_ts: '1111.2222' });
    expect(after.find((row) => row.lead_id === second.body.lead_id)?.slack_ts).toBe(secondTs);
    expect(h.auditRows().filter((row) => row.event === 'sheet.repaired')).toHaveLength(1);
  });
});

describe('the lock heals itself', () => {
  it('a lock tab deleted by hand: the next leads are written (201), not journaled forever', async () => {
    h = await startHarness();
    expect((await h.postLead(lead(1))).status).toBe(201);
    await h.settle();
    const api = adminApi(h);
    const [lock] = lockTabs(h);
    expect(lock).toBeDefined();
    await api.spreadsheets.batchUpdate({ spreadsheetId: h.sheets.spreadsheetId, requestBody: { requests: [{ deleteSheet: { sheetId: await tabId(api, h, lock as string) } }] } });

    for (const n of [2, 3]) {
      const answer = await h.postLead(lead(n));
      expect(answer.status).toBe(201);
    }
    await h.settle();
    expect(h.leadRows()).toHaveLength(3);
    expect(lockTabs(h)).toHaveLength(1);
    expect(h.auditRows().some((row) => row.event === 'sheet.lock_healed')).toBe(true);
    const sweep = await h.baton.scheduler.trigger('test');
    expect(sweep).not.toBeInstanceOf(Error);
  });

  it('a lock tab renamed or copied by hand changes nothing; a tab squatting on the next lock name is removed', async () => {
    h = await startHarness();
    expect((await h.postLead(lead(1))).status).toBe(201);
    await h.settle();
    const api = adminApi(h);
    const [lock] = lockTabs(h);
    const version = Number((lock as string).replace('_baton_lock_', ''));
    const lockId = (await tabId(api, h, lock as string)) as number;
    await api.spreadsheets.batchUpdate({
      spreadsheetId: h.sheets.spreadsheetId,
      requestBody: {
        requests: [
          { updateSheetProperties: { properties: { sheetId: lockId, title: 'old lock, renamed' }, fields: 'title' } },
          { duplicateSheet: { sourceSheetId: lockId, newSheetName: `_baton_lock_${version + 1}` } },
        ],
      },
    });

    for (const n of [2, 3]) expect((await h.postLead(lead(n))).status).toBe(201);
    await h.settle();
    expect(h.leadRows()).toHaveLength(3);
    expect(h.sheets.tabTitles()).not.toContain('old lock, renamed');
    expect(lockTabs(h)).toHaveLength(1);
    expect(h.auditRows().some((row) => row.event === 'sheet.lock_healed' && String(row.detail).includes('squatting'))).toBe(true);
  });
});
