import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { CellValue } from '../../domain/cells.ts';
import { LEAD_COLUMNS, leadToRecord } from '../../domain/lead-record.ts';
import type { Lead } from '../../domain/types.ts';
import type { ChangeSet } from '../../core/ports.ts';
import { rowData } from '../sheets/cells.ts';

/**
 * The text of the header cell right of the lead columns (the mirror grows the tab to fit it). A
 * plain cell rather than a note or a protected range: every Sheets client shows it, the service
 * account needs no extra rights, and it is rewritten with the header at every resync, so deleting
 * it by hand does not last.
 */
export const MIRROR_BANNER = 'READ-ONLY COPY of the leads in PostgreSQL, rewritten by Baton: edits here are overwritten and never read back';

/** lead_sheet's first row as the mirror writes it: the lead columns, then the banner. */
export const MIRROR_HEADER: readonly CellValue[] = [...LEAD_COLUMNS, MIRROR_BANNER];

/** Lead -> its mirrored row, in LEAD_COLUMNS order (the mirror owns the tab's layout). */
export function mirrorRow(lead: Lead): CellValue[] {
  const record = leadToRecord(lead);
  return LEAD_COLUMNS.map((column) => record[column]);
}

/**
 * Folds a committed change set into the pending leads: the latest state of each lead wins, so a
 * lead changed ten times between two flushes is written once.
 */
export function coalesceChange(pending: Map<string, Lead>, change: Pick<ChangeSet, 'newLeads' | 'leadUpdates'>): void {
  for (const lead of change.newLeads) pending.set(lead.leadId, lead);
  for (const { after } of change.leadUpdates) pending.set(after.leadId, after);
}

export interface MirrorFlushPlan {
  /** spreadsheets.batchUpdate requests: grow the grid if needed, then one updateCells per run of rows. */
  requests: sheets_v4.Schema$Request[];
  /** Rows given to leads not yet on the sheet (1-based sheet rows; the header is row 1). */
  placed: Map<string, number>;
  nextRow: number;
  /** The tab's row count once the requests applied. */
  rowCount: number;
}

/** Rows added at a time when the tab is full, so most flushes need no grid change. */
export const ROW_HEADROOM = 500;

/**
 * Pending leads -> one write. A lead already on the sheet is rewritten in its row, a new one goes
 * to the next free row (the grid grown first: Sheets refuses cells past its last row). Positions
 * are the mirror's own: it never reads the tab back.
 */
export function planMirrorFlush(pending: ReadonlyMap<string, Lead>, positions: ReadonlyMap<string, number>, nextRow: number, grid: { sheetId: number; rowCount: number }): MirrorFlushPlan {
  const placed = new Map<string, number>();
  const rows: Array<[row: number, cells: CellValue[]]> = [];
  let next = nextRow;
  for (const [leadId, lead] of pending) {
    let row = positions.get(leadId);
    if (row === undefined) {
      row = next;
      next += 1;
      placed.set(leadId, row);
    }
    rows.push([row, mirrorRow(lead)]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  const requests: sheets_v4.Schema$Request[] = [];
  let rowCount = grid.rowCount;
  const lastRow = next - 1;
  if (lastRow > rowCount) {
    const length = lastRow - rowCount + ROW_HEADROOM;
    requests.push({ appendDimension: { sheetId: grid.sheetId, dimension: 'ROWS', length } });
    rowCount += length;
  }
  let runStart = -1;
  let runRows: CellValue[][] = [];
  const close = () => {
    if (runRows.length > 0) requests.push(mirrorCells(grid.sheetId, runStart, runRows));
  };
  for (const [row, cells] of rows) {
    if (runRows.length > 0 && row === runStart + runRows.length) {
      runRows.push(cells);
      continue;
    }
    close();
    runStart = row;
    runRows = [cells];
  }
  close();
  return { requests, placed, nextRow: next, rowCount };
}

/** updateCells for rows from 1-based sheet row `firstRow`, column A on; typed text stays text (as RAW). */
export function mirrorCells(sheetId: number, firstRow: number, rows: readonly (readonly CellValue[])[]): sheets_v4.Schema$Request {
  return { updateCells: { start: { sheetId, rowIndex: firstRow - 1, columnIndex: 0 }, rows: rows.map(rowData), fields: 'userEnteredValue' } };
}
