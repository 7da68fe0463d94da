import type { CellValue } from '../../domain/cells.ts';
import { parseRoster, type PolicyRosterRow } from '../../domain/roster.ts';
import type { PolicyDefaults } from '../../domain/policy/read-rep-policy.ts';
import type { Rep } from '../../domain/types.ts';
import { SheetsError } from './errors.ts';
import { TABS } from './schema.ts';
import { HeaderMap } from './table.ts';

/** A tab's header row, or a SheetsError naming the missing columns and the fix. */
export function requireTabHeaders(tab: keyof typeof TABS, row: readonly CellValue[] | undefined): HeaderMap {
  const header = new HeaderMap(row ?? []);
  const missing = header.missing(TABS[tab].headers);
  if (missing.length > 0) {
    throw new SheetsError(
      'SHEETS_BAD_REQUEST',
      `${TABS[tab].title} is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in row 1. Restart Baton or run \`npm run setup\` to add ${missing.length > 1 ? 'them' : 'it'}.`,
      undefined,
      false,
    );
  }
  return header;
}

/**
 * sales_sheet's rows (header first) -> reps. One reading of the roster for every store: the Sheets
 * store reads it in its batchGet, the PostgreSQL store through SheetRosterSource.
 */
export function rosterFromRows(rows: readonly (readonly CellValue[])[], policy?: PolicyDefaults): Rep[] {
  const header = requireTabHeaders('roster', rows[0]);
  // With the default time zone, the routing policy's optional columns are read too (issue 12).
  return parseRoster(rows.slice(1).map((row) => header.record(row) as PolicyRosterRow), policy);
}
