import { google, type sheets_v4 } from 'googleapis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';

let standin: SheetsStandin;
let sheets: sheets_v4.Sheets;
let spreadsheetId: string;

beforeEach(async () => {
  standin = await startSheetsStandin({
    seed: {
      lead_sheet: [
        ['id', 'name', 'phone'],
        ['L1', 'Ani', '0812'],
      ],
      audit: [],
    },
  });
  // No auth at all: the emulator convention, and what Baton does when SHEETS_EMULATOR_HOST is set.
  sheets = google.sheets({ version: 'v4', rootUrl: standin.url });
  spreadsheetId = standin.spreadsheetId;
});
afterEach(() => standin.stop());

async function failure(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as { status?: number; message?: string; response?: { data?: unknown } },
  );
}

describe('reads', () => {
  it('drops trailing empty cells and rows, keeps inner gaps as "" and [] ', async () => {
    standin.writeTab('audit', [
      ['a', '', 'c', '', ''],
      [],
      ['', 'x'],
      ['', '', ''],
      [],
    ]);
    const res = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'audit!A1:E10' });
    expect(res.data).toEqual({
      range: 'audit!A1:E10',
      majorDimension: 'ROWS',
      values: [['a', '', 'c'], [], ['', 'x']],
    });
  });

  it('omits `values` for an empty range and keeps batchGet in request order', async () => {
    const res = await sheets.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: ['audit!A1:C3', 'lead_sheet!B2', 'lead_sheet!A1:A'],
    });
    expect(res.data).toEqual({
      spreadsheetId,
      valueRanges: [
        { range: 'audit!A1:C3', majorDimension: 'ROWS' },
        { range: 'lead_sheet!B2', majorDimension: 'ROWS', values: [['Ani']] },
        { range: 'lead_sheet!A1:A1000', majorDimension: 'ROWS', values: [['id'], ['L1']] },
      ],
    });
    expect(Object.hasOwn(res.data.valueRanges?.[0] ?? {}, 'values')).toBe(false);
  });

  it('fails the whole batchGet when one range is bad', async () => {
    const err = await failure(
      sheets.spreadsheets.values.batchGet({ spreadsheetId, ranges: ['lead_sheet!A1', 'Missing!A1'] }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Unable to parse range: Missing!A1');
  });

  it('supports majorDimension=COLUMNS', async () => {
    const res = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!A1:C2', majorDimension: 'COLUMNS' });
    expect(res.data.values).toEqual([
      ['id', 'L1'],
      ['name', 'Ani'],
      ['phone', '0812'],
    ]);
  });
});

describe('RAW vs USER_ENTERED', () => {
  const typed = ['0812', '=1+1', 'TRUE', '=HYPERLINK("https://x.test","open")', '+62-812-3456-7890', '2024-01-05', '1,234'];

  async function readBack(render: 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA') {
    const res = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'audit!A1:G1', valueRenderOption: render });
    return res.data.values?.[0];
  }

  it('RAW stores every string verbatim and inert', async () => {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'audit!A1',
      valueInputOption: 'RAW',
      requestBody: { values: [typed] },
    });
    expect(await readBack('FORMATTED_VALUE')).toEqual(typed);
    expect(await readBack('UNFORMATTED_VALUE')).toEqual(typed);
    expect(await readBack('FORMULA')).toEqual(typed);
    expect(standin.isFormula('audit', 0, 1)).toBe(false);
    expect(standin.readTab('audit')).toEqual([typed]);
  });

  it('USER_ENTERED parses like typing: numbers lose leading zeros, "=" makes formulas, TRUE is boolean', async () => {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'audit!A1',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [typed] },
    });
    expect(await readBack('FORMATTED_VALUE')).toEqual(['812', '2', 'TRUE', 'open', '-12096', '2024-01-05', '1,234']);
    expect(await readBack('UNFORMATTED_VALUE')).toEqual([812, 2, true, 'open', -12096, 45296, 1234]);
    expect(await readBack('FORMULA')).toEqual([
      812,
      '=1+1',
      true,
      '=HYPERLINK("https://x.test","open")',
      '=+62-812-3456-7890',
      45296,
      1234,
    ]);
    expect(standin.isFormula('audit', 0, 0)).toBe(false);
    expect(standin.isFormula('audit', 0, 1)).toBe(true);
    expect(standin.isFormula('audit', 0, 3)).toBe(true);
  });

  it('USER_ENTERED "+digits" is a number and unknown formulas show #NAME?', async () => {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'audit!A1:C1',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['+6281234567890', '=VLOOKUP(A1,B:C,2)', '+62 812 3456']] },
    });
    const res = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'audit!A1:C1', valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(res.data.values).toEqual([[6281234567890, '#NAME?', '#ERROR!']]);
  });

  it('null leaves a cell unchanged and "" clears it', async () => {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'lead_sheet!A2:C2',
      valueInputOption: 'RAW',
      requestBody: { values: [[null, '', 'new']] },
    });
    expect(standin.readTab('lead_sheet')).toEqual([
      ['id', 'name', 'phone'],
      ['L1', '', 'new'],
    ]);
  });

  it('JSON numbers and booleans stay typed under RAW', async () => {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'audit!A1',
      valueInputOption: 'RAW',
      requestBody: { values: [[42, false]] },
    });
    const res = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'audit!A1:B1', valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(res.data.values).toEqual([[42, false]]);
    expect((await sheets.spreadsheets.values.get({ spreadsheetId, range: 'audit!A1:B1' })).data.values).toEqual([['42', 'FALSE']]);
  });
});

describe('update', () => {
  it('reports what was written', async () => {
    const res = await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'lead_sheet!A3:Z',
      valueInputOption: 'RAW',
      includeValuesInResponse: true,
      requestBody: { values: [['L2', 'Budi'], ['L3', 'Citra', '0813']] },
    });
    expect(res.data).toEqual({
      spreadsheetId,
      updatedRange: 'lead_sheet!A3:C4',
      updatedRows: 2,
      updatedColumns: 3,
      updatedCells: 5,
      updatedData: {
        range: 'lead_sheet!A3:C4',
        majorDimension: 'ROWS',
        values: [['L2', 'Budi'], ['L3', 'Citra', '0813']],
      },
    });
  });

  it('refuses data that does not fit a closed range', async () => {
    const err = await failure(
      sheets.spreadsheets.values.update({
        spreadsheetId,
        range: 'lead_sheet!A2:B2',
        valueInputOption: 'RAW',
        requestBody: { values: [['a', 'b', 'c']] },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Requested writing within range [lead_sheet!A2:B2], but tried writing to column [C]');
    expect(standin.readTab('lead_sheet')[1]).toEqual(['L1', 'Ani', '0812']);
  });

  it('does not grow the grid (only append does), like Google', async () => {
    const err = await failure(
      sheets.spreadsheets.values.update({
        spreadsheetId,
        range: 'lead_sheet!A1000',
        valueInputOption: 'RAW',
        requestBody: { values: [['last'], ['past the end']] },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Range (lead_sheet!A1000) exceeds grid limits. Max rows: 1000, max columns: 26');
  });

  it('requires valueInputOption and rejects unknown parameters like Google', async () => {
    const missing = await failure(
      sheets.spreadsheets.values.update({ spreadsheetId, range: 'audit!A1', requestBody: { values: [['x']] } }),
    );
    expect(missing.status).toBe(400);
    expect(missing.response?.data).toEqual({
      error: { code: 400, message: "'valueInputOption' is required but not specified", status: 'INVALID_ARGUMENT' },
    });
    const bad = await failure(
      sheets.spreadsheets.values.update({
        spreadsheetId,
        range: 'audit!A1',
        valueInputOption: 'PARSED' as 'RAW',
        requestBody: { values: [['x']] },
      }),
    );
    expect(bad.message).toBe(
      `Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "PARSED"`,
    );
    const unknownBodyField = await failure(
      sheets.spreadsheets.values.update({
        spreadsheetId,
        range: 'audit!A1',
        valueInputOption: 'RAW',
        requestBody: { values: [['x']], rows: [] } as sheets_v4.Schema$ValueRange,
      }),
    );
    expect(unknownBodyField.message).toBe('Invalid JSON payload received. Unknown name "rows": Cannot find field.');
    expect(standin.readTab('audit')).toEqual([]);
  });
});

describe('append', () => {
  it('writes after the last non-empty row, across gaps, and reports the table', async () => {
    standin.writeTab('audit', [['h1', 'h2'], ['a', 'b'], [], ['c', 'd']]);
    const res = await sheets.spreadsheets.values.append({
      spreadsheetId,
      range: 'audit!A1',
      valueInputOption: 'RAW',
      requestBody: { values: [['e', 'f']] },
    });
    expect(res.data).toEqual({
      spreadsheetId,
      tableRange: 'audit!A1:B4',
      updates: { spreadsheetId, updatedRange: 'audit!A5:B5', updatedRows: 1, updatedColumns: 2, updatedCells: 2 },
    });
    expect(standin.readTab('audit')).toEqual([['h1', 'h2'], ['a', 'b'], [], ['c', 'd'], ['e', 'f']]);
  });

  it('appends to an empty tab at the anchor and omits tableRange', async () => {
    const res = await sheets.spreadsheets.values.append({
      spreadsheetId,
      range: 'audit',
      valueInputOption: 'USER_ENTERED',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['x']] },
    });
    expect(res.data.tableRange).toBeUndefined();
    expect(res.data.updates?.updatedRange).toBe('audit!A1');
  });

  it('starts at the table\'s first used column when column A is blank (anchor hazard)', async () => {
    standin.writeTab('audit', [['', 'b1', 'c1'], ['', 'b2', 'c2']]);
    const res = await sheets.spreadsheets.values.append({
      spreadsheetId,
      range: 'audit!A1',
      valueInputOption: 'RAW',
      requestBody: { values: [['x', 'y']] },
    });
    expect(res.data.updates?.updatedRange).toBe('audit!B3:C3');
    expect(standin.readTab('audit')[2]).toEqual(['', 'x', 'y']);
  });

  it('grows the grid when the tab is full', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`r${i + 1}`]);
    standin.writeTab('audit', rows);
    await sheets.spreadsheets.values.append({
      spreadsheetId,
      range: 'audit!A:A',
      valueInputOption: 'RAW',
      requestBody: { values: [['r1001'], ['r1002']] },
    });
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    const audit = meta.data.sheets?.find((s) => s.properties?.title === 'audit');
    expect(audit?.properties?.gridProperties?.rowCount).toBe(1002);
    const tail = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'audit!A1001:A1002' });
    expect(tail.data.values).toEqual([['r1001'], ['r1002']]);
  });

  it('INSERT_ROWS pushes content below the table down', async () => {
    standin.writeTab('audit', [['t1', '', '', ''], ['t2', '', '', ''], ['', '', '', ''], ['', '', '', 'side']]);
    await sheets.spreadsheets.values.append({
      spreadsheetId,
      range: 'audit!A:A',
      valueInputOption: 'RAW',
      insertDataOption: 'INSERT_ROWS',
      requestBody: { values: [['t3']] },
    });
    expect(standin.readTab('audit')).toEqual([['t1'], ['t2'], ['t3'], [], ['', '', '', 'side']]);
  });
});

describe('batch writes and clears', () => {
  it('values.batchUpdate applies every range and totals them', async () => {
    const res = await sheets.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          { range: 'lead_sheet!D1', values: [['owner']] },
          { range: 'lead_sheet!D2:E2', values: [['U1', 'x']] },
          { range: 'audit!A1', values: [['event']] },
        ],
      },
    });
    expect(res.data).toMatchObject({
      spreadsheetId,
      totalUpdatedRows: 3,
      totalUpdatedColumns: 3,
      totalUpdatedCells: 4,
      totalUpdatedSheets: 2,
    });
    expect(res.data.responses?.map((r) => r.updatedRange)).toEqual(['lead_sheet!D1', 'lead_sheet!D2:E2', 'audit!A1']);
    expect(standin.readTab('lead_sheet')).toEqual([
      ['id', 'name', 'phone', 'owner'],
      ['L1', 'Ani', '0812', 'U1', 'x'],
    ]);
  });

  it('values.batchUpdate is all-or-nothing', async () => {
    const err = await failure(
      sheets.spreadsheets.values.batchUpdate({
        spreadsheetId,
        requestBody: {
          valueInputOption: 'RAW',
          data: [
            { range: 'lead_sheet!D1', values: [['owner']] },
            { range: 'Gone!A1', values: [['x']] },
          ],
        },
      }),
    );
    expect(err.status).toBe(400);
    expect(standin.readTab('lead_sheet')[0]).toEqual(['id', 'name', 'phone']);
  });

  it('values.batchUpdate without valueInputOption is refused', async () => {
    const err = await failure(
      sheets.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { data: [{ range: 'audit!A1', values: [['x']] }] } }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED');
  });

  it('clear and batchClear remove values and report the clipped range', async () => {
    const one = await sheets.spreadsheets.values.clear({ spreadsheetId, range: 'lead_sheet!B2:B' });
    expect(one.data).toEqual({ spreadsheetId, clearedRange: 'lead_sheet!B2:B1000' });
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name', 'phone'], ['L1', '', '0812']]);
    const many = await sheets.spreadsheets.values.batchClear({
      spreadsheetId,
      requestBody: { ranges: ['lead_sheet!A2:A', 'lead_sheet!C:C'] },
    });
    expect(many.data.clearedRanges).toEqual(['lead_sheet!A2:A1000', 'lead_sheet!C1:C1000']);
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name']]);
  });

  it('batchClear is all-or-nothing', async () => {
    const err = await failure(
      sheets.spreadsheets.values.batchClear({ spreadsheetId, requestBody: { ranges: ['lead_sheet!A:C', 'Gone!A1'] } }),
    );
    expect(err.status).toBe(400);
    expect(standin.readTab('lead_sheet')).toHaveLength(2);
  });
});

describe('spreadsheets.get', () => {
  it('lists tabs with grid properties and honours a fields mask', async () => {
    const full = await sheets.spreadsheets.get({ spreadsheetId });
    expect(full.data.spreadsheetId).toBe(spreadsheetId);
    expect(full.data.sheets?.map((s) => s.properties)).toEqual([
      { sheetId: 0, title: 'lead_sheet', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } },
      {
        sheetId: expect.any(Number),
        title: 'audit',
        index: 1,
        sheetType: 'GRID',
        gridProperties: { rowCount: 1000, columnCount: 26 },
      },
    ]);
    const masked = await sheets.spreadsheets.get({ spreadsheetId, fields: 'sheets(properties(sheetId,title))' });
    expect(masked.data).toEqual({
      sheets: [
        { properties: { sheetId: 0, title: 'lead_sheet' } },
        { properties: { sheetId: full.data.sheets?.[1]?.properties?.sheetId, title: 'audit' } },
      ],
    });
  });

  it('answers 404 NOT_FOUND for another spreadsheet id', async () => {
    const err = await failure(sheets.spreadsheets.get({ spreadsheetId: 'someone-elses-sheet' }));
    expect(err.status).toBe(404);
    expect(err.response?.data).toEqual({
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
  });
});

describe('typed dates follow the spreadsheet locale', () => {
  async function typedSerial(api: sheets_v4.Sheets, id: string): Promise<unknown> {
    await api.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'lead_sheet!D2',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['05/11/2026']] },
    });
    const got = await api.spreadsheets.values.get({ spreadsheetId: id, range: 'lead_sheet!D2', valueRenderOption: 'UNFORMATTED_VALUE' });
    return got.data.values?.[0]?.[0];
  }

  it('reads 05/11/2026 as May 11 in en_US and as 5 November once an admin sets id_ID', async () => {
    const may11 = (Date.UTC(2026, 4, 11) / 86_400_000) + 25_569;
    const nov5 = (Date.UTC(2026, 10, 5) / 86_400_000) + 25_569;
    expect(await typedSerial(sheets, spreadsheetId)).toBe(may11);
    await sheets.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ updateSpreadsheetProperties: { properties: { locale: 'id_ID' }, fields: 'locale' } }] },
    });
    expect(await typedSerial(sheets, spreadsheetId)).toBe(nov5);
    // Display keeps what was typed.
    const shown = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!D2' });
    expect(shown.data.values).toEqual([['05/11/2026']]);
  });
});
