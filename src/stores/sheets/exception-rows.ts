import type { CellValue } from '../../domain/cells.ts';
import { parseExceptionRecord, type ExceptionColumn } from '../../domain/exception-record.ts';
import type { LeadException } from '../../domain/exceptions.ts';
import type { SheetLocale } from '../../domain/time.ts';
import { HeaderMap } from './table.ts';

export interface ExceptionRows {
  header: HeaderMap;
  list: LeadException[];
  /** 0-based sheet row of each exception_id (the first, if an admin copied a row). */
  rows: Map<string, number>;
  rowCount: number;
}

/** The exceptions tab as read (row 1 headers, found by name) -> exceptions and their rows. */
export function readExceptionRows(rows: readonly CellValue[][], sheet: SheetLocale): ExceptionRows {
  const header = new HeaderMap(rows[0] ?? []);
  const list: LeadException[] = [];
  const positions = new Map<string, number>();
  rows.forEach((row, index) => {
    if (index === 0) return;
    const record = header.record(row);
    const exception = parseExceptionRecord((column: ExceptionColumn) => record[column], sheet);
    if (!exception || positions.has(exception.exceptionId)) return;
    positions.set(exception.exceptionId, index);
    list.push(exception);
  });
  return { header, list, rows: positions, rowCount: rows.length };
}
