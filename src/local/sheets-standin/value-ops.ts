import { closedSides, colToLetters, formatRect, formatRequested, toRect, type Rect } from './a1-range.ts';
import { inputToCell, type CellWrite, type DateOrder, type RenderOptions, type ValueInputOption } from './cell-codec.ts';
import { invalidArgument } from './errors.ts';
import { checkKeys, DIMENSIONS, enumValue, type Dimension } from './params.ts';
import type { CellValue } from './types.ts';
import type { SheetState, Workbook } from './workbook.ts';

/** Shared read/write/clear semantics behind the values.* endpoints (single and batch). */

export interface ValueRangeJson {
  range: string;
  majorDimension: Dimension;
  values?: CellValue[][];
}

export interface UpdateResult {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows?: number;
  updatedColumns?: number;
  updatedCells?: number;
  updatedData?: ValueRangeJson;
}

/** Cells actually touched, for the union-based totals of values:batchUpdate. */
export interface Touched {
  sheetId: number;
  rows: Set<number>;
  cols: Set<number>;
  cells: number;
}

function transpose<T>(rows: T[][], empty: T): T[][] {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const out: T[][] = [];
  for (let c = 0; c < width; c += 1) out.push(rows.map((r) => (c < r.length ? (r[c] as T) : empty)));
  return out;
}

/**
 * A range as reads and clears see it: one that starts outside the grid is refused like Google
 * does; one that only overhangs it is clipped (e.g. "A1:ZZ1" on a 26-column tab).
 */
export function resolveClipped(wb: Workbook, text: string): { sheet: ReturnType<Workbook['resolve']>['sheet']; clipped: Rect } {
  const { sheet, range } = wb.resolve(text);
  const rect = toRect(range, sheet);
  if (rect.r0 >= sheet.rowCount || rect.c0 >= sheet.columnCount) throw wb.gridLimitError(sheet, range);
  return { sheet, clipped: { ...rect, r1: Math.min(rect.r1, sheet.rowCount - 1), c1: Math.min(rect.c1, sheet.columnCount - 1) } };
}

export function readValueRange(
  wb: Workbook,
  text: string,
  render: RenderOptions,
  major: Dimension = 'ROWS',
): ValueRangeJson {
  const { sheet, clipped } = resolveClipped(wb, text);
  let values = wb.readRect(sheet, clipped, render);
  if (major === 'COLUMNS') {
    values = transpose<CellValue>(values, '').map((col) => {
      let end = col.length;
      while (end > 0 && col[end - 1] === '') end -= 1;
      return col.slice(0, end);
    });
    let end = values.length;
    while (end > 0 && (values[end - 1] ?? []).length === 0) end -= 1;
    values.length = end;
  }
  const out: ValueRangeJson = { range: formatRect(sheet.title, clipped), majorDimension: major };
  if (values.length > 0) out.values = values;
  return out;
}

/** Decodes ValueRange.values into row-major cell writes; `at` prefixes error locations. */
export function decodeValues(raw: unknown, major: Dimension, option: ValueInputOption, at: string, order: DateOrder = 'MDY'): CellWrite[][] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidArgument(`Invalid JSON payload received. Invalid value at '${at}values'.`);
  const rows = raw.map((row: unknown, i) => {
    if (row === null) return [];
    if (!Array.isArray(row)) {
      throw invalidArgument(`Invalid JSON payload received. Invalid value at '${at}values[${i}]' (type.googleapis.com/google.protobuf.ListValue).`);
    }
    return row.map((v: unknown, j) => inputToCell(v, option, `${at}values[${i}][${j}]`, order));
  });
  return major === 'COLUMNS' ? transpose<CellWrite>(rows, undefined) : rows;
}

export interface ParsedValueRange {
  range?: string;
  major: Dimension;
  rawValues: unknown;
}

export function parseValueRangeBody(body: unknown, at: string): ParsedValueRange {
  const obj = checkKeys(body, ['range', 'majorDimension', 'values'], at || undefined);
  const major = enumValue(obj['majorDimension'], `${at}major_dimension`, 'Dimension', DIMENSIONS) ?? 'ROWS';
  const range = obj['range'];
  if (range !== undefined && typeof range !== 'string') throw invalidArgument(`Invalid value at '${at}range'`);
  return { range, major, rawValues: obj['values'] };
}

function applyCells(wb: Workbook, sheet: SheetState, r0: number, c0: number, cells: CellWrite[][]): Touched {
  const touched: Touched = { sheetId: sheet.sheetId, rows: new Set(), cols: new Set(), cells: 0 };
  cells.forEach((row, i) => {
    row.forEach((cell, j) => {
      if (cell === undefined) return;
      wb.setCell(sheet, r0 + i, c0 + j, cell);
      touched.rows.add(r0 + i);
      touched.cols.add(c0 + j);
      touched.cells += 1;
    });
  });
  return touched;
}

function dataRect(r0: number, c0: number, cells: CellWrite[][]): Rect {
  const height = Math.max(cells.length, 1);
  const width = Math.max(1, cells.reduce((w, r) => Math.max(w, r.length), 0));
  return { r0, c0, r1: r0 + height - 1, c1: c0 + width - 1 };
}

function resultOf(wb: Workbook, sheet: SheetState, rect: Rect, touched: Touched): UpdateResult {
  const out: UpdateResult = { spreadsheetId: wb.state.spreadsheetId, updatedRange: formatRect(sheet.title, rect) };
  // proto3 JSON leaves zero counters out, and so does Google.
  if (touched.rows.size) out.updatedRows = touched.rows.size;
  if (touched.cols.size) out.updatedColumns = touched.cols.size;
  if (touched.cells) out.updatedCells = touched.cells;
  return out;
}

/**
 * values.update semantics: the range's top-left anchors the data; a closed range bounds it; the
 * grid does NOT grow (Google answers "exceeds grid limits"; only append adds rows).
 */
export function writeValues(
  wb: Workbook,
  text: string,
  cells: CellWrite[][],
  dryRun = false,
): { result: UpdateResult; touched: Touched } | undefined {
  const { sheet, range } = wb.resolve(text);
  const rect = toRect(range, sheet);
  const area = dataRect(rect.r0, rect.c0, cells);
  const closed = closedSides(range);
  const requested = formatRequested(sheet.title, range);
  if (closed.rows && cells.length > 0 && area.r1 > rect.r1) {
    throw invalidArgument(`Requested writing within range [${requested}], but tried writing to row [${rect.r1 + 2}]`);
  }
  if (closed.cols && cells.some((r) => r.length > 0) && area.c1 > rect.c1) {
    throw invalidArgument(
      `Requested writing within range [${requested}], but tried writing to column [${colToLetters(rect.c1 + 1)}]`,
    );
  }
  if (area.r0 >= sheet.rowCount || area.c0 >= sheet.columnCount || area.r1 >= sheet.rowCount || area.c1 >= sheet.columnCount) {
    throw wb.gridLimitError(sheet, range);
  }
  if (dryRun) return undefined;
  const touched = applyCells(wb, sheet, area.r0, area.c0, cells);
  return { result: resultOf(wb, sheet, area, touched), touched };
}

export interface AppendResult {
  spreadsheetId: string;
  tableRange?: string;
  updates: UpdateResult;
}

/**
 * values.append: find the table under the range (from its first row down to the last non-empty
 * row within its columns, gaps included) and write below it, starting at the table's leftmost
 * used column — which is why callers should anchor at column A. Append grows the grid.
 */
export function appendValues(
  wb: Workbook,
  text: string,
  cells: CellWrite[][],
  insertRows: boolean,
): { result: AppendResult; touched: Touched } {
  const { sheet, range } = wb.resolve(text);
  const rect = toRect(range, sheet);
  const closed = closedSides(range);
  const singleCell = range.start !== undefined && range.end === undefined;
  const winC0 = rect.c0;
  const winC1 = closed.cols && !singleCell ? rect.c1 : Number.MAX_SAFE_INTEGER;
  const last = wb.lastDataRow(sheet, winC0, winC1, rect.r0);
  let targetRow = rect.r0;
  let startCol = rect.c0;
  let tableRange: string | undefined;
  if (last >= 0) {
    const first = wb.firstDataRow(sheet, winC0, winC1, rect.r0);
    const c0 = wb.firstDataCol(sheet, first, last, winC0, winC1);
    const c1 = Math.min(wb.lastDataCol(sheet, first, last, winC0), winC1);
    tableRange = formatRect(sheet.title, { r0: first, c0, r1: last, c1 });
    targetRow = last + 1;
    startCol = c0;
  }
  const area = dataRect(targetRow, startCol, cells);
  const inserted = insertRows ? cells.length : 0;
  // Everything that can fail is checked before the first mutation, so no copy is needed.
  wb.checkGrowth(sheet, Math.max(sheet.rowCount + inserted, area.r1 + 1), area.c1 + 1);
  if (inserted > 0) wb.insertRows(sheet, targetRow, inserted);
  wb.ensureGrid(sheet, area.r1 + 1, area.c1 + 1);
  const touched = applyCells(wb, sheet, area.r0, area.c0, cells);
  const updates = resultOf(wb, sheet, area, touched);
  const result: AppendResult = tableRange
    ? { spreadsheetId: wb.state.spreadsheetId, tableRange, updates }
    : { spreadsheetId: wb.state.spreadsheetId, updates };
  return { result, touched };
}

/** values.clear: clips like a read; the cleared range comes back clipped. */
export function clearValues(wb: Workbook, text: string, dryRun = false): string {
  const { sheet, clipped } = resolveClipped(wb, text);
  if (dryRun) return formatRect(sheet.title, clipped);
  const lastRow = Math.min(clipped.r1, sheet.rows.length - 1);
  for (let r = clipped.r0; r <= lastRow; r += 1) {
    const row = sheet.rows[r];
    if (!row) continue;
    const lastCol = Math.min(clipped.c1, row.length - 1);
    for (let c = clipped.c0; c <= lastCol; c += 1) row[c] = null;
  }
  return formatRect(sheet.title, clipped);
}
