import type { Cell } from './cell-codec.ts';
import { evaluateFormula } from './formula.ts';
import { checkKeys, enumValue, isObject } from './params.ts';
import { dimensionRange, gridLimitFail, gridRange, int, sheetOf, type Fail, type GridBox, type Handler } from './request-args.ts';
import type { SheetState, Workbook } from './workbook.ts';

/**
 * The batchUpdate requests an admin's everyday edits turn into: copy/paste, dragging rows or
 * columns (moveDimension) and "Sort range". Semantics follow Google's reference for
 * CopyPasteRequest, CutPasteRequest, MoveDimensionRequest and SortRangeRequest; where the reference is silent the
 * choice is named in a comment as a guess.
 *
 * Data validation rules stay where they are (the stand-in stores them as rectangles and nothing
 * reads them back), and formula text is moved verbatim: Google would shift relative references
 * on a paste, the stand-in's formulas have no cell references to shift.
 */

const PASTE_TYPES = [
  'PASTE_NORMAL',
  'PASTE_VALUES',
  'PASTE_FORMAT',
  'PASTE_NO_BORDERS',
  'PASTE_FORMULA',
  'PASTE_DATA_VALIDATION',
  'PASTE_CONDITIONAL_FORMATTING',
] as const;
type PasteType = (typeof PASTE_TYPES)[number];
const ORIENTATIONS = ['NORMAL', 'TRANSPOSE'] as const;
const SORT_ORDERS = ['SORT_ORDER_UNSPECIFIED', 'ASCENDING', 'DESCENDING'] as const;

/** What a pasted cell becomes; undefined = this paste type touches only what the stand-in does not store. */
function pasteTransform(type: PasteType): ((cell: Cell | null) => Cell | null) | undefined {
  switch (type) {
    case 'PASTE_NORMAL':
    case 'PASTE_NO_BORDERS':
      // The whole cell as stored: value, formula, and the display text/date flag that stand for its format.
      return (cell) => (cell ? structuredClone(cell) : null);
    case 'PASTE_VALUES':
      // Values only: formulas become their result, the source's number/date format is not carried.
      return (cell) => (cell ? { v: cell.f ? evaluateFormula(String(cell.v)) : cell.v } : null);
    case 'PASTE_FORMULA':
      return (cell) => (cell ? (cell.f ? { v: cell.v, f: true } : { v: cell.v }) : null);
    default:
      return undefined;
  }
}

/**
 * Google: a destination spanning a multiple of the source repeats it; any other destination gets
 * the source once, from its top-left corner, even past the destination's end.
 */
function pasteSpan(sourceSpan: number, destSpan: number): number {
  return destSpan >= sourceSpan && destSpan % sourceSpan === 0 ? destSpan : sourceSpan;
}

function copyPaste(wb: Workbook, req: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const body = checkKeys(req, ['source', 'destination', 'pasteType', 'pasteOrientation']);
  const src = gridRange(wb, body['source'], fail);
  const dst = gridRange(wb, body['destination'], fail);
  const type = enumValue(body['pasteType'], 'requests.copyPaste.paste_type', 'PasteType', PASTE_TYPES) ?? 'PASTE_NORMAL';
  const orientation = enumValue(body['pasteOrientation'], 'requests.copyPaste.paste_orientation', 'PasteOrientation', ORIENTATIONS) ?? 'NORMAL';
  const transform = pasteTransform(type);
  if (!transform) {
    throw fail(`pasteType ${type} is not supported by the local Sheets stand-in (it stores no formats, validation or conditional formats to paste); use PASTE_NORMAL or PASTE_VALUES`);
  }
  const transpose = orientation === 'TRANSPOSE';
  // Read the whole source first: source and destination may overlap.
  const block: Array<Array<Cell | null>> = [];
  for (let r = src.r0; r < src.r1; r += 1) {
    const row: Array<Cell | null> = [];
    for (let c = src.c0; c < src.c1; c += 1) row.push(transform(wb.getCell(src.sheet, r, c)));
    block.push(row);
  }
  const height = transpose ? src.c1 - src.c0 : src.r1 - src.r0;
  const width = transpose ? src.r1 - src.r0 : src.c1 - src.c0;
  if (height === 0 || width === 0) return {};
  const rows = pasteSpan(height, dst.r1 - dst.r0);
  const cols = pasteSpan(width, dst.c1 - dst.c0);
  if (dst.r0 + rows > dst.sheet.rowCount || dst.c0 + cols > dst.sheet.columnCount) {
    throw gridLimitFail(dst.sheet, dst.r0, dst.r0 + rows, dst.c0, dst.c0 + cols, fail);
  }
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < cols; j += 1) {
      const a = i % height;
      const b = j % width;
      const cell = transpose ? block[b]?.[a] : block[a]?.[b];
      wb.setCell(dst.sheet, dst.r0 + i, dst.c0 + j, cell ? structuredClone(cell) : null);
    }
  }
  return {};
}

/** An admin's cut and paste: the source block lands at one coordinate and the source is emptied. */
function cutPaste(wb: Workbook, req: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const body = checkKeys(req, ['source', 'destination', 'pasteType']);
  const src = gridRange(wb, body['source'], fail);
  const at = checkKeys(body['destination'], ['sheetId', 'rowIndex', 'columnIndex'], 'destination');
  const dstSheet = sheetOf(wb, at['sheetId'], fail);
  const r0 = int(at['rowIndex'], 0, fail, 'destination.rowIndex');
  const c0 = int(at['columnIndex'], 0, fail, 'destination.columnIndex');
  const type = enumValue(body['pasteType'], 'requests.cut_paste.paste_type', 'PasteType', PASTE_TYPES) ?? 'PASTE_NORMAL';
  const transform = pasteTransform(type);
  if (!transform) throw fail(`pasteType ${type} is not supported by the local Sheets stand-in; use PASTE_NORMAL or PASTE_VALUES`);
  const height = src.r1 - src.r0;
  const width = src.c1 - src.c0;
  if (r0 < 0 || c0 < 0 || r0 + height > dstSheet.rowCount || c0 + width > dstSheet.columnCount) {
    throw gridLimitFail(dstSheet, r0, r0 + height, c0, c0 + width, fail);
  }
  const block: Array<Array<Cell | null>> = [];
  for (let r = src.r0; r < src.r1; r += 1) {
    const row: Array<Cell | null> = [];
    for (let c = src.c0; c < src.c1; c += 1) {
      row.push(transform(wb.getCell(src.sheet, r, c)));
      wb.setCell(src.sheet, r, c, null);
    }
    block.push(row);
  }
  block.forEach((row, i) => row.forEach((cell, j) => wb.setCell(dstSheet, r0 + i, c0 + j, cell)));
  return {};
}

/** Moves items [start, end) of a sparse list so the first lands at `at` (an index after removal). */
function moveSlice<T>(list: Array<T | null | undefined>, start: number, end: number, at: number): void {
  while (list.length < Math.max(end, at + (end - start))) list.push(null);
  const moved = list.splice(start, end - start);
  list.splice(at, 0, ...moved);
}

function moveDimension(wb: Workbook, req: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const body = checkKeys(req, ['source', 'destinationIndex']);
  const { sheet, dimension, start, end } = dimensionRange(wb, body['source'], fail, 'source');
  const rows = dimension === 'ROWS';
  const count = rows ? sheet.rowCount : sheet.columnCount;
  if (end > count) {
    throw gridLimitFail(sheet, rows ? start : 0, rows ? end : 1, rows ? 0 : start, rows ? 1 : end, fail);
  }
  // proto3 JSON drops a zero, so an absent destinationIndex means "to the front".
  const dest = int(body['destinationIndex'], 0, fail, 'destinationIndex');
  if (dest < 0 || dest > count) {
    // Guess: the reference only says the index is counted before the source is removed.
    throw fail(`destinationIndex[${dest}] is outside the grid (0 to ${count})`);
  }
  // Google: the index is where the data goes *before* the source is taken out, so moving a
  // column from A to "index 4" puts it at D. A destination inside the source moves nothing.
  if (dest >= start && dest <= end) return {};
  const at = dest > end ? dest - (end - start) : dest;
  if (rows) moveSlice(sheet.rows, start, end, at);
  else for (const row of sheet.rows) if (row) moveSlice(row, start, end, at);
  return {};
}

/** Google's ascending order: numbers (dates are numbers), then text, then booleans; blanks always last. */
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: false });

function sortKey(cell: Cell | null): { rank: number; value: number | string | boolean } | undefined {
  if (!cell) return undefined;
  const value = cell.f ? evaluateFormula(String(cell.v)) : cell.v;
  if (value === '') return undefined;
  if (typeof value === 'number') return { rank: 0, value };
  if (typeof value === 'string') return { rank: 1, value };
  return { rank: 2, value };
}

function compareKeys(a: ReturnType<typeof sortKey>, b: ReturnType<typeof sortKey>, descending: boolean): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1); // blanks last in both orders
  let order: number;
  if (a.rank !== b.rank) order = a.rank - b.rank;
  else if (a.rank === 1) order = collator.compare(String(a.value), String(b.value));
  else order = Number(a.value) - Number(b.value);
  return descending ? -order : order;
}

interface SortSpec {
  column: number;
  descending: boolean;
}

function sortSpecs(raw: unknown, box: GridBox, fail: Fail): SortSpec[] {
  if (!Array.isArray(raw) || raw.length === 0) throw fail('sortSpecs must list at least one column to sort by');
  return raw.map((entry: unknown, i) => {
    const spec = checkKeys(entry, [
      'dimensionIndex', 'sortOrder', 'foregroundColor', 'foregroundColorStyle', 'backgroundColor', 'backgroundColorStyle', 'dataSourceColumnReference',
    ], `sortSpecs[${i}]`);
    for (const key of ['foregroundColor', 'foregroundColorStyle', 'backgroundColor', 'backgroundColorStyle', 'dataSourceColumnReference']) {
      if (spec[key] !== undefined) throw fail(`sortSpecs[${i}].${key} is not supported by the local Sheets stand-in (it sorts by value only)`);
    }
    // dimensionIndex is a sheet column index, not an offset into the range; absent = 0 (proto3).
    const column = int(spec['dimensionIndex'], 0, fail, `sortSpecs[${i}].dimensionIndex`);
    if (column < box.c0 || column >= box.c1) {
      throw fail(`sortSpecs[${i}].dimensionIndex ${column} is outside the sorted range (columns ${box.c0} to ${box.c1 - 1})`);
    }
    // Guess: an unspecified order sorts ascending, like the Sheets UI's default.
    const order = enumValue(spec['sortOrder'], `requests.sort_range.sort_specs[${i}].sort_order`, 'SortOrder', SORT_ORDERS);
    return { column, descending: order === 'DESCENDING' };
  });
}

function sortRange(wb: Workbook, req: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const body = checkKeys(req, ['range', 'sortSpecs']);
  if (!isObject(body['range'])) throw fail('range must be specified');
  const box = gridRange(wb, body['range'], fail);
  const specs = sortSpecs(body['sortSpecs'], box, fail);
  const sheet: SheetState = box.sheet;
  // Only the range's own cells move: columns outside it keep their rows (Google's behaviour too).
  const lastRow = Math.min(box.r1, sheet.rows.length);
  const lines: Array<Array<Cell | null>> = [];
  for (let r = box.r0; r < lastRow; r += 1) {
    const line: Array<Cell | null> = [];
    for (let c = box.c0; c < box.c1; c += 1) line.push(wb.getCell(sheet, r, c));
    lines.push(line);
  }
  const keyed = lines.map((line, index) => ({ line, index, keys: specs.map((s) => sortKey(line[s.column - box.c0] ?? null)) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < specs.length; k += 1) {
      const order = compareKeys(a.keys[k], b.keys[k], specs[k]?.descending === true);
      if (order !== 0) return order;
    }
    return a.index - b.index; // stable: equal rows keep their order
  });
  keyed.forEach(({ line }, i) => {
    line.forEach((cell, j) => wb.setCell(sheet, box.r0 + i, box.c0 + j, cell));
  });
  return {};
}

export const rearrangeHandlers: Record<string, Handler> = { copyPaste, cutPaste, moveDimension, sortRange };
