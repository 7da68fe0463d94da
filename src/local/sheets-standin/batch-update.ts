import { formatRect } from './a1-range.ts';
import type { Cell } from './cell-codec.ts';
import type { RequestContext } from './context.ts';
import { ApiError, invalidArgument } from './errors.ts';
import { checkKeys, checkQuery, enumValue, isObject } from './params.ts';
import { rearrangeHandlers } from './rearrange-requests.ts';
import { DIMENSION, dimensionRange, gridRange, int, sheetOf, type Handler, type Reply } from './request-args.ts';
import { tabHandlers, titleTaken } from './tab-requests.ts';
import { responseGridData } from './grid-data.ts';
import { spreadsheetJson } from './spreadsheet-routes.ts';
import { DEFAULT_COLUMNS, DEFAULT_ROWS, newSheet, sheetProperties, type SheetState, type Workbook } from './workbook.ts';

/**
 * spreadsheets.batchUpdate. Every request runs against a clone; the clone replaces the live
 * workbook only when all of them succeed, which is the all-or-nothing contract Google documents.
 */


/** Formatting-only requests: accepted so setup code runs, but they change nothing we store. */
const COSMETIC = new Set([
  'autoResizeDimensions',
  'updateDimensionProperties',
  'updateBorders',
  'mergeCells',
  'unmergeCells',
  'addConditionalFormatRule',
  'setBasicFilter',
  'clearBasicFilter',
]);

/** Real request kinds we do not emulate: refused with a message that says so, not "unknown name". */
const GOOGLE_REQUEST_KINDS = new Set(
  (
    'addBanding addChart addDataSource addDimensionGroup addFilterView addNamedRange addProtectedRange addSlicer ' +
    'addTable autoFill cancelDataSourceRefresh createDeveloperMetadata deleteBanding ' +
    'deleteConditionalFormatRule deleteDataSource deleteDeveloperMetadata deleteDimensionGroup deleteDuplicates ' +
    'deleteEmbeddedObject deleteFilterView deleteNamedRange deleteProtectedRange deleteRange deleteTable ' +
    'duplicateFilterView findReplace insertRange pasteData randomizeRange ' +
    'refreshDataSource textToColumns trimWhitespace updateBanding updateChartSpec ' +
    'updateConditionalFormatRule updateDataSource updateDeveloperMetadata updateDimensionGroup ' +
    'updateEmbeddedObjectBorder updateEmbeddedObjectPosition updateFilterView updateNamedRange ' +
    'updateProtectedRange updateSlicerSpec updateTable'
  ).split(' '),
);

/** ExtendedValue -> stored cell. stringValue is kept verbatim even when it starts with '='. */
function extendedValue(raw: unknown, fail: (m: string) => ApiError): Cell | null {
  const ev = checkKeys(raw, ['stringValue', 'numberValue', 'boolValue', 'formulaValue', 'errorValue']);
  const keys = Object.keys(ev).filter((k) => ev[k] !== undefined && ev[k] !== null);
  if (keys.length === 0) return null;
  if (keys.length > 1) throw fail(`Only one of stringValue, numberValue, boolValue, formulaValue may be set`);
  const key = keys[0];
  const v = key === undefined ? undefined : ev[key];
  switch (key) {
    case 'stringValue':
      if (typeof v !== 'string') throw fail('stringValue must be a string');
      return v === '' ? null : { v };
    case 'numberValue':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail('numberValue must be a number');
      return { v };
    case 'boolValue':
      if (typeof v !== 'boolean') throw fail('boolValue must be a boolean');
      return { v };
    case 'formulaValue':
      if (typeof v !== 'string') throw fail('formulaValue must be a string');
      return { v: v.startsWith('=') ? v : `=${v}`, f: true };
    default:
      throw fail('errorValue cannot be written');
  }
}

const CELL_DATA_KEYS = [
  'userEnteredValue',
  'userEnteredFormat',
  'effectiveValue',
  'formattedValue',
  'effectiveFormat',
  'hyperlink',
  'note',
  'textFormatRuns',
  'dataValidation',
  'pivotTable',
  'dataSourceTable',
  'dataSourceFormula',
];

/** Whether a `fields` mask covers the stored value. Google refuses an empty mask outright. */
function writesValue(fields: unknown, fail: (m: string) => ApiError): boolean {
  if (typeof fields !== 'string' || fields.trim() === '') {
    throw fail("At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
  }
  return fields.split(',').some((f) => {
    const head = f.trim().split('.')[0];
    return head === '*' || head === 'userEnteredValue';
  });
}

/** rows[i].values[j] -> cell writes; undefined = cell not mentioned (left alone unless a range clears it). */
function decodeRows(raw: unknown, fail: (m: string) => ApiError): Array<Array<Cell | null>> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw fail('rows must be a list');
  return raw.map((row: unknown, i) => {
    const r = checkKeys(row, ['values'], `rows[${i}]`);
    const values = r['values'] ?? [];
    if (!Array.isArray(values)) throw fail(`rows[${i}].values must be a list`);
    return values.map((cell: unknown, j) => {
      const c = checkKeys(cell, CELL_DATA_KEYS, `rows[${i}].values[${j}]`);
      return extendedValue(c['userEnteredValue'], fail);
    });
  });
}

function writeRows(
  wb: Workbook,
  sheet: SheetState,
  r0: number,
  c0: number,
  rows: Array<Array<Cell | null>>,
  lastRow: number,
  lastCol: number,
  fail: (m: string) => ApiError,
): void {
  rows.forEach((row, i) => {
    row.forEach((cell, j) => {
      const r = r0 + i;
      const c = c0 + j;
      if (r > lastRow) throw fail(`Attempting to write row: ${r}, beyond the last requested row of: ${lastRow}`);
      if (c > lastCol) throw fail(`Attempting to write column: ${c}, beyond the last requested column of: ${lastCol}`);
      wb.setCell(sheet, r, c, cell);
    });
  });
}

const ownHandlers: Record<string, Handler> = {
  addSheet(wb, req, fail, settings) {
    const body = checkKeys(req, ['properties']);
    const props = checkKeys(body['properties'], [
      'sheetId', 'title', 'index', 'sheetType', 'gridProperties', 'hidden', 'tabColor', 'tabColorStyle', 'rightToLeft',
    ]);
    const grid = checkKeys(props['gridProperties'], [
      'rowCount', 'columnCount', 'frozenRowCount', 'frozenColumnCount', 'hideGridlines', 'rowGroupControlAfter', 'columnGroupControlAfter',
    ]);
    let title = props['title'];
    if (title === undefined) {
      let n = wb.sheets.length + 1;
      while (wb.sheetByTitle(`Sheet${n}`)) n += 1;
      title = `Sheet${n}`;
    }
    if (typeof title !== 'string' || title.trim() === '') throw fail('Sheet title must not be empty');
    const explicitId = props['sheetId'] !== undefined && props['sheetId'] !== null;
    const id = explicitId ? int(props['sheetId'], 0, fail, 'sheetId') : wb.newSheetId(title);
    if (id < 0) throw fail('sheetId must be non-negative');
    // Google documents neither the wording for a taken sheetId nor which clash it reports first
    // when both are taken; the wording below is a guess and the order is a setting.
    const checks = [
      () => {
        if (wb.sheetByTitle(title)) throw fail(titleTaken(title));
      },
      () => {
        if (explicitId && wb.sheetById(id)) throw fail(`A sheet with the id "${id}" already exists. Please enter another id.`);
      },
    ];
    if (settings.addSheetConflictFirst === 'sheetId') checks.reverse();
    for (const check of checks) check();
    const rows = int(grid['rowCount'], DEFAULT_ROWS, fail, 'rowCount');
    const cols = int(grid['columnCount'], DEFAULT_COLUMNS, fail, 'columnCount');
    if (rows < 1 || cols < 1) throw fail('gridProperties rowCount and columnCount must be positive');
    const sheet = newSheet(id, title, 1, 1);
    const index = Math.min(int(props['index'], wb.sheets.length, fail, 'index'), wb.sheets.length);
    wb.sheets.splice(Math.max(0, index), 0, sheet);
    wb.ensureGrid(sheet, rows, cols);
    sheet.frozenRowCount = int(grid['frozenRowCount'], 0, fail, 'frozenRowCount');
    sheet.frozenColumnCount = int(grid['frozenColumnCount'], 0, fail, 'frozenColumnCount');
    sheet.hidden = props['hidden'] === true;
    return { addSheet: { properties: sheetProperties(wb, sheet) } };
  },

  deleteSheet(wb, req, fail) {
    const body = checkKeys(req, ['sheetId']);
    const sheet = sheetOf(wb, body['sheetId'], fail);
    if (wb.sheets.length === 1) throw fail("You can't remove all the sheets in a document.");
    wb.sheets.splice(wb.indexOf(sheet), 1);
    return {};
  },

  appendCells(wb, req, fail) {
    const body = checkKeys(req, ['sheetId', 'rows', 'fields']);
    const sheet = sheetOf(wb, body['sheetId'], fail);
    const values = writesValue(body['fields'], fail);
    const rows = decodeRows(body['rows'], fail);
    const start = wb.lastDataRow(sheet) + 1;
    // appendCells inserts rows when the sheet is full; columns never grow.
    wb.ensureGrid(sheet, start + rows.length, 0);
    if (values) writeRows(wb, sheet, start, 0, rows, sheet.rowCount - 1, sheet.columnCount - 1, fail);
    return {};
  },

  updateCells(wb, req, fail) {
    const body = checkKeys(req, ['rows', 'fields', 'start', 'range']);
    const values = writesValue(body['fields'], fail);
    const rows = decodeRows(body['rows'], fail);
    if ((body['start'] === undefined) === (body['range'] === undefined)) {
      throw fail('Exactly one of start or range must be specified');
    }
    if (body['start'] !== undefined) {
      const s = checkKeys(body['start'], ['sheetId', 'rowIndex', 'columnIndex'], 'start');
      const sheet = sheetOf(wb, s['sheetId'], fail);
      const r0 = int(s['rowIndex'], 0, fail, 'rowIndex');
      const c0 = int(s['columnIndex'], 0, fail, 'columnIndex');
      if (r0 >= sheet.rowCount) throw fail(`GridCoordinate.rowIndex[${r0}] is after last row in grid[${sheet.rowCount - 1}]`);
      if (c0 >= sheet.columnCount) {
        throw fail(`GridCoordinate.columnIndex[${c0}] is after last column in grid[${sheet.columnCount - 1}]`);
      }
      if (values) writeRows(wb, sheet, r0, c0, rows, sheet.rowCount - 1, sheet.columnCount - 1, fail);
      return {};
    }
    const box = gridRange(wb, body['range'], fail);
    if (!values) return {};
    // With a range, cells the rows do not mention are cleared (for the masked fields).
    for (let r = box.r0; r < box.r1; r += 1) for (let c = box.c0; c < box.c1; c += 1) wb.setCell(box.sheet, r, c, null);
    writeRows(wb, box.sheet, box.r0, box.c0, rows, box.r1 - 1, box.c1 - 1, fail);
    return {};
  },

  repeatCell(wb, req, fail) {
    const body = checkKeys(req, ['range', 'cell', 'fields']);
    const box = gridRange(wb, body['range'], fail);
    if (!writesValue(body['fields'], fail)) return {};
    const cell = checkKeys(body['cell'], CELL_DATA_KEYS, 'cell');
    const value = extendedValue(cell['userEnteredValue'], fail);
    for (let r = box.r0; r < box.r1; r += 1) {
      for (let c = box.c0; c < box.c1; c += 1) wb.setCell(box.sheet, r, c, value ? { ...value } : null);
    }
    return {};
  },

  updateSheetProperties(wb, req, fail) {
    const body = checkKeys(req, ['properties', 'fields']);
    const props = checkKeys(body['properties'], [
      'sheetId', 'title', 'index', 'sheetType', 'gridProperties', 'hidden', 'tabColor', 'tabColorStyle', 'rightToLeft',
    ]);
    const fields = body['fields'];
    if (typeof fields !== 'string' || fields.trim() === '') {
      throw fail("At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
    }
    const sheet = sheetOf(wb, props['sheetId'], fail);
    const grid = checkKeys(props['gridProperties'], [
      'rowCount', 'columnCount', 'frozenRowCount', 'frozenColumnCount', 'hideGridlines', 'rowGroupControlAfter', 'columnGroupControlAfter',
    ]);
    const paths = fields.split(',').map((f) => f.trim());
    const has = (path: string) =>
      paths.some((p) => p === '*' || p === path || path.startsWith(`${p}.`));
    if (has('title') && props['title'] !== undefined) {
      const title = props['title'];
      if (typeof title !== 'string' || title.trim() === '') throw fail('Sheet title must not be empty');
      const clash = wb.sheetByTitle(title);
      if (clash && clash !== sheet) throw fail(titleTaken(title));
      sheet.title = title;
    }
    if (has('index') && props['index'] !== undefined) {
      const index = Math.max(0, Math.min(int(props['index'], 0, fail, 'index'), wb.sheets.length - 1));
      wb.sheets.splice(wb.indexOf(sheet), 1);
      wb.sheets.splice(index, 0, sheet);
    }
    if (has('hidden')) sheet.hidden = props['hidden'] === true;
    if (has('gridProperties.rowCount') && grid['rowCount'] !== undefined) {
      const n = int(grid['rowCount'], sheet.rowCount, fail, 'rowCount');
      if (n < 1) throw fail('rowCount must be positive');
      if (n < sheet.rowCount) wb.deleteRows(sheet, n, sheet.rowCount);
      else wb.ensureGrid(sheet, n, 0);
    }
    if (has('gridProperties.columnCount') && grid['columnCount'] !== undefined) {
      const n = int(grid['columnCount'], sheet.columnCount, fail, 'columnCount');
      if (n < 1) throw fail('columnCount must be positive');
      if (n < sheet.columnCount) wb.deleteColumns(sheet, n, sheet.columnCount);
      else wb.ensureGrid(sheet, 0, n);
    }
    if (has('gridProperties.frozenRowCount')) {
      sheet.frozenRowCount = int(grid['frozenRowCount'], 0, fail, 'frozenRowCount');
    }
    if (has('gridProperties.frozenColumnCount')) {
      sheet.frozenColumnCount = int(grid['frozenColumnCount'], 0, fail, 'frozenColumnCount');
    }
    return {};
  },

  setDataValidation(wb, req, fail) {
    const body = checkKeys(req, ['range', 'rule', 'filteredRowsIncluded']);
    const box = gridRange(wb, body['range'], fail);
    const covered = (v: { startRowIndex: number; endRowIndex: number; startColumnIndex: number; endColumnIndex: number }) =>
      v.startRowIndex >= box.r0 && v.endRowIndex <= box.r1 && v.startColumnIndex >= box.c0 && v.endColumnIndex <= box.c1;
    box.sheet.validations = box.sheet.validations.filter((v) => !covered(v));
    if (body['rule'] !== undefined && body['rule'] !== null) {
      box.sheet.validations.push({
        startRowIndex: box.r0,
        endRowIndex: box.r1,
        startColumnIndex: box.c0,
        endColumnIndex: box.c1,
        rule: structuredClone(body['rule']),
      });
    }
    return {};
  },

  insertDimension(wb, req, fail) {
    const body = checkKeys(req, ['range', 'inheritFromBefore']);
    const { sheet, dimension, start, end } = dimensionRange(wb, body['range'], fail);
    const count = dimension === 'ROWS' ? sheet.rowCount : sheet.columnCount;
    if (start > count) throw fail(`range.startIndex[${start}] is after last ${dimension === 'ROWS' ? 'row' : 'column'} in grid[${count - 1}]`);
    if (body['inheritFromBefore'] === true && start === 0) throw fail('Cannot inherit from before when inserting at index 0');
    if (dimension === 'ROWS') wb.insertRows(sheet, start, end - start);
    else wb.insertColumns(sheet, start, end - start);
    return {};
  },

  deleteDimension(wb, req, fail) {
    const body = checkKeys(req, ['range']);
    const { sheet, dimension, start, end } = dimensionRange(wb, body['range'], fail);
    const rows = dimension === 'ROWS';
    const count = rows ? sheet.rowCount : sheet.columnCount;
    if (end > count) {
      throw fail(`Range (${formatRect(sheet.title, rows ? { r0: start, c0: 0, r1: end - 1, c1: 0 } : { r0: 0, c0: start, r1: 0, c1: end - 1 })}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`);
    }
    if (start === 0 && end === count) {
      throw fail(`You can't delete all the ${rows ? 'rows' : 'columns'} on the sheet.`);
    }
    if (rows) wb.deleteRows(sheet, start, end);
    else wb.deleteColumns(sheet, start, end);
    return {};
  },

  appendDimension(wb, req, fail) {
    const body = checkKeys(req, ['sheetId', 'dimension', 'length']);
    const sheet = sheetOf(wb, body['sheetId'], fail);
    const dimension = enumValue(body['dimension'], 'dimension', 'Dimension', DIMENSION);
    if (!dimension) throw fail('dimension must be specified');
    const length = int(body['length'], 0, fail, 'length');
    if (length < 1) throw fail('length must be positive');
    if (dimension === 'ROWS') wb.ensureGrid(sheet, sheet.rowCount + length, 0);
    else wb.ensureGrid(sheet, 0, sheet.columnCount + length);
    return {};
  },
};

const handlers: Record<string, Handler> = { ...ownHandlers, ...rearrangeHandlers, ...tabHandlers };

function cosmetic(wb: Workbook, req: Record<string, unknown>, fail: (m: string) => ApiError): Reply {
  for (const key of ['range', 'dimensions']) {
    const sub = req[key];
    if (isObject(sub)) sheetOf(wb, sub['sheetId'], fail);
  }
  return {};
}

export function spreadsheetBatchUpdate(ctx: RequestContext): unknown {
  checkQuery(ctx.query, []);
  const body = checkKeys(ctx.body, ['requests', 'includeSpreadsheetInResponse', 'responseRanges', 'responseIncludeGridData']);
  const requests = body['requests'];
  if (requests !== undefined && !Array.isArray(requests)) {
    throw invalidArgument("Invalid JSON payload received. Invalid value at 'requests'.");
  }
  if (!requests || requests.length === 0) throw invalidArgument('Must specify at least one request.');

  const next = ctx.wb.clone();
  const replies = requests.map((raw: unknown, i): Reply => {
    if (!isObject(raw)) throw invalidArgument(`Invalid JSON payload received. Invalid value at 'requests[${i}]'.`);
    const kinds = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
    const [kind, second] = kinds;
    if (kind === undefined) throw invalidArgument(`Invalid requests[${i}]: No request set.`);
    if (second !== undefined) {
      throw invalidArgument(
        `Invalid value at 'requests[${i}]' (oneof), oneof field 'kind' is already set. Cannot set '${second}'`,
      );
    }
    const fail = (msg: string) => invalidArgument(`Invalid requests[${i}].${kind}: ${msg}`);
    const sub = raw[kind];
    if (!isObject(sub)) throw fail('request body must be an object');
    const handler = Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;
    if (handler) return handler(next, sub, fail, ctx.settings);
    if (COSMETIC.has(kind)) return cosmetic(next, sub, fail);
    if (GOOGLE_REQUEST_KINDS.has(kind)) throw fail('this request kind is not supported by the local Sheets stand-in');
    throw invalidArgument(`Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`);
  });
  ctx.commit(next);
  const out: Record<string, unknown> = { spreadsheetId: next.state.spreadsheetId, replies };
  if (body['includeSpreadsheetInResponse'] === true) {
    const updated = spreadsheetJson(next);
    if (body['responseIncludeGridData'] === true) {
      const grids = responseGridData(next, body['responseRanges']);
      updated['sheets'] = (updated['sheets'] as Array<{ properties: { sheetId: number } }>).map((sheet) => ({
        ...sheet,
        data: grids.filter((grid) => grid.properties['sheetId'] === sheet.properties.sheetId).flatMap((grid) => grid.data),
      }));
    }
    out['updatedSpreadsheet'] = updated;
  }
  return out;
}
