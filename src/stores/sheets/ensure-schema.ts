import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { Logger } from '../../log.ts';
import { headerRow } from './a1.ts';
import { rowData } from './cells.ts';
import type { SheetsApi } from './client.ts';
import type { Requester } from './requester.ts';
import { TAB_NAMES, TABS, type TabName } from './schema.ts';
import { HeaderMap } from './table.ts';

export interface SheetLayout {
  sheetIds: Record<TabName, number>;
}

/** The spreadsheet's own settings (spreadsheets.get `properties`), as far as Google gave them. */
export interface SpreadsheetSettings {
  /** `en_US`, `id_ID`…: the order hand-typed dates are read in (typed-date.ts). */
  locale?: string;
  /** The spreadsheet's time zone (File → Settings), e.g. `Asia/Jakarta`. */
  timeZone?: string;
}

export interface SchemaReport extends SheetLayout, SpreadsheetSettings {
  /** What was added, in words an admin understands; empty when nothing was missing. */
  changes: string[];
  /** The batchUpdate requests that made those changes (setup adds formatting to them). */
  requests: sheets_v4.Schema$Request[];
}

interface TabInfo {
  sheetId: number;
  columnCount: number;
}

async function readTabs(api: SheetsApi, requester: Requester, spreadsheetId: string): Promise<{ tabs: Map<string, TabInfo>; settings: SpreadsheetSettings }> {
  const response = await requester.read('spreadsheets.get', () =>
    // The locale and time zone come in the same request, at no extra cost.
    api.spreadsheets.get({ spreadsheetId, fields: 'properties(locale,timeZone),sheets.properties(sheetId,title,gridProperties)' }),
  );
  const { locale, timeZone } = response.data.properties ?? {};
  const settings: SpreadsheetSettings = { ...(locale ? { locale } : {}), ...(timeZone ? { timeZone } : {}) };
  const tabs = new Map<string, TabInfo>();
  for (const sheet of response.data.sheets ?? []) {
    const props = sheet.properties;
    if (props?.title && typeof props.sheetId === 'number') {
      tabs.set(props.title, { sheetId: props.sheetId, columnCount: props.gridProperties?.columnCount ?? 26 });
    }
  }
  return { tabs, settings };
}

/** Plans what is missing (tabs, header cells) without changing anything an admin made. */
export async function planSchema(api: SheetsApi, requester: Requester, spreadsheetId: string): Promise<SchemaReport> {
  const { tabs, settings } = await readTabs(api, requester, spreadsheetId);
  const existing = TAB_NAMES.filter((name) => tabs.has(TABS[name].title));
  const headerRows = new Map<TabName, HeaderMap>();
  if (existing.length > 0) {
    const response = await requester.read('values.batchGet headers', () =>
      api.spreadsheets.values.batchGet({ spreadsheetId, ranges: existing.map((name) => headerRow(TABS[name].title)), valueRenderOption: 'UNFORMATTED_VALUE' }),
    );
    existing.forEach((name, i) => headerRows.set(name, new HeaderMap(response.data.valueRanges?.[i]?.values?.[0] ?? [])));
  }

  const requests: sheets_v4.Schema$Request[] = [];
  const changes: string[] = [];
  const usedIds = new Set([...tabs.values()].map((tab) => tab.sheetId));
  const sheetIds = {} as Record<TabName, number>;
  for (const name of TAB_NAMES) {
    const { title, headers } = TABS[name];
    const tab = tabs.get(title);
    if (!tab) {
      // Choosing the id here lets the header cells go in the same atomic request as the new tab.
      let sheetId = 1000 + TAB_NAMES.indexOf(name);
      while (usedIds.has(sheetId)) sheetId += 10;
      usedIds.add(sheetId);
      sheetIds[name] = sheetId;
      requests.push({ addSheet: { properties: { sheetId, title, gridProperties: { rowCount: 1000, columnCount: Math.max(26, headers.length) } } } });
      requests.push({ updateCells: { start: { sheetId, rowIndex: 0, columnIndex: 0 }, rows: [rowData(headers)], fields: 'userEnteredValue' } });
      changes.push(`added tab ${title} with columns ${headers.join(', ')}`);
      continue;
    }
    sheetIds[name] = tab.sheetId;
    const header = headerRows.get(name) as HeaderMap;
    const missing = header.missing(headers);
    if (missing.length === 0) continue;
    const needed = header.width + missing.length;
    if (needed > tab.columnCount) {
      requests.push({ appendDimension: { sheetId: tab.sheetId, dimension: 'COLUMNS', length: needed - tab.columnCount } });
    }
    requests.push({
      updateCells: { start: { sheetId: tab.sheetId, rowIndex: 0, columnIndex: header.width }, rows: [rowData(missing)], fields: 'userEnteredValue' },
    });
    changes.push(`added column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} at the end of ${title}`);
  }
  return { sheetIds, changes, requests, ...settings };
}

/** Startup check: adds missing tabs and header cells at the end, logs exactly what it changed. */
export async function ensureSchema(api: SheetsApi, requester: Requester, spreadsheetId: string, log: Logger): Promise<SchemaReport> {
  const report = await planSchema(api, requester, spreadsheetId);
  if (report.requests.length > 0) {
    await requester.write(
      'spreadsheets.batchUpdate schema',
      () => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: report.requests } }),
      async () => (await planSchema(api, requester, spreadsheetId)).requests.length === 0,
    );
    for (const change of report.changes) log.warn({ spreadsheetId }, `sheet schema: ${change}`);
  } else {
    log.info({ spreadsheetId }, 'sheet schema: all tabs and columns present');
  }
  if (report.locale) log.info({ spreadsheetId, locale: report.locale, sheetTimeZone: report.timeZone }, `dates typed as text are read in the spreadsheet's locale, ${report.locale}`);
  else log.warn({ spreadsheetId }, 'the spreadsheet reports no locale: a typed date like 05/11/2026 will be reported as ambiguous, not guessed');
  return report;
}
