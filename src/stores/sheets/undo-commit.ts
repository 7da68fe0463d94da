import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import { rowData } from './cells.ts';
import { lockSheetId, lockTitle, type LockPlan } from './lock-protocol.ts';
import type { CommitExpectations } from './plan-commit.ts';
import type { Verdict } from './verify-commit.ts';

export interface UndoPlanInput {
  expect: CommitExpectations;
  verdict: Verdict;
  /** The lock the commit being undone took (its tab holds the backups). */
  lock: LockPlan;
  /** Where the undone commit's own audit rows stand now: they are removed with it. */
  auditRows: number[];
  /** Audit rows saying what was repaired, already laid out for the audit tab as it is now. */
  repairRows: CellValue[][];
  auditSheetId: number;
}

/** Consecutive rows -> deleteDimension requests, bottom first so earlier deletions do not shift later ones. */
export function deleteRows(sheetId: number, rows: number[]): sheets_v4.Schema$Request[] {
  const sorted = [...new Set(rows)].sort((a, b) => b - a);
  const requests: sheets_v4.Schema$Request[] = [];
  let end = -1;
  let start = -1;
  const flush = () => {
    if (start >= 0) requests.push({ deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: start, endIndex: end + 1 } } });
  };
  for (const row of sorted) {
    if (start >= 0 && row === start - 1) {
      start = row;
      continue;
    }
    flush();
    start = row;
    end = row;
  }
  flush();
  return requests;
}

/**
 * The batchUpdate that makes a misplaced commit as if it never happened: every overwritten cell
 * is copied back from the lock tab, the rows it appended are removed, and the lock chain is put
 * back at the version it was read at (the previous link re-created, the commit's own removed).
 * Deleting the commit's lock tab fails if another Baton process has committed since; then
 * nothing is undone, because that process's writes sit on top. The commit's audit rows go too:
 * they describe decisions that did not happen (the re-decided ones are audited when they land),
 * and the `sheet.repaired` row says what was undone. Pure.
 */
export function planUndo(input: UndoPlanInput): sheets_v4.Schema$Request[] {
  const { expect, verdict, lock } = input;
  const requests: sheets_v4.Schema$Request[] = [];
  const readVersion = lock.version - 1;
  if (readVersion > 0) {
    requests.push({ addSheet: { properties: { sheetId: lockSheetId(readVersion), title: lockTitle(readVersion), hidden: true, gridProperties: { rowCount: 1, columnCount: 1 } } } });
  }
  for (const backup of expect.backups) {
    requests.push({
      copyPaste: {
        source: { sheetId: lock.sheetId, startRowIndex: backup.backupRow, endRowIndex: backup.backupRow + 1, startColumnIndex: 0, endColumnIndex: 1 },
        destination: { sheetId: backup.sheetId, startRowIndex: backup.row, endRowIndex: backup.row + 1, startColumnIndex: backup.column, endColumnIndex: backup.column + 1 },
        pasteType: 'PASTE_NORMAL',
      },
    });
  }
  for (const tail of expect.appended) {
    if (verdict.unlocated.has(tail.title)) continue;
    const rows = [...(verdict.appendedRows.get(tail.title)?.values() ?? [])];
    requests.push(...deleteRows(tail.sheetId, rows));
  }
  requests.push(...deleteRows(input.auditSheetId, input.auditRows));
  if (input.repairRows.length > 0) {
    requests.push({ appendCells: { sheetId: input.auditSheetId, rows: input.repairRows.map(rowData), fields: 'userEnteredValue' } });
  }
  requests.push({ deleteSheet: { sheetId: lock.sheetId } });
  return requests;
}

/**
 * Where rows written as `written` (in an old column order) stand in `rows`, searching from the
 * bottom for the last run that matches cell for cell. Undefined when they cannot be found.
 */
export function findWrittenRows(rows: readonly CellValue[][], written: readonly CellValue[][]): number[] | undefined {
  const same = (row: readonly CellValue[] | undefined, want: readonly CellValue[]) =>
    want.every((value, column) => cellText(value) === cellText(row?.[column] ?? null));
  for (let start = rows.length - written.length; start >= 0; start -= 1) {
    if (written.every((want, i) => same(rows[start + i], want))) return written.map((_, i) => start + i);
  }
  return undefined;
}
