import type { RequestContext } from './context.ts';
import { checkQuery, queryBool } from './params.ts';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, sheetProperties, type Workbook } from './workbook.ts';

export function spreadsheetJson(wb: Workbook): Record<string, unknown> {
  return {
    spreadsheetId: wb.state.spreadsheetId,
    properties: {
      title: wb.state.title,
      locale: wb.state.locale ?? DEFAULT_LOCALE,
      autoRecalc: 'ON_CHANGE',
      timeZone: wb.state.timeZone ?? DEFAULT_TIME_ZONE,
    },
    sheets: wb.sheets.map((sheet) => ({ properties: sheetProperties(wb, sheet) })),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${wb.state.spreadsheetId}/edit`,
  };
}

/** spreadsheets.get; grid data is not served (Baton reads cells through values.*). */
export function getSpreadsheet(ctx: RequestContext): unknown {
  checkQuery(ctx.query, ['ranges', 'includeGridData', 'excludeTablesInBandedRanges']);
  queryBool(ctx.query, 'includeGridData');
  return spreadsheetJson(ctx.wb);
}
