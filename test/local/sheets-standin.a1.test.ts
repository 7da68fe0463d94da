import { google, type sheets_v4 } from 'googleapis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, toRect, formatRect, quoteTitle } from '../../src/local/sheets-standin/a1-range.ts';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';

// Ranges go through the real googleapis client, which percent-encodes the range segment exactly as
// it would for sheets.googleapis.com; the returned `range` shows how the stand-in read it.

let standin: SheetsStandin;
let sheets: sheets_v4.Sheets;
const grid = (rows: number, cols: number) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => `r${r + 1}c${c + 1}`));

beforeAll(async () => {
  standin = await startSheetsStandin({
    seed: {
      lead_sheet: grid(5, 4),
      'My Tab': [['my', 'tab'], ['x', 'y']],
      "Bob's tab": [['bob']],
      'a/b!c': [['weird']],
      tab01: [['looks like a cell']],
    },
  });
  sheets = google.sheets({ version: 'v4', rootUrl: standin.url, auth: 'local-key' });
});
afterAll(() => standin.stop());

async function get(range: string) {
  const res = await sheets.spreadsheets.values.get({ spreadsheetId: standin.spreadsheetId, range });
  return res.data;
}

describe('A1 ranges through googleapis', () => {
  it.each([
    ['lead_sheet', 'lead_sheet!A1:Z1000', 5, 4],
    ['lead_sheet!A1:B2', 'lead_sheet!A1:B2', 2, 2],
    ['lead_sheet!A:A', 'lead_sheet!A1:A1000', 5, 1],
    ['lead_sheet!B:C', 'lead_sheet!B1:C1000', 5, 2],
    ['lead_sheet!2:3', 'lead_sheet!A2:Z3', 2, 4],
    ['lead_sheet!B4:Z', 'lead_sheet!B4:Z1000', 2, 3],
    ['lead_sheet!C3', 'lead_sheet!C3', 1, 1],
    ['lead_sheet!b2:a1', 'lead_sheet!A1:B2', 2, 2],
    ['lead_sheet!$A$1:$B$2', 'lead_sheet!A1:B2', 2, 2],
    ['lead_sheet!A1:ZZ2', 'lead_sheet!A1:Z2', 2, 4],
    ['A1:B2', 'lead_sheet!A1:B2', 2, 2],
    ["'My Tab'!A1:C", "'My Tab'!A1:C1000", 2, 2],
    ['My Tab!A2', "'My Tab'!A2", 1, 1],
    ["'My Tab'", "'My Tab'!A1:Z1000", 2, 2],
    ["'Bob''s tab'!A1", "'Bob''s tab'!A1", 1, 1],
    ["'a/b!c'!A1:A2", "'a/b!c'!A1:A2", 1, 1],
  ])('%s -> %s', async (input, expectedRange, rows, cols) => {
    const data = await get(input);
    expect(data.range).toBe(expectedRange);
    expect(data.majorDimension).toBe('ROWS');
    expect(data.values?.length ?? 0).toBe(rows);
    expect(Math.max(...(data.values ?? [[]]).map((r) => r.length))).toBe(cols);
  });

  it('returns the actual cell contents of the addressed window', async () => {
    expect((await get('lead_sheet!B2:C3')).values).toEqual([
      ['r2c2', 'r2c3'],
      ['r3c2', 'r3c3'],
    ]);
    expect((await get("'Bob''s tab'!A1")).values).toEqual([['bob']]);
    expect((await get('lead_sheet!2:2')).values).toEqual([['r2c1', 'r2c2', 'r2c3', 'r2c4']]);
  });

  it.each([
    ['Nope!A1', 'Unable to parse range: Nope!A1'],
    ['lead_sheet!A0', 'Unable to parse range: lead_sheet!A0'],
    ['lead_sheet!A', 'Unable to parse range: lead_sheet!A'],
    ['lead_sheet!A1:B2:C3', 'Unable to parse range: lead_sheet!A1:B2:C3'],
    ["'unterminated!A1", "Unable to parse range: 'unterminated!A1"],
    ["'My Tab'A1", "Unable to parse range: 'My Tab'A1"],
    ['lead_sheet!A1001', 'Range (lead_sheet!A1001) exceeds grid limits. Max rows: 1000, max columns: 26'],
    ['lead_sheet!1001:1002', 'Range (lead_sheet!1001:1002) exceeds grid limits. Max rows: 1000, max columns: 26'],
    // A bare name shaped like a cell is a cell on the first sheet (TAB1), not the tab "tab01".
    ['tab01', 'Range (lead_sheet!TAB1) exceeds grid limits. Max rows: 1000, max columns: 26'],
  ])('%s is rejected with 400', async (input, message) => {
    const err = await get(input).then(
      () => undefined,
      (e: unknown) => e as { status?: number; message?: string; response?: { data?: unknown } },
    );
    expect(err?.status).toBe(400);
    expect(err?.message).toBe(message);
    expect(err?.response?.data).toEqual({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });
  });

  it('resolves a quoted tab name that looks like a cell when quoted', async () => {
    expect((await get("'tab01'!A1")).values).toEqual([['looks like a cell']]);
    expect((await get("'tab01'!A1")).range).toBe("'tab01'!A1");
  });

  it('accepts both percent-encoded and literal range segments from raw HTTP clients', async () => {
    const base = `${standin.url}v4/spreadsheets/${standin.spreadsheetId}/values/`;
    const encoded = await fetch(`${base}%27My%20Tab%27%21A1%3AB2`).then((r) => r.json());
    expect(encoded).toEqual({ range: "'My Tab'!A1:B2", majorDimension: 'ROWS', values: [['my', 'tab'], ['x', 'y']] });
    const literal = await fetch(`${base}lead_sheet!A1:B1`).then((r) => r.json());
    expect(literal.values).toEqual([['r1c1', 'r1c2']]);
  });

  it('indents its answers, as Google does, unless asked for prettyPrint=false', async () => {
    const base = `${standin.url}v4/spreadsheets/${standin.spreadsheetId}/values/lead_sheet!A1:B1`;
    const pretty = await fetch(base).then((r) => r.text());
    const compact = await fetch(`${base}?prettyPrint=false`).then((r) => r.text());
    expect(JSON.parse(pretty)).toEqual(JSON.parse(compact));
    expect(pretty).toContain('\n  "range": ');
    expect(compact).not.toMatch(/\s/);
  });
});

describe('A1 parser unit table', () => {
  const size = { rowCount: 1000, columnCount: 26 };
  it.each([
    ['A1', undefined, { r0: 0, c0: 0, r1: 0, c1: 0 }],
    ['Sheet1!AA10:AB12', 'Sheet1', { r0: 9, c0: 26, r1: 11, c1: 27 }],
    ['Sheet1!A2:Z', 'Sheet1', { r0: 1, c0: 0, r1: 999, c1: 25 }],
    ['Sheet1!C:C', 'Sheet1', { r0: 0, c0: 2, r1: 999, c1: 2 }],
    ['Sheet1!5:2', 'Sheet1', { r0: 1, c0: 0, r1: 4, c1: 25 }],
    ["'It''s'!B2", "It's", { r0: 1, c0: 1, r1: 1, c1: 1 }],
    ['lead_sheet', 'lead_sheet', { r0: 0, c0: 0, r1: 999, c1: 25 }],
  ])('%s', (text, sheet, rect) => {
    const parsed = parseRange(text);
    expect(parsed.sheet).toBe(sheet);
    expect(toRect(parsed, size)).toEqual(rect);
  });

  it.each([
    ['Sheet1', 'Sheet1'],
    ['lead_sheet', 'lead_sheet'],
    ['My Tab', "'My Tab'"],
    ["Bob's", "'Bob''s'"],
    ['A1', "'A1'"],
    ['2024', "'2024'"],
  ])('quotes %s as %s', (title, quoted) => {
    expect(quoteTitle(title)).toBe(quoted);
  });

  it('formats wide columns', () => {
    expect(formatRect('S', { r0: 0, c0: 701, r1: 1, c1: 702 })).toBe('S!ZZ1:AAA2');
  });
});
