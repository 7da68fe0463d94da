import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { google } from 'googleapis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSheetsStandin } from '../../src/local/sheets-standin/index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sheets-standin-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('persistence with dataFile', () => {
  it('survives stop/start, ignores the seed once state exists, and leaves no temp files', async () => {
    const dataFile = join(dir, 'nested', 'sheets.json');
    const first = await startSheetsStandin({ dataFile, seed: { lead_sheet: [['id', 'phone']] } });
    const sheets1 = google.sheets({ version: 'v4', rootUrl: first.url });
    await sheets1.spreadsheets.values.append({
      spreadsheetId: first.spreadsheetId,
      range: 'lead_sheet!A1',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['L1', '0812'], ['L2', '=1+1']] },
    });
    await sheets1.spreadsheets.batchUpdate({
      spreadsheetId: first.spreadsheetId,
      requestBody: {
        requests: [
          { addSheet: { properties: { title: 'audit' } } },
          { updateSheetProperties: { properties: { sheetId: 0, gridProperties: { frozenRowCount: 1 } }, fields: 'gridProperties.frozenRowCount' } },
        ],
      },
    });
    await first.stop();

    const onDisk = JSON.parse(readFileSync(dataFile, 'utf8')) as { sheets: Array<{ title: string }> };
    expect(onDisk.sheets.map((s) => s.title)).toEqual(['lead_sheet', 'audit']);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['sheets.json']);

    const second = await startSheetsStandin({ dataFile, seed: { other: [['ignored']] } });
    try {
      expect(second.tabTitles()).toEqual(['lead_sheet', 'audit']);
      expect(second.readTab('lead_sheet')).toEqual([['id', 'phone'], ['L1', 812], ['L2', '=1+1']]);
      expect(second.isFormula('lead_sheet', 2, 1)).toBe(true);
      const sheets2 = google.sheets({ version: 'v4', rootUrl: second.url });
      const meta = await sheets2.spreadsheets.get({ spreadsheetId: second.spreadsheetId });
      expect(meta.data.sheets?.[0]?.properties?.gridProperties?.frozenRowCount).toBe(1);
      const res = await sheets2.spreadsheets.values.get({ spreadsheetId: second.spreadsheetId, range: 'lead_sheet!A2:B3' });
      expect(res.data.values).toEqual([['L1', '812'], ['L2', '2']]);
    } finally {
      await second.stop();
    }
  });

  it('does not persist a rejected batch', async () => {
    const dataFile = join(dir, 'sheets.json');
    const first = await startSheetsStandin({ dataFile, seed: { lead_sheet: [['id']] } });
    const sheets = google.sheets({ version: 'v4', rootUrl: first.url });
    await sheets.spreadsheets
      .batchUpdate({
        spreadsheetId: first.spreadsheetId,
        requestBody: { requests: [{ addSheet: { properties: { title: 'x' } } }, { deleteSheet: { sheetId: 424242 } }] },
      })
      .catch(() => undefined);
    first.writeTab('lead_sheet', [['id'], ['admin-added']]);
    await first.stop();
    const second = await startSheetsStandin({ dataFile });
    try {
      expect(second.tabTitles()).toEqual(['lead_sheet']);
      expect(second.readTab('lead_sheet')).toEqual([['id'], ['admin-added']]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a file that is not stand-in state instead of overwriting it', async () => {
    const dataFile = join(dir, 'package.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(dataFile, '{"name":"not-a-workbook"}');
    await expect(startSheetsStandin({ dataFile })).rejects.toThrow(/not a stand-in state file/);
    expect(readFileSync(dataFile, 'utf8')).toBe('{"name":"not-a-workbook"}');
  });
});
