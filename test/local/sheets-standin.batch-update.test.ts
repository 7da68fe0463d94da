import { google, type sheets_v4 } from 'googleapis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';

let standin: SheetsStandin;
let sheets: sheets_v4.Sheets;
let spreadsheetId: string;

beforeEach(async () => {
  standin = await startSheetsStandin({
    spreadsheetId: 'sheet-under-test',
    seed: {
      lead_sheet: [
        ['id', 'name'],
        ['L1', 'Ani'],
        ['L2', 'Budi'],
      ],
    },
  });
  sheets = google.sheets({ version: 'v4', rootUrl: standin.url, auth: 'ignored-key' });
  spreadsheetId = standin.spreadsheetId;
});
afterEach(() => standin.stop());

function batch(requests: sheets_v4.Schema$Request[]) {
  return sheets.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
}

async function failure(p: Promise<unknown>) {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as { status?: number; message?: string; response?: { data?: unknown } },
  );
}

async function sheetIdOf(title: string): Promise<number> {
  const meta = await sheets.spreadsheets.get({ spreadsheetId });
  const id = meta.data.sheets?.find((s) => s.properties?.title === title)?.properties?.sheetId;
  if (id === undefined || id === null) throw new Error(`no sheet ${title}`);
  return id;
}

describe('addSheet', () => {
  it('creates a tab and replies with its properties', async () => {
    const res = await batch([{ addSheet: { properties: { title: 'audit_log', gridProperties: { rowCount: 50, columnCount: 8 } } } }]);
    const props = res.data.replies?.[0]?.addSheet?.properties;
    expect(props).toEqual({
      sheetId: expect.any(Number),
      title: 'audit_log',
      index: 1,
      sheetType: 'GRID',
      gridProperties: { rowCount: 50, columnCount: 8 },
    });
    expect(props?.sheetId).not.toBe(0);
    expect(standin.tabTitles()).toEqual(['lead_sheet', 'audit_log']);
    expect(await sheetIdOf('audit_log')).toBe(props?.sheetId);
  });

  it('refuses a duplicate title (case-insensitively) with Google\'s message', async () => {
    const err = await failure(batch([{ addSheet: { properties: { title: 'LEAD_SHEET' } } }]));
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      'Invalid requests[0].addSheet: A sheet with the name "LEAD_SHEET" already exists. Please enter another name.',
    );
    expect(err.response?.data).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });
});

describe('atomicity', () => {
  it('applies nothing when a later request is invalid', async () => {
    const err = await failure(
      batch([
        { addSheet: { properties: { title: 'should_not_exist' } } },
        {
          appendCells: {
            sheetId: 0,
            rows: [{ values: [{ userEnteredValue: { stringValue: 'L3' } }] }],
            fields: 'userEnteredValue',
          },
        },
        { updateCells: { start: { sheetId: 987654, rowIndex: 0, columnIndex: 0 }, rows: [], fields: 'userEnteredValue' } },
      ]),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Invalid requests[2].updateCells: No grid with id: 987654');
    expect(standin.tabTitles()).toEqual(['lead_sheet']);
    expect(standin.readTab('lead_sheet')).toHaveLength(3);
  });

  it('rejects unknown request kinds with INVALID_ARGUMENT and applies nothing', async () => {
    const err = await failure(
      batch([{ addSheet: { properties: { title: 'x' } } }, { frobnicate: {} } as sheets_v4.Schema$Request]),
    );
    expect(err.status).toBe(400);
    expect(err.response?.data).toEqual({
      error: {
        code: 400,
        message: `Invalid JSON payload received. Unknown name "frobnicate" at 'requests[1]': Cannot find field.`,
        status: 'INVALID_ARGUMENT',
      },
    });
    expect(standin.tabTitles()).toEqual(['lead_sheet']);
  });

  it('refuses an empty fields mask like Google', async () => {
    const err = await failure(
      batch([{ updateCells: { start: { sheetId: 0 }, rows: [{ values: [{ userEnteredValue: { stringValue: 'x' } }] }] } }]),
    );
    expect(err.message).toBe(
      "Invalid requests[0].updateCells: At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)",
    );
  });
});

describe('cell requests', () => {
  it('appendCells adds after the last row; stringValue "=..." stays an inert string', async () => {
    const res = await batch([
      {
        appendCells: {
          sheetId: 0,
          rows: [
            {
              values: [
                { userEnteredValue: { stringValue: 'L3' } },
                { userEnteredValue: { stringValue: '=HYPERLINK("http://evil","click")' } },
                { userEnteredValue: { numberValue: 7 } },
                { userEnteredValue: { boolValue: true } },
                { userEnteredValue: { formulaValue: '=2*3' } },
              ],
            },
          ],
          fields: 'userEnteredValue',
        },
      },
    ]);
    expect(res.data).toEqual({ spreadsheetId, replies: [{}] });
    const row = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!A4:E4', valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(row.data.values).toEqual([['L3', '=HYPERLINK("http://evil","click")', 7, true, 6]]);
    expect(standin.isFormula('lead_sheet', 3, 1)).toBe(false);
    expect(standin.isFormula('lead_sheet', 3, 4)).toBe(true);
  });

  it('updateCells with start writes a block; with range it also clears what rows do not cover', async () => {
    await batch([
      {
        updateCells: {
          start: { sheetId: 0, rowIndex: 1, columnIndex: 2 },
          rows: [{ values: [{ userEnteredValue: { stringValue: 'owner-1' } }] }, { values: [{ userEnteredValue: { stringValue: 'owner-2' } }] }],
          fields: 'userEnteredValue',
        },
      },
    ]);
    expect(standin.readTab('lead_sheet')).toEqual([
      ['id', 'name'],
      ['L1', 'Ani', 'owner-1'],
      ['L2', 'Budi', 'owner-2'],
    ]);
    // sheetId omitted = 0 (proto3 drops zero values on the wire).
    await batch([
      {
        updateCells: {
          range: { startRowIndex: 1, endRowIndex: 3, startColumnIndex: 1, endColumnIndex: 3 },
          rows: [{ values: [{ userEnteredValue: { stringValue: 'Ana' } }] }],
          fields: 'userEnteredValue',
        },
      },
    ]);
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name'], ['L1', 'Ana'], ['L2']]);
  });

  it('updateCells does not grow the grid', async () => {
    const err = await failure(
      batch([
        {
          updateCells: {
            start: { sheetId: 0, rowIndex: 0, columnIndex: 25 },
            rows: [{ values: [{ userEnteredValue: { stringValue: 'z' } }, { userEnteredValue: { stringValue: 'past' } }] }],
            fields: '*',
          },
        },
      ]),
    );
    expect(err.message).toBe('Invalid requests[0].updateCells: Attempting to write column: 26, beyond the last requested column of: 25');
  });
});

describe('dimension and sheet properties', () => {
  it('insertDimension shifts rows down as when an admin inserts rows', async () => {
    await batch([{ insertDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 3 }, inheritFromBefore: true } }]);
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name'], [], [], ['L1', 'Ani'], ['L2', 'Budi']]);
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    expect(meta.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(1002);
  });

  it('deleteDimension removes rows and shrinks the grid', async () => {
    await batch([{ deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 } } }]);
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name'], ['L2', 'Budi']]);
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    expect(meta.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(999);
  });

  it('updateSheetProperties freezes the header row; setDataValidation is accepted', async () => {
    const res = await batch([
      {
        updateSheetProperties: {
          properties: { sheetId: 0, gridProperties: { frozenRowCount: 1 } },
          fields: 'gridProperties.frozenRowCount',
        },
      },
      {
        setDataValidation: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 1000, startColumnIndex: 1, endColumnIndex: 2 },
          rule: {
            condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'NEW' }, { userEnteredValue: 'DONE' }] },
            strict: true,
            showCustomUi: true,
          },
        },
      },
    ]);
    expect(res.data.replies).toEqual([{}, {}]);
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    expect(meta.data.sheets?.[0]?.properties?.gridProperties).toEqual({ rowCount: 1000, columnCount: 26, frozenRowCount: 1 });
  });

  it('refuses a validation range outside the grid', async () => {
    const err = await failure(
      batch([{ setDataValidation: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 5000 }, rule: {} } }]),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      'Invalid requests[0].setDataValidation: Range (lead_sheet!A1:Z5000) exceeds grid limits. Max rows: 1000, max columns: 26',
    );
  });
});
