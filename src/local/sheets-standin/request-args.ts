import { formatRect } from './a1-range.ts';
import type { ApiError } from './errors.ts';
import { checkKeys, enumValue, isObject } from './params.ts';
import type { SheetState, Workbook } from './workbook.ts';

/**
 * Decoders for the argument shapes batchUpdate requests share (sheet ids, GridRange,
 * DimensionRange), so every request kind reports a bad argument in the same Google wording.
 */

export type Fail = (msg: string) => ApiError;
export type Reply = Record<string, unknown>;
/** Stand-in configuration a request handler may need (choices Google leaves undocumented). */
export interface BatchSettings {
  addSheetConflictFirst: 'title' | 'sheetId';
}
export type Handler = (wb: Workbook, req: Record<string, unknown>, fail: Fail, settings: BatchSettings) => Reply;

export const DIMENSION = ['ROWS', 'COLUMNS'] as const;

export function int(raw: unknown, fallback: number, fail: Fail, name: string): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isInteger(raw)) throw fail(`${name} must be an integer`);
  return raw;
}

/** proto3 JSON omits zeros, so an absent sheetId means sheet 0 — a classic source of confusion. */
export function sheetOf(wb: Workbook, raw: unknown, fail: Fail): SheetState {
  const id = int(raw, 0, fail, 'sheetId');
  const sheet = wb.sheetById(id);
  if (!sheet) throw fail(`No grid with id: ${id}`);
  return sheet;
}

export interface GridBox {
  sheet: SheetState;
  r0: number;
  r1: number; // exclusive
  c0: number;
  c1: number; // exclusive
  /** Whether the caller gave the end index (an unbounded side runs to the end of the grid). */
  rowsBounded: boolean;
  colsBounded: boolean;
}

export function gridRange(wb: Workbook, raw: unknown, fail: Fail): GridBox {
  const g = isObject(raw) ? raw : {};
  const sheet = sheetOf(wb, g['sheetId'], fail);
  const box: GridBox = {
    sheet,
    r0: int(g['startRowIndex'], 0, fail, 'startRowIndex'),
    r1: int(g['endRowIndex'], sheet.rowCount, fail, 'endRowIndex'),
    c0: int(g['startColumnIndex'], 0, fail, 'startColumnIndex'),
    c1: int(g['endColumnIndex'], sheet.columnCount, fail, 'endColumnIndex'),
    rowsBounded: g['endRowIndex'] !== undefined && g['endRowIndex'] !== null,
    colsBounded: g['endColumnIndex'] !== undefined && g['endColumnIndex'] !== null,
  };
  if (box.r0 < 0 || box.c0 < 0 || box.r1 < box.r0 || box.c1 < box.c0) throw fail('Invalid range');
  if (box.r1 > sheet.rowCount || box.c1 > sheet.columnCount) throw gridLimitFail(sheet, box.r0, box.r1, box.c0, box.c1, fail);
  return box;
}

/** Google's "exceeds grid limits" wording for a 0-based half-open box. */
export function gridLimitFail(sheet: SheetState, r0: number, r1: number, c0: number, c1: number, fail: Fail): ApiError {
  const a1 = formatRect(sheet.title, { r0, c0, r1: Math.max(r0, r1 - 1), c1: Math.max(c0, c1 - 1) });
  return fail(`Range (${a1}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`);
}

export function dimensionRange(
  wb: Workbook,
  raw: unknown,
  fail: Fail,
  at = 'range',
): { sheet: SheetState; dimension: 'ROWS' | 'COLUMNS'; start: number; end: number } {
  const r = checkKeys(raw, ['sheetId', 'dimension', 'startIndex', 'endIndex'], at);
  const sheet = sheetOf(wb, r['sheetId'], fail);
  const dimension = enumValue(r['dimension'], `${at}.dimension`, 'Dimension', DIMENSION);
  if (!dimension) throw fail(`${at}.dimension must be specified`);
  const start = int(r['startIndex'], 0, fail, 'startIndex');
  const end = int(r['endIndex'], dimension === 'ROWS' ? sheet.rowCount : sheet.columnCount, fail, 'endIndex');
  if (start < 0 || end <= start) throw fail(`Invalid range: startIndex[${start}] must be less than endIndex[${end}]`);
  return { sheet, dimension, start, end };
}
