import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import { columnLetter } from './a1.ts';
import { rowData } from './cells.ts';
import { HeaderMap } from './table.ts';
import { deleteRows } from './undo-commit.ts';

/**
 * What a commit is about to write, saved (fsync) in DATA_DIR before it is sent and removed once it
 * has been verified (and undone if misplaced). A process killed in between leaves it behind, and
 * the next process checks that commit by content (recover-commit.ts): the echo the dead process
 * never got to compare is gone, but the cells and the lock tab's backups are still there.
 */
export interface CommitIntent {
  commitId: string;
  pid: number;
  /** The lock tab holding the backups of every overwritten cell (column A, row `backupRow`). */
  lock: { sheetId: number; title: string };
  auditSheetId: number;
  writes: Array<{ title: string; sheetId: number; row: number; column: number; backupRow: number; name: string; keyName: string; key: string; value: CellValue }>;
  appends: Array<{ title: string; sheetId: number; keyName: string; keys: string[]; rows: CellValue[][] }>;
}

export interface RecoveryPlan {
  /** Cells written onto another row or under another header: put back from the lock tab. */
  restores: Array<{ sheetId: number; row: number; column: number; backupRow: number }>;
  /** Rows appended under moved columns, by sheet. */
  deletes: Map<number, number[]>;
  /** In words, for the log and the audit row. */
  problems: string[];
}

/**
 * Checks an interrupted commit against the tabs as they are now, by content, so later sorts and
 * inserts by admins do not matter: a written cell is in place when the row that now holds its key
 * has the written value under the written header. One that is not, while the very cell it was
 * written to still holds the written value, landed on another lead's row or under another header,
 * and is put back. Appended rows are found by their cells and kept when their key reads under the
 * key header. Pure.
 */
export function planRecovery(intent: CommitIntent, tabs: ReadonlyMap<string, readonly CellValue[][]>): RecoveryPlan {
  const plan: RecoveryPlan = { restores: [], deletes: new Map(), problems: [] };
  for (const write of intent.writes) {
    const rows = tabs.get(write.title) ?? [];
    const header = new HeaderMap(rows[0] ?? []);
    const keyColumn = header.column(write.keyName);
    const nameColumn = header.column(write.name);
    const keyRow = keyColumn === undefined ? -1 : rows.findIndex((row, index) => index > 0 && cellText(row[keyColumn] ?? null) === write.key);
    const written = cellText(write.value);
    const inPlace = keyRow > 0 && nameColumn !== undefined && cellText(rows[keyRow]?.[nameColumn] ?? null) === written;
    const target = rows[write.row];
    const stillThere = target !== undefined && target.some((cell) => cellText(cell ?? null) !== '') && cellText(target[write.column] ?? null) === written;
    if (inPlace || !stillThere) continue;
    plan.restores.push({ sheetId: write.sheetId, row: write.row, column: write.column, backupRow: write.backupRow });
    plan.problems.push(`${write.title}!${columnLetter(write.column)}${write.row + 1}: ${write.name} of ${write.key} had landed on another row or column`);
  }
  for (const append of intent.appends) {
    const rows = tabs.get(append.title) ?? [];
    const header = new HeaderMap(rows[0] ?? []);
    const keyColumn = header.column(append.keyName);
    append.rows.forEach((written, i) => {
      const key = append.keys[i] ?? '';
      rows.forEach((row, index) => {
        if (index === 0 || !written.every((value, column) => cellText(value) === cellText(row[column] ?? null))) return;
        if (keyColumn !== undefined && cellText(row[keyColumn] ?? null) === key) return;
        const list = plan.deletes.get(append.sheetId) ?? [];
        list.push(index);
        plan.deletes.set(append.sheetId, list);
        plan.problems.push(`${append.title}: row ${index + 1}, appended for ${key}, had its values under moved columns`);
      });
    });
  }
  return plan;
}

/** The batchUpdate that applies a recovery plan, with its `sheet.repaired` audit row. Pure. */
export function recoveryRequests(intent: CommitIntent, plan: RecoveryPlan, repairRow: CellValue[]): sheets_v4.Schema$Request[] {
  const requests: sheets_v4.Schema$Request[] = plan.restores.map((restore) => ({
    copyPaste: {
      source: { sheetId: intent.lock.sheetId, startRowIndex: restore.backupRow, endRowIndex: restore.backupRow + 1, startColumnIndex: 0, endColumnIndex: 1 },
      destination: { sheetId: restore.sheetId, startRowIndex: restore.row, endRowIndex: restore.row + 1, startColumnIndex: restore.column, endColumnIndex: restore.column + 1 },
      pasteType: 'PASTE_NORMAL',
    },
  }));
  for (const [sheetId, rows] of plan.deletes) requests.push(...deleteRows(sheetId, rows));
  requests.push({ appendCells: { sheetId: intent.auditSheetId, rows: [rowData(repairRow)], fields: 'userEnteredValue' } });
  return requests;
}
