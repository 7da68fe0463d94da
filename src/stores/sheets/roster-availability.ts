import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import type { AvailabilityWrite, RosterAvailability } from '../../core/visibility-ports.ts';
import { columnLetter, quoteTab } from './a1.ts';
import type { SheetsApi } from './client.ts';
import type { Requester } from './requester.ts';
import { TABS } from './schema.ts';
import { HeaderMap } from './table.ts';

export const OOO_COLUMN = 'ooo_until';

/**
 * Writes one rep's `ooo_until` cell in sales_sheet: one read (the roster, to find the row and the
 * column by header name, as admins may have moved both) and one write of that cell alone, RAW.
 * A roster without the column gets it as a new header cell at the end, like ensure-schema does.
 * The roster is not part of the ledger's commit: the cell is the rep's own and nothing else in
 * Baton writes it, so there is nothing to race with but an admin typing into the same cell.
 */
export class SheetRosterAvailability implements RosterAvailability {
  constructor(private readonly options: { api: SheetsApi; requester: Requester; spreadsheetId: string }) {}

  async setOooUntil(slackId: string, value: string): Promise<AvailabilityWrite> {
    const { api, requester, spreadsheetId } = this.options;
    const title = quoteTab(TABS.roster.title);
    const response = await requester.read('values.get sales_sheet (availability)', () =>
      api.spreadsheets.values.get({ spreadsheetId, range: title, valueRenderOption: 'UNFORMATTED_VALUE' }),
    );
    const rows = (response.data.values ?? []) as CellValue[][];
    const header = new HeaderMap(rows[0] ?? []);
    const idColumn = header.column('slack_id');
    const rowIndex = idColumn === undefined ? -1 : rows.findIndex((row, index) => index > 0 && cellText(row[idColumn]) === slackId);
    if (rowIndex < 0) return { kind: 'not_on_roster' };
    let column = header.column(OOO_COLUMN);
    const data: Array<{ range: string; values: CellValue[][] }> = [];
    if (column === undefined) {
      column = header.width;
      data.push({ range: `${title}!${columnLetter(column)}1`, values: [[OOO_COLUMN]] });
    }
    const previous = cellText(rows[rowIndex]?.[column]);
    data.push({ range: `${title}!${columnLetter(column)}${rowIndex + 1}`, values: [[value]] });
    await requester.write(`values.batchUpdate sales_sheet ${OOO_COLUMN} (${slackId})`, () =>
      api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: 'RAW', data } }),
    );
    return { kind: 'updated', previous };
  }
}
