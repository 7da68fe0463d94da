/** Reading the stand-in's tabs the way an auditor would: by header name, with row numbers kept. */
import type { CellValue, SheetsStandin } from '../../src/local/sheets-standin/index.ts';

export interface TabRow {
  /** 0-based row in the tab (row 1 of the sheet is 0, the header). */
  index: number;
  cells: CellValue[];
  get(header: string): string;
}

export interface Tab {
  headers: string[];
  /** Headers that occur more than once in row 1. */
  repeatedHeaders: string[];
  column(header: string): number;
  rows: TabRow[];
}

export function readTable(sheets: SheetsStandin, title: string): Tab {
  const all = sheets.tabTitles().includes(title) ? sheets.readTab(title) : [];
  const headers = (all[0] ?? []).map((cell) => String(cell));
  const seen = new Map<string, number>();
  const repeated = new Set<string>();
  headers.forEach((header, i) => {
    if (header === '') return;
    if (seen.has(header)) repeated.add(header);
    else seen.set(header, i);
  });
  const column = (header: string) => seen.get(header) ?? -1;
  const rows = all.slice(1).map((cells, i) => ({
    index: i + 1,
    cells,
    get(header: string) {
      const c = column(header);
      return c < 0 ? '' : String(cells[c] ?? '');
    },
  }));
  return { headers, repeatedHeaders: [...repeated], column, rows };
}

export function isBlankRow(row: TabRow): boolean {
  return row.cells.every((cell) => String(cell).trim() === '');
}

/** How Baton reads a hand-typed stage: trimmed, any case. */
export function stageOf(row: TabRow): string {
  return row.get('stage').trim().toUpperCase();
}

export function sheetIdOf(sheets: SheetsStandin, title: string): number {
  const tab = sheets.tabs().find((t) => t.title === title);
  if (!tab) throw new Error(`chaos: no tab ${title} (have ${sheets.tabTitles().join(', ')})`);
  return tab.sheetId;
}

/** One cell typed by an admin (0-based row and column). */
export function typeCell(sheets: SheetsStandin, title: string, row: number, col: number, text: string): void {
  sheets.adminBatchUpdate([
    {
      updateCells: {
        start: { sheetId: sheetIdOf(sheets, title), rowIndex: row, columnIndex: col },
        rows: [{ values: [text === '' ? {} : { userEnteredValue: { stringValue: text } }] }],
        fields: 'userEnteredValue',
      },
    },
  ]);
}
