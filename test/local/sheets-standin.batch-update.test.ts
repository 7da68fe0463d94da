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

describe('admin edits: copyPaste', () => {
  it('pastes whole cells across tabs, and a later request in the batch sees an earlier one', async () => {
    const res = await batch([
      { addSheet: { properties: { sheetId: 77, title: 'backup', gridProperties: { rowCount: 10, columnCount: 5 } } } },
      { appendCells: { sheetId: 0, rows: [{ values: [{ userEnteredValue: { stringValue: 'L3' } }, { userEnteredValue: { formulaValue: '=1+2' } }] }], fields: '*' } },
      {
        copyPaste: {
          source: { sheetId: 0, startRowIndex: 1, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 2 },
          destination: { sheetId: 77, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 1, endColumnIndex: 2 },
          pasteType: 'PASTE_NORMAL',
        },
      },
    ]);
    expect(res.data.replies).toHaveLength(3);
    // A one-cell destination takes the source's full size from its corner.
    expect(standin.readTab('backup')).toEqual([
      ['', 'L1', 'Ani'],
      ['', 'L2', 'Budi'],
      ['', 'L3', '=1+2'],
    ]);
    expect(standin.isFormula('backup', 2, 2)).toBe(true);
  });

  it('repeats the source over a destination that is a multiple of it', async () => {
    await batch([
      {
        copyPaste: {
          source: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
          destination: { sheetId: 0, startRowIndex: 3, endRowIndex: 6, startColumnIndex: 0, endColumnIndex: 4 },
        },
      },
    ]);
    expect(standin.readTab('lead_sheet').slice(3)).toEqual([
      ['L1', 'Ani', 'L1', 'Ani'],
      ['L1', 'Ani', 'L1', 'Ani'],
      ['L1', 'Ani', 'L1', 'Ani'],
    ]);
  });

  it('PASTE_VALUES turns formulas into their results and drops the typed display format', async () => {
    await sheets.spreadsheets.values.update({
      spreadsheetId,
      range: 'lead_sheet!C2:D2',
      valueInputOption: 'USER_ENTERED',
      requestBody: { values: [['=2*21', '1,234']] },
    });
    await batch([
      {
        copyPaste: {
          source: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 2, endColumnIndex: 4 },
          destination: { sheetId: 0, startRowIndex: 4, endRowIndex: 5, startColumnIndex: 0, endColumnIndex: 1 },
          pasteType: 'PASTE_VALUES',
        },
      },
    ]);
    const row = await sheets.spreadsheets.values.get({ spreadsheetId, range: 'lead_sheet!A5:B5' });
    expect(row.data.values).toEqual([['42', '1234']]);
    expect(standin.isFormula('lead_sheet', 4, 0)).toBe(false);
  });

  it('refuses a paste past the grid and applies nothing of the batch', async () => {
    const err = await failure(
      batch([
        { addSheet: { properties: { title: 'not_kept' } } },
        {
          copyPaste: {
            source: { sheetId: 0, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 2 },
            destination: { sheetId: 0, startRowIndex: 998, endRowIndex: 999, startColumnIndex: 0, endColumnIndex: 1 },
          },
        },
      ]),
    );
    expect(err.status).toBe(400);
    expect(err.message).toBe('Invalid requests[1].copyPaste: Range (lead_sheet!A999:B1001) exceeds grid limits. Max rows: 1000, max columns: 26');
    expect(standin.tabTitles()).toEqual(['lead_sheet']);
  });

  it('refuses paste types it cannot honour, saying which it can', async () => {
    const err = await failure(
      batch([{ copyPaste: { source: { sheetId: 0, endRowIndex: 1, endColumnIndex: 1 }, destination: { sheetId: 0, startRowIndex: 5, endRowIndex: 6, endColumnIndex: 1 }, pasteType: 'PASTE_FORMAT' } }]),
    );
    expect(err.message).toMatch(/^Invalid requests\[0\]\.copyPaste: pasteType PASTE_FORMAT is not supported .*use PASTE_NORMAL or PASTE_VALUES$/);
  });

  it('cutPaste moves a block and empties the source', async () => {
    await batch([
      {
        cutPaste: {
          source: { sheetId: 0, startRowIndex: 1, endRowIndex: 2, startColumnIndex: 0, endColumnIndex: 2 },
          destination: { sheetId: 0, rowIndex: 4, columnIndex: 0 },
          pasteType: 'PASTE_NORMAL',
        },
      },
    ]);
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name'], [], ['L2', 'Budi'], [], ['L1', 'Ani']]);
  });
});

describe('admin edits: moveDimension and sortRange', () => {
  it('moves a column by Google\'s rule: the destination counts before the source is taken out', async () => {
    standin.writeTab('lead_sheet', [
      ['a', 'b', 'c', 'd', 'e'],
      [1, 2, 3, 4, 5],
    ]);
    // Column A to "index 4" lands at D, as in the reference's example.
    await batch([{ moveDimension: { source: { sheetId: 0, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 }, destinationIndex: 4 } }]);
    expect(standin.readTab('lead_sheet')).toEqual([
      ['b', 'c', 'd', 'a', 'e'],
      [2, 3, 4, 1, 5],
    ]);
    // Columns D:E to the front (destinationIndex 0 is dropped on the wire by proto3 clients).
    await batch([{ moveDimension: { source: { sheetId: 0, dimension: 'COLUMNS', startIndex: 3, endIndex: 5 } } }]);
    expect(standin.readTab('lead_sheet')[0]).toEqual(['a', 'e', 'b', 'c', 'd']);
  });

  it('drags rows, including past the end of the stored data', async () => {
    await batch([{ moveDimension: { source: { sheetId: 0, dimension: 'ROWS', startIndex: 2, endIndex: 3 }, destinationIndex: 1 } }]);
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name'], ['L2', 'Budi'], ['L1', 'Ani']]);
    await batch([{ moveDimension: { source: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 }, destinationIndex: 5 } }]);
    expect(standin.readTab('lead_sheet')).toEqual([['id', 'name'], ['L1', 'Ani'], [], [], ['L2', 'Budi']]);
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    expect(meta.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(1000);
  });

  it('refuses a move from outside the grid', async () => {
    const err = await failure(batch([{ moveDimension: { source: { sheetId: 0, dimension: 'COLUMNS', startIndex: 25, endIndex: 27 }, destinationIndex: 0 } }]));
    expect(err.message).toBe('Invalid requests[0].moveDimension: Range (lead_sheet!Z1:AA1) exceeds grid limits. Max rows: 1000, max columns: 26');
  });

  it('sorts rows by value: numbers, then text (case-insensitive), then booleans, blanks last either way', async () => {
    standin.writeTab('lead_sheet', [
      ['id', 'key', 'note'],
      ['r1', 'banana', 'x1'],
      ['r2', '', 'x2'],
      ['r3', 10, 'x3'],
      ['r4', true, 'x4'],
      ['r5', 'Apple', 'x5'],
      ['r6', 2, 'x6'],
      ['r7', 'apple', 'x7'],
    ]);
    // Sort only A:B; column C is outside the range and keeps its rows.
    await batch([
      {
        sortRange: {
          range: { sheetId: 0, startRowIndex: 1, endRowIndex: 8, startColumnIndex: 0, endColumnIndex: 2 },
          sortSpecs: [{ dimensionIndex: 1, sortOrder: 'ASCENDING' }],
        },
      },
    ]);
    const ids = () => standin.readTab('lead_sheet').slice(1).map((row) => row[0]);
    expect(ids()).toEqual(['r6', 'r3', 'r5', 'r7', 'r1', 'r4', 'r2']);
    expect(standin.readTab('lead_sheet').map((row) => row[2])).toEqual(['note', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
    await batch([
      { sortRange: { range: { sheetId: 0, startRowIndex: 1, endRowIndex: 8, startColumnIndex: 0, endColumnIndex: 2 }, sortSpecs: [{ dimensionIndex: 1, sortOrder: 'DESCENDING' }] } },
    ]);
    // Stable: Apple and apple compare equal and keep their order.
    expect(ids()).toEqual(['r4', 'r1', 'r5', 'r7', 'r3', 'r6', 'r2']);
  });

  it('refuses a sort column outside the range', async () => {
    const err = await failure(
      batch([{ sortRange: { range: { sheetId: 0, startRowIndex: 1, startColumnIndex: 0, endColumnIndex: 2 }, sortSpecs: [{ dimensionIndex: 4 }] } }]),
    );
    expect(err.message).toBe('Invalid requests[0].sortRange: sortSpecs[0].dimensionIndex 4 is outside the sorted range (columns 0 to 1)');
  });
});

describe('admin edits: tabs', () => {
  it('deletes, renames and duplicates a hidden tab by sheetId', async () => {
    await batch([{ addSheet: { properties: { sheetId: 4242, title: '_baton_lock_3', hidden: true, gridProperties: { rowCount: 1, columnCount: 1 } } } }]);
    const dup = await batch([{ duplicateSheet: { sourceSheetId: 4242 } }, { duplicateSheet: { sourceSheetId: 4242, newSheetName: 'mine', newSheetId: 9 } }]);
    expect(dup.data.replies?.[0]?.duplicateSheet?.properties).toMatchObject({ title: 'Copy of _baton_lock_3', index: 2, hidden: true });
    expect(dup.data.replies?.[1]?.duplicateSheet?.properties).toMatchObject({ sheetId: 9, title: 'mine', index: 2 });
    expect(standin.tabTitles()).toEqual(['lead_sheet', '_baton_lock_3', 'mine', 'Copy of _baton_lock_3']);

    await batch([{ updateSheetProperties: { properties: { sheetId: 4242, title: 'lock (old)' }, fields: 'title' } }]);
    expect(standin.tabTitles()).toContain('lock (old)');
    await batch([{ deleteSheet: { sheetId: 4242 } }, { deleteSheet: { sheetId: 9 } }]);
    expect(standin.tabTitles()).toEqual(['lead_sheet', 'Copy of _baton_lock_3']);
  });

  it('refuses a duplicate under a taken name', async () => {
    const err = await failure(batch([{ duplicateSheet: { sourceSheetId: 0, newSheetName: 'Lead_Sheet' } }]));
    expect(err.message).toBe('Invalid requests[0].duplicateSheet: A sheet with the name "Lead_Sheet" already exists. Please enter another name.');
  });

  it('refuses addSheet with a taken sheetId (wording is a guess: Google does not document it)', async () => {
    await batch([{ addSheet: { properties: { sheetId: 5, title: 'renamed_lock' } } }]);
    const err = await failure(batch([{ addSheet: { properties: { sheetId: 5, title: '_baton_lock_1' } } }]));
    expect(err.status).toBe(400);
    expect(err.message).toBe('Invalid requests[0].addSheet: A sheet with the id "5" already exists. Please enter another id.');
    // Both taken: the title is reported by default …
    const both = await failure(batch([{ addSheet: { properties: { sheetId: 5, title: 'renamed_lock' } } }]));
    expect(both.message).toMatch(/name "renamed_lock" already exists/);
  });

  it('can report the taken sheetId first, since Google leaves the order undocumented', async () => {
    const idFirst = await startSheetsStandin({ addSheetConflictFirst: 'sheetId', seed: { lead_sheet: [['id']] } });
    try {
      const api = google.sheets({ version: 'v4', rootUrl: idFirst.url, auth: 'ignored-key' });
      const err = await failure(
        api.spreadsheets.batchUpdate({ spreadsheetId: idFirst.spreadsheetId, requestBody: { requests: [{ addSheet: { properties: { sheetId: 0, title: 'lead_sheet' } } }] } }),
      );
      expect(err.message).toBe('Invalid requests[0].addSheet: A sheet with the id "0" already exists. Please enter another id.');
    } finally {
      await idFirst.stop();
    }
  });
});

describe('spreadsheet properties', () => {
  it('reports locale and time zone: defaults, configured, and changed by an admin', async () => {
    const meta = await sheets.spreadsheets.get({ spreadsheetId });
    expect(meta.data.properties).toMatchObject({ locale: 'en_US', timeZone: 'Etc/GMT' });

    const local = await startSheetsStandin({ locale: 'id_ID', timeZone: 'Asia/Jakarta' });
    try {
      const api = google.sheets({ version: 'v4', rootUrl: local.url, auth: 'ignored-key' });
      const got = await api.spreadsheets.get({ spreadsheetId: local.spreadsheetId, fields: 'properties(locale,timeZone)' });
      expect(got.data).toEqual({ properties: { locale: 'id_ID', timeZone: 'Asia/Jakarta' } });
    } finally {
      await local.stop();
    }

    await batch([{ updateSpreadsheetProperties: { properties: { locale: 'en_GB', timeZone: 'Europe/London' }, fields: 'locale,timeZone' } }]);
    const after = await sheets.spreadsheets.get({ spreadsheetId });
    expect(after.data.properties).toMatchObject({ locale: 'en_GB', timeZone: 'Europe/London' });
    const bad = await failure(batch([{ updateSpreadsheetProperties: { properties: { timeZone: 'Mars/Base' }, fields: 'timeZone' } }]));
    expect(bad.message).toMatch(/Invalid timeZone: Mars\/Base/);
  });
});

describe('admin edits through the handle', () => {
  it('apply atomically, bypass faults and counters, and refuse like the API', async () => {
    standin.faults.setOutage(true);
    const before = standin.counts().total;
    standin.adminBatchUpdate([{ sortRange: { range: { sheetId: 0, startRowIndex: 1 }, sortSpecs: [{ dimensionIndex: 1, sortOrder: 'DESCENDING' }] } }]);
    expect(standin.readTab('lead_sheet').slice(1).map((row) => row[1])).toEqual(['Budi', 'Ani']);
    expect(() => standin.adminBatchUpdate([{ addSheet: { properties: { title: 'x' } } }, { deleteSheet: { sheetId: 99 } }])).toThrow(
      'sheets stand-in: admin edit refused: Invalid requests[1].deleteSheet: No grid with id: 99',
    );
    expect(standin.tabs()).toEqual([{ sheetId: 0, title: 'lead_sheet', hidden: false }]);
    expect(standin.counts().total).toBe(before);
    standin.faults.clear();
  });
});
