import { randomUUID } from 'node:crypto';
import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { CellValue } from '../domain/cells.ts';
import { cellText } from '../domain/cells.ts';
import { changedColumns, leadToRecord } from '../domain/lead-record.ts';
import { parseRoster, type RosterRow } from '../domain/roster.ts';
import { toIso } from '../domain/time.ts';
import type { Logger } from '../log.ts';
import { splitState, type ChangeSet, type LeadStore, type Snapshot } from '../ports.ts';
import { columnLetter, headerRow, quoteTab, wholeTab } from './a1.ts';
import { cellData, rowData } from './cells.ts';
import type { SheetsApi } from './client.ts';
import { ensureSchema, type SheetLayout } from './ensure-schema.ts';
import { SheetsError } from './errors.ts';
import type { Requester } from './requester.ts';
import { STATE_KEYS, TABS } from './schema.ts';
import { readAnswerBytes } from './answer-bytes.ts';
import { SheetLeadTable } from './lead-rows.ts';
import { HeaderMap } from './table.ts';
import { readValueRanges } from './value-ranges.ts';

type Row = CellValue[];

/** Position of lead_sheet among the ranges `load` asks for. */
const LEADS_RANGE = 1;

/** Lock tabs are hidden sheets named after the commit version; their ids live far from admins'. */
const LOCK_PREFIX = '_baton_lock_';
const LOCK_ID_BASE = 1_700_000_000;
const lockSheetId = (version: number) => LOCK_ID_BASE + (version % 400_000_000);
/** How far around the expected end of lead_sheet a commit looks for the rows it appended. */
const TAIL_WINDOW = 200;

interface Echo {
  range: string;
}

/** The id column around where appended rows should land (before it too: admins may delete rows). */
function tailEcho(title: string, column: number, rowCount: number, appended: number): Echo {
  const letter = columnLetter(column);
  const first = Math.max(1, rowCount - TAIL_WINDOW) + 1;
  const last = rowCount + appended + TAIL_WINDOW;
  return { range: `${quoteTab(title)}!${letter}${first}:${letter}${last}` };
}

/**
 * Records the rows where appended ids landed, from the echoed column, and returns the table's new
 * length. Without an echo (a write verified after a lost answer) they are where appends go: after
 * the last row seen.
 */
function placeAppended(ids: string[], grid: sheets_v4.Schema$GridData | undefined, rows: Map<string, number>, rowCount: number): number {
  if (ids.length === 0) return rowCount;
  const wanted = new Set(ids);
  if (grid) {
    const start = grid.startRow ?? 0;
    let last = rowCount - 1;
    let found = 0;
    (grid.rowData ?? []).forEach((row, i) => {
      const cell = row.values?.[0];
      const id = cell?.effectiveValue?.stringValue ?? cell?.formattedValue ?? '';
      if (!id) return;
      last = Math.max(last, start + i);
      if (wanted.has(id)) {
        rows.set(id, start + i);
        found += 1;
      }
    });
    if (found === ids.length) return last + 1;
  }
  ids.forEach((id, i) => rows.set(id, rowCount + i));
  return rowCount + ids.length;
}

/** Another Baton process committed since this one read: the batch must be decided again. */
export class CommitConflict extends Error {
  readonly code = 'BATON_COMMIT_CONFLICT';
}

interface Positions {
  /** 0-based sheet row of each lead and state key, as last read or written. */
  leadRows: ReadonlyMap<string, number>;
  /** Rows this process appended since that read (the read's own map is left as read). */
  appendedLeadRows: Map<string, number>;
  leadRowCount: number;
  stateRows: Map<string, number>;
  stateRowCount: number;
  /** Bumped by every Baton commit; a commit claims version+1 by creating its lock tab. */
  version: number;
  /** False once an admin removed the previous lock tab, so the next commit does not try to delete it. */
  lockTabExists: boolean;
  headers: { leads: HeaderMap; state: HeaderMap; audit?: HeaderMap };
}

export interface SheetStoreOptions {
  api: SheetsApi;
  requester: Requester;
  spreadsheetId: string;
  timeZone: string;
  log: Logger;
}

/**
 * The lead store on Google Sheets. One read (values.batchGet of roster, leads and state) and one
 * atomic write (spreadsheets.batchUpdate: appended rows, changed cells, audit rows, a commit
 * marker). Columns are found by header name on every read; admins' columns are never touched.
 */
export class SheetLeadStore implements LeadStore {
  private layout: SheetLayout | undefined;
  private positions: Positions | undefined;
  private auditHeader: HeaderMap | undefined;
  /** Size of the last batchGet answer: the next one is read into a buffer about that big. */
  private lastAnswerBytes = 0;
  /** The leads of the last read, whose bytes the next read reuses. */
  private table: SheetLeadTable | undefined;

  constructor(private readonly options: SheetStoreOptions) {}

  /** Checks and repairs the tabs; must run before the first commit. */
  async init(): Promise<string[]> {
    const { api, requester, spreadsheetId, log } = this.options;
    const report = await ensureSchema(api, requester, spreadsheetId, log);
    this.layout = { sheetIds: report.sheetIds };
    return report.changes;
  }

  async load(): Promise<Snapshot> {
    const { api, requester, spreadsheetId, timeZone } = this.options;
    // The ledger, this store's only reader, dropped its view of the last read before reading
    // again: that read's bytes take the new answer (the table refuses undecoded rows from now on).
    const recycled = this.table?.retire();
    this.table = undefined;
    this.positions = undefined;
    const response = await requester.read('values.batchGet', () =>
      api.spreadsheets.values.batchGet(
        {
          spreadsheetId,
          ranges: [wholeTab(TABS.roster.title), wholeTab(TABS.leads.title), wholeTab(TABS.state.title), headerRow(TABS.audit.title)],
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'SERIAL_NUMBER',
          // Google indents its JSON unless told not to: a third of a big answer is spaces.
          prettyPrint: false,
        },
        // The lead tab is read from the raw bytes (see value-ranges.ts), not parsed whole.
        { responseType: 'stream' },
      ).then(async (answer) => {
        // gaxios 7 answers with fetch's Headers (the generated typings say otherwise).
        const declared = Number((answer.headers as unknown as Headers).get('content-length'));
        const data = await readAnswerBytes(answer.data as unknown as AsyncIterable<Buffer | string>, declared > 0 ? declared : Math.ceil(this.lastAnswerBytes * 1.05), recycled);
        this.lastAnswerBytes = data.length;
        return { ...answer, data };
      }),
    );
    const leads = new SheetLeadTable(timeZone);
    const { values, stored } = readValueRanges(response.data, { streamed: LEADS_RANGE, onRow: leads.take });
    leads.finish(stored);
    this.table = leads;
    const [rosterRows, , stateRows, auditRows] = values;
    this.auditHeader = new HeaderMap(auditRows?.[0] ?? []);
    return this.readSnapshot(rosterRows ?? [], leads, stateRows ?? []);
  }

  private readSnapshot(rosterRows: Row[], leads: SheetLeadTable, stateRows: Row[]): Snapshot {
    const rosterHeader = this.requireHeaders('roster', rosterRows[0]);
    const roster = parseRoster(rosterRows.slice(1).map((row) => rosterHeader.record(row) as RosterRow));
    this.requireHeaders('leads', leads.header.headers);

    const stateHeader = this.requireHeaders('state', stateRows[0]);
    const state = new Map<string, string>();
    const statePositions = new Map<string, number>();
    stateRows.forEach((row, index) => {
      if (index === 0) return;
      const record = stateHeader.record(row);
      const key = cellText(record.key);
      if (!key || statePositions.has(key)) return;
      state.set(key, cellText(record.value));
      statePositions.set(key, index);
    });

    this.positions = {
      // Only the row numbers: the next read must not find this one's bytes still held.
      leadRows: leads.rowIndex,
      appendedLeadRows: new Map(),
      leadRowCount: leads.rowCount,
      stateRows: statePositions,
      stateRowCount: stateRows.length,
      version: Number.parseInt(state.get(STATE_KEYS.version) ?? '0', 10) || 0,
      lockTabExists: true,
      headers: { leads: leads.header, state: stateHeader },
    };

    const lastIndex = Number.parseInt(state.get(STATE_KEYS.lastIndex) ?? '', 10);
    return {
      roster,
      cursor: { lastIndex: Number.isFinite(lastIndex) ? lastIndex : -1, lastSlackId: state.get(STATE_KEYS.lastSlackId) ?? '' },
      ...splitState(state),
      leads,
      unreadable: leads.unreadable,
    };
  }

  private requireHeaders(tab: keyof typeof TABS, row: readonly CellValue[] | undefined): HeaderMap {
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

  async commit(change: ChangeSet): Promise<void> {
    const layout = this.layout;
    const positions = this.positions;
    if (!layout || !positions) throw new Error('SheetLeadStore: init() and load() must run before commit()');
    const { api, requester, spreadsheetId } = this.options;
    const { sheetIds } = layout;
    const requests: sheets_v4.Schema$Request[] = [];

    if (change.newLeads.length > 0) {
      requests.push({
        appendCells: { sheetId: sheetIds.leads, rows: change.newLeads.map((lead) => rowData(positions.headers.leads.row(leadToRecord(lead)))), fields: 'userEnteredValue' },
      });
    }
    for (const { before, after } of change.leadUpdates) {
      const rowIndex = positions.appendedLeadRows.get(after.leadId) ?? positions.leadRows.get(after.leadId);
      if (rowIndex === undefined) throw new Error(`lead ${after.leadId} has no known row`);
      for (const [column, value] of Object.entries(changedColumns(before, after))) {
        const columnIndex = positions.headers.leads.column(column);
        if (columnIndex === undefined) continue;
        requests.push({ updateCells: { start: { sheetId: sheetIds.leads, rowIndex, columnIndex }, rows: [{ values: [cellData(value)] }], fields: 'userEnteredValue' } });
      }
    }

    // Every commit carries a unique marker, so after a lost answer one read tells whether it landed.
    const commitId = `${toIso(Date.now())} ${randomUUID()}`;
    const version = positions.version + 1;
    const entries: Array<[string, string]> = [...change.stateEntries];
    if (change.cursor) entries.push([STATE_KEYS.lastIndex, String(change.cursor.lastIndex)], [STATE_KEYS.lastSlackId, change.cursor.lastSlackId]);
    entries.push([STATE_KEYS.lastCommit, commitId], [STATE_KEYS.version, String(version)]);
    const newKeys: Array<[string, string]> = [];
    const valueColumn = positions.headers.state.column('value') as number;
    for (const [key, value] of new Map(entries)) {
      const rowIndex = positions.stateRows.get(key);
      if (rowIndex === undefined) newKeys.push([key, value]);
      else requests.push({ updateCells: { start: { sheetId: sheetIds.state, rowIndex, columnIndex: valueColumn }, rows: [{ values: [cellData(value)] }], fields: 'userEnteredValue' } });
    }
    if (newKeys.length > 0) {
      requests.push({
        appendCells: { sheetId: sheetIds.state, rows: newKeys.map(([key, value]) => rowData(positions.headers.state.row({ key, value }))), fields: 'userEnteredValue' },
      });
    }
    if (change.audit.length > 0) {
      const header = this.auditHeader && this.auditHeader.width > 0 ? this.auditHeader : new HeaderMap(TABS.audit.headers);
      requests.push({
        appendCells: {
          sheetId: sheetIds.audit,
          rows: change.audit.map((entry) => rowData(header.row({ at: toIso(entry.at), event: entry.event, lead_id: entry.leadId, actor: entry.actor, detail: entry.detail }))),
          fields: 'userEnteredValue',
        },
      });
    }
    // Sheets has no compare-and-set, but tab titles are unique and a batchUpdate is all-or-nothing:
    // creating the lock tab for version+1 succeeds for exactly one of two racing Baton processes.
    requests.push({ addSheet: { properties: { sheetId: lockSheetId(version), title: `${LOCK_PREFIX}${version}`, hidden: true, gridProperties: { rowCount: 1, columnCount: 1 } } } });
    if (positions.version > 0 && positions.lockTabExists) requests.push({ deleteSheet: { sheetId: lockSheetId(positions.version) } });

    // Appended rows are read back in the same request (the tail of their id column): exact
    // positions with no extra read, even if an admin added rows at the bottom meanwhile.
    const echoes: Echo[] = [];
    if (change.newLeads.length > 0) {
      echoes.push(tailEcho(TABS.leads.title, positions.headers.leads.column('lead_id') as number, positions.leadRowCount, change.newLeads.length));
    }
    if (newKeys.length > 0) {
      echoes.push(tailEcho(TABS.state.title, positions.headers.state.column('key') as number, positions.stateRowCount, newKeys.length));
    }
    const send = () =>
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: {
          requests,
          ...(echoes.length > 0 ? { includeSpreadsheetInResponse: true, responseIncludeGridData: true, responseRanges: echoes.map((echo) => echo.range) } : {}),
        },
      });

    let response: Awaited<ReturnType<typeof send>> | undefined;
    try {
      response = await requester.write(`spreadsheets.batchUpdate (${change.newLeads.length} new, ${change.leadUpdates.length} updated, ${change.audit.length} audit)`, send, () => this.landed(commitId));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes(`"${LOCK_PREFIX}${version}" already exists`)) {
        this.positions = undefined;
        throw new CommitConflict(`another Baton process committed version ${version} first`);
      }
      if (message.includes(`No grid with id: ${lockSheetId(positions.version)}`)) {
        // Someone deleted the previous lock tab by hand; harmless, but stop asking Sheets to delete it.
        positions.lockTabExists = false;
        throw new CommitConflict('the previous lock tab was removed by hand; retrying without it');
      }
      throw error;
    }
    positions.version = version;
    positions.lockTabExists = true;
    const grids = response?.data.updatedSpreadsheet?.sheets ?? [];
    const gridOf = (title: string) => grids.find((sheet) => sheet.properties?.title === title)?.data?.find((grid) => grid.rowData);
    positions.leadRowCount = placeAppended(change.newLeads.map((lead) => lead.leadId), gridOf(TABS.leads.title), positions.appendedLeadRows, positions.leadRowCount);
    positions.stateRowCount = placeAppended(newKeys.map(([key]) => key), gridOf(TABS.state.title), positions.stateRows, positions.stateRowCount);
  }

  private async landed(commitId: string): Promise<boolean> {
    const { api, requester, spreadsheetId } = this.options;
    const response = await requester.readOnce('values.get routing_state (verify)', () =>
      api.spreadsheets.values.get({ spreadsheetId, range: wholeTab(TABS.state.title), valueRenderOption: 'UNFORMATTED_VALUE' }),
    );
    const rows = (response.data.values ?? []) as Row[];
    const header = new HeaderMap(rows[0] ?? []);
    return rows.some((row) => {
      const record = header.record(row);
      return cellText(record.key) === STATE_KEYS.lastCommit && cellText(record.value) === commitId;
    });
  }
}
