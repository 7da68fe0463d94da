import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import { POLICY_COLUMNS } from '../../domain/policy/read-rep-policy.ts';
import { rowData } from '../../stores/sheets/cells.ts';
import type { SchemaReport } from '../../stores/sheets/ensure-schema.ts';
import { TABS } from '../../stores/sheets/schema.ts';
import { plannedHeader, type Inspection } from './inspect.ts';

/**
 * The routing policy's optional sales_sheet columns (issue 12), added blank at the end when
 * missing: blank means the plain round-robin, so adding them changes nothing until an admin fills
 * one in. Startup never adds them; setup does, once (a second run finds them by name).
 */
export function planRoutingColumns(inspection: Inspection, schema: SchemaReport): { changes: string[]; requests: sheets_v4.Schema$Request[] } {
  const header = plannedHeader(inspection, 'roster');
  const missing = POLICY_COLUMNS.filter((column) => !header.has(column));
  if (missing.length === 0) return { changes: [], requests: [] };
  const requests: sheets_v4.Schema$Request[] = [];
  const sheetId = schema.sheetIds.roster;
  const tab = inspection.tabs.get(TABS.roster.title);
  // What the tab is wide once the schema changes before these land: a new tab is made 26 columns wide.
  const width = tab ? Math.max(tab.columnCount, header.width) : Math.max(26, header.width);
  const needed = header.width + missing.length;
  if (needed > width) requests.push({ appendDimension: { sheetId, dimension: 'COLUMNS', length: needed - width } });
  requests.push({ updateCells: { start: { sheetId, rowIndex: 0, columnIndex: header.width }, rows: [rowData([...missing])], fields: 'userEnteredValue' } });
  return {
    changes: [`added optional routing columns ${missing.join(', ')} at the end of ${TABS.roster.title} (blank = plain round-robin; see README "Routing policy")`],
    requests,
  };
}
