import type { RequestContext } from './context.ts';
import { invalidArgument } from './errors.ts';
import {
  checkKeys,
  checkQuery,
  DIMENSIONS,
  enumValue,
  INSERT_DATA,
  queryBool,
  queryEnum,
  queryRender,
  requiredValueInput,
  VALUE_INPUT,
  VALUE_RENDER,
  DATE_RENDER,
} from './params.ts';
import { dateOrderOf, type DateOrder, type RenderOptions } from './cell-codec.ts';
import {
  appendValues,
  clearValues,
  decodeValues,
  parseValueRangeBody,
  readValueRange,
  writeValues,
  type Touched,
  type UpdateResult,
} from './value-ops.ts';
import { DEFAULT_LOCALE, type Workbook } from './workbook.ts';

const READ_PARAMS = ['majorDimension', 'valueRenderOption', 'dateTimeRenderOption'] as const;
const WRITE_PARAMS = [
  'valueInputOption',
  'includeValuesInResponse',
  'responseValueRenderOption',
  'responseDateTimeRenderOption',
] as const;

function withData(wb: Workbook, result: UpdateResult, include: boolean, render: RenderOptions): UpdateResult {
  if (include) result.updatedData = readValueRange(wb, result.updatedRange, render);
  return result;
}

/** USER_ENTERED text is read like typing into this spreadsheet, in its locale. */
function typedDateOrder(ctx: RequestContext): DateOrder {
  return dateOrderOf(ctx.wb.state.locale ?? DEFAULT_LOCALE);
}

export function getValues(ctx: RequestContext, range: string): unknown {
  checkQuery(ctx.query, READ_PARAMS);
  const major = queryEnum(ctx.query, 'majorDimension', 'Dimension', DIMENSIONS) ?? 'ROWS';
  return readValueRange(ctx.wb, range, queryRender(ctx.query, 'valueRenderOption', 'dateTimeRenderOption'), major);
}

export function batchGetValues(ctx: RequestContext): unknown {
  checkQuery(ctx.query, ['ranges', ...READ_PARAMS]);
  const major = queryEnum(ctx.query, 'majorDimension', 'Dimension', DIMENSIONS) ?? 'ROWS';
  const render = queryRender(ctx.query, 'valueRenderOption', 'dateTimeRenderOption');
  const ranges = ctx.query.getAll('ranges');
  const out: Record<string, unknown> = { spreadsheetId: ctx.wb.state.spreadsheetId };
  if (ranges.length > 0) out['valueRanges'] = ranges.map((r) => readValueRange(ctx.wb, r, render, major));
  return out;
}

export function updateValues(ctx: RequestContext, range: string): unknown {
  checkQuery(ctx.query, WRITE_PARAMS);
  const option = requiredValueInput(ctx.query);
  const render = queryRender(ctx.query, 'responseValueRenderOption', 'responseDateTimeRenderOption');
  const include = queryBool(ctx.query, 'includeValuesInResponse');
  const body = parseValueRangeBody(ctx.body, '');
  const cells = decodeValues(body.rawValues, body.major, option, '', typedDateOrder(ctx));
  const written = writeValues(ctx.wb, range, cells);
  ctx.commit();
  if (!written) throw new Error('writeValues returned nothing outside dry-run');
  return withData(ctx.wb, written.result, include, render);
}

export function appendRoute(ctx: RequestContext, range: string): unknown {
  checkQuery(ctx.query, [...WRITE_PARAMS, 'insertDataOption']);
  const option = requiredValueInput(ctx.query);
  const insert = queryEnum(ctx.query, 'insertDataOption', 'InsertDataOption', INSERT_DATA) === 'INSERT_ROWS';
  const render = queryRender(ctx.query, 'responseValueRenderOption', 'responseDateTimeRenderOption');
  const include = queryBool(ctx.query, 'includeValuesInResponse');
  const body = parseValueRangeBody(ctx.body, '');
  const cells = decodeValues(body.rawValues, body.major, option, '', typedDateOrder(ctx));
  const { result } = appendValues(ctx.wb, range, cells, insert);
  ctx.commit();
  withData(ctx.wb, result.updates, include, render);
  return result;
}

export function clearRoute(ctx: RequestContext, range: string): unknown {
  checkQuery(ctx.query, []);
  checkKeys(ctx.body, []);
  const clearedRange = clearValues(ctx.wb, range);
  ctx.commit();
  return { spreadsheetId: ctx.wb.state.spreadsheetId, clearedRange };
}

export function batchClearRoute(ctx: RequestContext): unknown {
  checkQuery(ctx.query, []);
  const body = checkKeys(ctx.body, ['ranges']);
  const ranges = body['ranges'] ?? [];
  if (!Array.isArray(ranges) || ranges.some((r) => typeof r !== 'string')) {
    throw invalidArgument("Invalid JSON payload received. Invalid value at 'ranges'.");
  }
  // Clearing never changes the grid, so validating every range first makes the batch atomic.
  for (const r of ranges as string[]) clearValues(ctx.wb, r, true);
  const cleared = (ranges as string[]).map((r) => clearValues(ctx.wb, r));
  ctx.commit();
  const out: Record<string, unknown> = { spreadsheetId: ctx.wb.state.spreadsheetId };
  if (cleared.length > 0) out['clearedRanges'] = cleared;
  return out;
}

export function batchUpdateValuesRoute(ctx: RequestContext): unknown {
  checkQuery(ctx.query, []);
  const body = checkKeys(ctx.body, [
    'valueInputOption',
    'data',
    'includeValuesInResponse',
    'responseValueRenderOption',
    'responseDateTimeRenderOption',
  ]);
  const option = enumValue(body['valueInputOption'], 'value_input_option', 'ValueInputOption', VALUE_INPUT);
  if (!option) throw invalidArgument('Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED');
  const render: RenderOptions = {
    value:
      enumValue(body['responseValueRenderOption'], 'response_value_render_option', 'ValueRenderOption', VALUE_RENDER) ??
      'FORMATTED_VALUE',
    dateTime:
      enumValue(body['responseDateTimeRenderOption'], 'response_date_time_render_option', 'DateTimeRenderOption', DATE_RENDER) ??
      'SERIAL_NUMBER',
  };
  const include = body['includeValuesInResponse'] === true;
  const data = body['data'] ?? [];
  if (!Array.isArray(data)) throw invalidArgument("Invalid JSON payload received. Invalid value at 'data'.");

  // values.update never changes the grid, so item k validates the same before or after items
  // 0..k-1 are applied: check everything, then apply, and the batch is atomic without a copy.
  const decoded = data.map((item: unknown, i) => {
    const at = `data[${i}].`;
    const vr = parseValueRangeBody(item, `data[${i}]`);
    if (vr.range === undefined) throw invalidArgument(`Invalid ${at.slice(0, -1)}: range is required`);
    const cells = decodeValues(vr.rawValues, vr.major, option, at, typedDateOrder(ctx));
    writeValues(ctx.wb, vr.range, cells, true);
    return { range: vr.range, cells };
  });
  const next = ctx.wb;
  const responses: UpdateResult[] = [];
  const touched: Touched[] = [];
  for (const { range, cells } of decoded) {
    const written = writeValues(next, range, cells);
    if (!written) continue;
    responses.push(written.result);
    touched.push(written.touched);
  }
  ctx.commit();
  if (include) for (const r of responses) withData(next, r, true, render);

  const rows = new Set<string>();
  const cols = new Set<string>();
  const sheets = new Set<number>();
  let cells = 0;
  for (const t of touched) {
    for (const r of t.rows) rows.add(`${t.sheetId}:${r}`);
    for (const c of t.cols) cols.add(`${t.sheetId}:${c}`);
    if (t.cells) sheets.add(t.sheetId);
    cells += t.cells;
  }
  const out: Record<string, unknown> = { spreadsheetId: next.state.spreadsheetId };
  if (rows.size) out['totalUpdatedRows'] = rows.size;
  if (cols.size) out['totalUpdatedColumns'] = cols.size;
  if (cells) out['totalUpdatedCells'] = cells;
  if (sheets.size) out['totalUpdatedSheets'] = sheets.size;
  if (responses.length) out['responses'] = responses;
  return out;
}
