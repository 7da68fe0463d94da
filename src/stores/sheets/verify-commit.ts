import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import type { LeadColumn } from '../../domain/lead-record.ts';
import { givenLeadId } from './lead-rows.ts';
import { columnLetter } from './a1.ts';
import type { CommitExpectations, Echo } from './plan-commit.ts';
import { HeaderMap } from './table.ts';

const at = (title: string, row: number, column: number) => `${title}\u0000${row}\u0000${column}`;

/** Cells a commit's echo (or a verifying read) returned, by tab and 0-based position. */
export class EchoedCells {
  private readonly cells = new Map<string, CellValue>();
  private readonly widths = new Map<string, number>();

  set(title: string, row: number, column: number, value: CellValue): void {
    this.cells.set(at(title, row, column), value);
    const line = `${title}\u0000${row}`;
    this.widths.set(line, Math.max(this.widths.get(line) ?? 0, column + 1));
  }

  get(title: string, row: number, column: number): CellValue | undefined {
    return this.cells.get(at(title, row, column));
  }

  row(title: string, row: number): CellValue[] {
    const width = this.widths.get(`${title}\u0000${row}`) ?? 0;
    return Array.from({ length: width }, (_, column) => this.get(title, row, column) ?? null);
  }

  /** From `updatedSpreadsheet.sheets[].data[]` of a batchUpdate with responseRanges. */
  static fromGrids(sheets: readonly sheets_v4.Schema$Sheet[]): EchoedCells {
    const echoed = new EchoedCells();
    for (const sheet of sheets) {
      const title = sheet.properties?.title;
      if (!title) continue;
      for (const grid of sheet.data ?? []) {
        // proto3 JSON leaves zeros out: no startRow means row 0.
        const top = grid.startRow ?? 0;
        const left = grid.startColumn ?? 0;
        (grid.rowData ?? []).forEach((row, i) =>
          (row.values ?? []).forEach((cell, j) => {
            const value = cell.effectiveValue;
            echoed.set(title, top + i, left + j, value?.stringValue ?? value?.numberValue ?? value?.boolValue ?? cell.formattedValue ?? null);
          }),
        );
      }
    }
    return echoed;
  }

  /** From a values.batchGet of the same ranges, when the write's own answer was lost. */
  static fromValueRanges(echoes: readonly Echo[], valueRanges: readonly sheets_v4.Schema$ValueRange[]): EchoedCells {
    const echoed = new EchoedCells();
    echoes.forEach((echo, index) => {
      const values = (valueRanges[index]?.values ?? []) as CellValue[][];
      values.forEach((row, i) => row.forEach((value, j) => echoed.set(echo.title, echo.row + i, echo.column + j, value)));
    });
    return echoed;
  }
}

export interface Verdict {
  /** What did not land where it was meant to, in words an admin understands; empty when all did. */
  problems: string[];
  /** Where each appended key was found (or, without an echo of it, where appends go). */
  appendedRows: Map<string, Map<string, number>>;
  /** Appended-to tabs whose new rows were not all found in the echo (their positions are assumed). */
  unlocated: Set<string>;
  /** Each appended-to tab's length after the commit. */
  rowCounts: Map<string, number>;
  /** Tabs whose columns moved since they were read. */
  movedTabs: Set<string>;
}

/** Compares a commit's echo with what it meant to write. Pure. */
export function verifyCommit(expect: CommitExpectations, echoed: EchoedCells): Verdict {
  const problems: string[] = [];
  const movedTabs = new Set<string>();
  for (const { title, header, names } of expect.headers) {
    const now = new HeaderMap(echoed.row(title, 0));
    const moved = names.filter((name) => now.column(name) !== header.column(name));
    if (moved.length === 0) continue;
    movedTabs.add(title);
    const where = (index: number | undefined) => (index === undefined ? 'nowhere' : columnLetter(index));
    problems.push(`${title}: columns moved while Baton wrote (${moved.map((name) => `${name} ${where(header.column(name))} → ${where(now.column(name))}`).join(', ')})`);
  }
  for (const key of expect.keys) {
    if (movedTabs.has(key.title)) continue;
    const { given } = key;
    if (given) {
      // Its lead_id was just written: the row is known by what that id was derived from.
      const found = givenLeadId((column: LeadColumn) => (column in given ? echoed.get(key.title, key.row, given[column as keyof typeof given]) : undefined));
      if (found !== key.key) problems.push(`${key.title}: row ${key.row + 1} no longer holds the name, phone and email of ${key.key}, typed without a lead_id (rows sorted, inserted or deleted)`);
      continue;
    }
    const found = cellText(echoed.get(key.title, key.row, key.column));
    if (found !== key.key) problems.push(`${key.title}: row ${key.row + 1} holds "${found}", not ${key.key} as when read (rows sorted, inserted or deleted)`);
  }
  const appendedRows = new Map<string, Map<string, number>>();
  const rowCounts = new Map<string, number>();
  const unlocated = new Set<string>();
  for (const tail of expect.appended) {
    const wanted = new Set(tail.keys);
    const rows = new Map<string, number>();
    let last = tail.rowCount - 1;
    for (let row = tail.firstRow; row <= tail.lastRow; row += 1) {
      const id = cellText(echoed.get(tail.title, row, tail.column));
      if (!id) continue;
      last = Math.max(last, row);
      if (wanted.has(id) && !rows.has(id)) rows.set(id, row);
    }
    if (rows.size === tail.keys.length) {
      rowCounts.set(tail.title, last + 1);
    } else {
      unlocated.add(tail.title);
      // Not in the echoed window: appends go after the last row with data, as when read.
      tail.keys.forEach((key, i) => rows.set(key, tail.rowCount + i));
      rowCounts.set(tail.title, tail.rowCount + tail.keys.length);
    }
    appendedRows.set(tail.title, rows);
  }
  return { problems, appendedRows, unlocated, rowCounts, movedTabs };
}
