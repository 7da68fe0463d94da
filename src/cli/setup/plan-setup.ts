import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import { cellText, type CellValue } from '../../domain/cells.ts';
import { parseRoster, type RosterRow } from '../../domain/roster.ts';
import { STAGES } from '../../domain/types.ts';
import { columnLetter } from '../../stores/sheets/a1.ts';
import { cellData, rowData } from '../../stores/sheets/cells.ts';
import type { SchemaReport } from '../../stores/sheets/ensure-schema.ts';
import { TAB_NAMES, TABS, type TabName } from '../../stores/sheets/schema.ts';
import { HeaderMap } from '../../stores/sheets/table.ts';
import { plannedHeader, type Inspection } from './inspect.ts';
import { planRoutingColumns } from './plan-routing-columns.ts';

/**
 * Validation rules cannot be read back through values.*, and the Sheets stand-in serves no grid
 * data, so setup notes in routing_state_sheet what it applied and where. Bump SETUP_VERSION when
 * setup learns a new kind of formatting so every sheet gets it once.
 */
export const SETUP_VERSION = 1;
export const SETUP_KEY = 'setup_version';

export const ACTIVE_CHOICES = ['ON', 'OFF'] as const;

interface Dropdown {
  /** A name in the marker: "stage=lead_sheet!D". */
  id: string;
  tab: TabName;
  column: string;
  choices: readonly string[];
}

export const DROPDOWNS: readonly Dropdown[] = [
  { id: 'stage', tab: 'leads', column: 'stage', choices: STAGES },
  { id: 'active', tab: 'roster', column: 'active', choices: ACTIVE_CHOICES },
];

export interface SetupPlan {
  /** One line per change, in words an admin understands. */
  changes: string[];
  /** Everything, in order, for one spreadsheets.batchUpdate. */
  requests: sheets_v4.Schema$Request[];
}

export interface SetupInputs {
  inspection: Inspection;
  /** planSchema's answer for the same spreadsheet: missing tabs and header cells. */
  schema: SchemaReport;
  /** Sample roster rows (by column name) to add when sales_sheet has no reps; absent = do not seed. */
  seedRoster?: ReadonlyArray<Record<string, CellValue>>;
}

function markerPart(dropdown: Dropdown, columnIndex: number): string {
  return `${dropdown.id}=${TABS[dropdown.tab].title}!${columnLetter(columnIndex)}`;
}

/** The routing_state_sheet row holding setup's marker, and its value. */
function readMarker(inspection: Inspection): { rowIndex: number; value: string } | undefined {
  const header = inspection.headers.state;
  if (!header || !header.has('key') || !header.has('value')) return undefined;
  for (let rowIndex = 1; rowIndex < inspection.stateRows.length; rowIndex += 1) {
    const record = header.record(inspection.stateRows[rowIndex]);
    if (cellText(record.key) === SETUP_KEY) return { rowIndex, value: cellText(record.value) };
  }
  return undefined;
}

/** The marker's parts that still hold: all of them only when it was written by this setup version. */
function appliedParts(marker: string | undefined): Set<string> {
  const parts = (marker ?? '').split(';').map((part) => part.trim()).filter(Boolean);
  if (parts[0] !== String(SETUP_VERSION)) return new Set();
  return new Set(parts.slice(1));
}

/**
 * Everything setup would change, given what is there: missing tabs and header cells (planSchema's
 * requests, unchanged), a frozen header row, the dropdowns, the optional sample roster and the
 * marker. Pure: the same inputs give the same plan, and a sheet setup already ran on gives none.
 */
export function planSetup(inputs: SetupInputs): SetupPlan {
  const { inspection, schema } = inputs;
  const changes = [...schema.changes];
  const requests = [...schema.requests];

  for (const name of TAB_NAMES) {
    const { title } = TABS[name];
    const tab = inspection.tabs.get(title);
    if (tab && tab.frozenRowCount >= 1) continue;
    requests.push({
      updateSheetProperties: { properties: { sheetId: schema.sheetIds[name], gridProperties: { frozenRowCount: 1 } }, fields: 'gridProperties.frozenRowCount' },
    });
    changes.push(`froze the header row of ${title}`);
  }

  const routing = planRoutingColumns(inspection, schema);
  requests.push(...routing.requests);
  changes.push(...routing.changes);

  const marker = readMarker(inspection);
  const applied = appliedParts(marker?.value);
  const parts: string[] = [];
  let dropdownsChanged = false;
  for (const dropdown of DROPDOWNS) {
    const columnIndex = plannedHeader(inspection, dropdown.tab).column(dropdown.column) as number;
    const part = markerPart(dropdown, columnIndex);
    parts.push(part);
    if (applied.has(part)) continue;
    dropdownsChanged = true;
    const sheetId = schema.sheetIds[dropdown.tab];
    // No endRowIndex: from row 2 to the bottom, rows added later included.
    requests.push({
      setDataValidation: {
        range: { sheetId, startRowIndex: 1, startColumnIndex: columnIndex, endColumnIndex: columnIndex + 1 },
        rule: { condition: { type: 'ONE_OF_LIST', values: dropdown.choices.map((choice) => ({ userEnteredValue: choice })) }, showCustomUi: true, strict: false },
      },
    });
    const letter = columnLetter(columnIndex);
    changes.push(`added dropdown ${dropdown.choices.join(' / ')} to ${TABS[dropdown.tab].title} column ${dropdown.column} (${letter}2:${letter})`);
  }

  if (inputs.seedRoster && inputs.seedRoster.length > 0) {
    const existing = inspection.headers.roster ?? new HeaderMap([]);
    const reps = parseRoster(inspection.rosterRows.slice(1).map((row) => existing.record(row) as RosterRow));
    if (reps.length === 0) {
      const header = plannedHeader(inspection, 'roster');
      requests.push({ appendCells: { sheetId: schema.sheetIds.roster, rows: inputs.seedRoster.map((record) => rowData(header.row(record))), fields: 'userEnteredValue' } });
      const n = inputs.seedRoster.length;
      changes.push(`added ${n} sample rep${n === 1 ? '' : 's'} to ${TABS.roster.title}: replace each slack_id with a real Slack member ID, then set active to ON`);
    }
  }

  if (dropdownsChanged) {
    const value = [String(SETUP_VERSION), ...parts].join('; ');
    if (marker) {
      const valueColumn = (inspection.headers.state as HeaderMap).column('value') as number;
      requests.push({ updateCells: { start: { sheetId: schema.sheetIds.state, rowIndex: marker.rowIndex, columnIndex: valueColumn }, rows: [{ values: [cellData(value)] }], fields: 'userEnteredValue' } });
    } else {
      const header = plannedHeader(inspection, 'state');
      requests.push({ appendCells: { sheetId: schema.sheetIds.state, rows: [rowData(header.row({ key: SETUP_KEY, value }))], fields: 'userEnteredValue' } });
    }
    changes.push(`noted ${SETUP_KEY} = "${value}" in ${TABS.state.title} (how the next run knows the dropdowns are in place)`);
  }

  return { changes, requests };
}
