import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { CellValue } from '../../domain/cells.ts';

/**
 * Typed cell data for spreadsheets.batchUpdate. A stringValue is stored as typed text, never
 * parsed: the same guarantee as valueInputOption RAW, so "0812…" keeps its 0 and "=HYPERLINK(…)"
 * stays inert.
 */
export function cellData(value: CellValue | undefined): sheets_v4.Schema$CellData {
  if (value === null || value === undefined || value === '') return {};
  if (typeof value === 'number') return { userEnteredValue: { numberValue: value } };
  if (typeof value === 'boolean') return { userEnteredValue: { boolValue: value } };
  return { userEnteredValue: { stringValue: value } };
}

export function rowData(row: readonly CellValue[]): sheets_v4.Schema$RowData {
  return { values: row.map(cellData) };
}
