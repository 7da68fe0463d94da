import type { CellValue } from '../../domain/cells.ts';
import { headerRow, wholeTab } from '../../stores/sheets/a1.ts';
import { TAB_NAMES, TABS, type TabName } from '../../stores/sheets/schema.ts';
import { HeaderMap } from '../../stores/sheets/table.ts';
import type { SheetsTarget } from './sheets-target.ts';

export interface TabInfo {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
}

/** What setup and doctor need to know about the spreadsheet: two reads, nothing written. */
export interface Inspection {
  /** Every tab, by exact title, in tab order. */
  tabs: Map<string, TabInfo>;
  /** Row 1 of each of Baton's tabs that exists. */
  headers: Partial<Record<TabName, HeaderMap>>;
  /** All of sales_sheet (header included); [] when the tab is missing. */
  rosterRows: CellValue[][];
  /** All of routing_state_sheet (header included); [] when the tab is missing. */
  stateRows: CellValue[][];
  /** All of routing_rules (header included); [] when the tab is missing (issue 12). */
  ruleRows?: CellValue[][];
}

/** Tab properties as Sheets returns them; proto3 JSON may leave out zeros (sheetId 0, frozenRowCount 0). */
export async function readTabs(target: SheetsTarget): Promise<Map<string, TabInfo>> {
  const { api, requester, spreadsheetId } = target;
  const response = await requester.read('spreadsheets.get (setup)', () =>
    api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties(sheetId,title,gridProperties)' }),
  );
  const tabs = new Map<string, TabInfo>();
  for (const sheet of response.data.sheets ?? []) {
    const props = sheet.properties;
    if (!props?.title) continue;
    tabs.set(props.title, {
      sheetId: props.sheetId ?? 0,
      title: props.title,
      rowCount: props.gridProperties?.rowCount ?? 1000,
      columnCount: props.gridProperties?.columnCount ?? 26,
      frozenRowCount: props.gridProperties?.frozenRowCount ?? 0,
    });
  }
  return tabs;
}

/** Whole tabs only where they are small and needed (roster, routing state); header rows elsewhere. */
const WHOLE: ReadonlySet<TabName> = new Set<TabName>(['roster', 'state', 'rules']);

export async function inspectSheet(target: SheetsTarget): Promise<Inspection> {
  const { api, requester, spreadsheetId } = target;
  const tabs = await readTabs(target);
  const present = TAB_NAMES.filter((name) => tabs.has(TABS[name].title));
  const inspection: Inspection = { tabs, headers: {}, rosterRows: [], stateRows: [] };
  if (present.length === 0) return inspection;
  const response = await requester.read('values.batchGet (setup)', () =>
    api.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: present.map((name) => (WHOLE.has(name) ? wholeTab(TABS[name].title) : headerRow(TABS[name].title))),
      valueRenderOption: 'UNFORMATTED_VALUE',
    }),
  );
  present.forEach((name, i) => {
    const rows = (response.data.valueRanges?.[i]?.values ?? []) as CellValue[][];
    inspection.headers[name] = new HeaderMap(rows[0] ?? []);
    if (name === 'roster') inspection.rosterRows = rows;
    if (name === 'rules') inspection.ruleRows = rows;
    if (name === 'state') inspection.stateRows = rows;
  });
  return inspection;
}

/** Row 1 of a tab once setup's schema changes land: existing cells, then the missing ones at the end. */
export function plannedHeader(inspection: Inspection, name: TabName): HeaderMap {
  const existing = inspection.headers[name];
  if (!existing) return new HeaderMap(TABS[name].headers);
  return new HeaderMap([...existing.headers, ...existing.missing(TABS[name].headers)]);
}
