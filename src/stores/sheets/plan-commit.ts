import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import { changedColumns, leadToRecord } from '../../domain/lead-record.ts';
import { changedExceptionColumns, exceptionToRecord } from '../../domain/exception-record.ts';
import { toIso } from '../../domain/time.ts';
import type { ChangeSet } from '../../core/ports.ts';
import { columnLetter, headerRow, quoteTab } from './a1.ts';
import { cellData, rowData } from './cells.ts';
import type { LockPlan, LockTabs } from './lock-protocol.ts';
import { STATE_KEYS, TABS } from './schema.ts';
import type { CommitIntent } from './recover-commit.ts';
import { HeaderMap } from './table.ts';

/** Where things were when the sheet was last read (or written): all a commit addresses by. */
export interface TabLayout {
  title: string;
  sheetId: number;
  header: HeaderMap;
}

export interface CommitLayout {
  leads: TabLayout & {
    rowOf(leadId: string): number | undefined;
    rowCount: number;
    /** Leads read from rows with a blank lead_id, under the id Baton gave them (lead-rows.ts givenLeadId). */
    givenIds?: ReadonlySet<string>;
    /** Cells of hand-typed leads Baton fills with their first change (SheetLeadTable.fillIns). */
    fillIns?: ReadonlyMap<string, Partial<Record<'lead_id' | 'stage', string>>>;
  };
  state: TabLayout & { rows: ReadonlyMap<string, number>; rowCount: number };
  audit: TabLayout;
  /** The exceptions tab (issue 13); absent in layouts that predate it, which then cannot write exceptions. */
  exceptions?: TabLayout & { rows: ReadonlyMap<string, number>; rowCount: number };
}

/** Columns givenLeadId reads. */
export type GivenColumns = Record<'name' | 'phone' | 'email', number>;

export interface Echo {
  range: string;
  title: string;
  row: number;
  column: number;
}

export interface CellTarget {
  title: string;
  sheetId: number;
  row: number;
  column: number;
}

/** What the echo of a commit must show for its writes to have landed where they were meant to. */
export interface CommitExpectations {
  /** Row 1 of every tab written: the columns used must still be where the cached header had them. */
  headers: Array<{ title: string; header: HeaderMap; names: readonly string[] }>;
  /**
   * The key cell (lead_id / key) of every row written by position. A row typed without a lead_id
   * is known by its name, phone and email instead (`given`: their columns), its id being derived from them.
   */
  keys: Array<{ title: string; row: number; column: number; key: string; given?: GivenColumns }>;
  /** Appended rows, found again by the key written into the key column. */
  appended: Array<{ title: string; sheetId: number; column: number; keys: string[]; firstRow: number; lastRow: number; rowCount: number }>;
  /** Audit rows as written, to find them if the audit tab's columns moved. */
  auditRows: CellValue[][];
  /** Every cell overwritten, and the row of the lock tab its old content was copied to. */
  backups: Array<CellTarget & { backupRow: number }>;
}

export interface PlannedCommit {
  requests: sheets_v4.Schema$Request[];
  /** Ranges echoed by the same batchUpdate (responseRanges), with their top-left cells: what `verify-commit.ts` checks. */
  echoes: Echo[];
  expect: CommitExpectations;
  newStateKeys: string[];
  /** What is written where, by header name and key: saved before sending, to check after a crash (recover-commit.ts). */
  intent: Pick<CommitIntent, 'writes' | 'appends'>;
}

/** How far around the expected end of a tab a commit looks for the rows it appended. */
export const TAIL_WINDOW = 200;

function cellRange(title: string, row: number, column: number): string {
  const cell = `${columnLetter(column)}${row + 1}`;
  return `${quoteTab(title)}!${cell}:${cell}`;
}

function gridCell(sheetId: number, row: number, column: number): sheets_v4.Schema$GridRange {
  return { sheetId, startRowIndex: row, endRowIndex: row + 1, startColumnIndex: column, endColumnIndex: column + 1 };
}

/** The lead_sheet / routing_state / audit cells a change set means, before any request is built. */
interface CellWrite {
  target: CellTarget;
  value: CellValue;
  key: string;
  keyColumn: number;
  given?: GivenColumns;
}

function leadCellWrites(change: ChangeSet, layout: CommitLayout): CellWrite[] {
  const { leads } = layout;
  const keyColumn = leads.header.column('lead_id') as number;
  const writes: CellWrite[] = [];
  const given = givenColumns(leads.header);
  for (const { before, after } of change.leadUpdates) {
    const row = leads.rowOf(after.leadId);
    if (row === undefined) throw new Error(`lead ${after.leadId} has no known row`);
    // A lead typed by hand gets the id and stage Baton read into its blank cells, so from now on the row reads as any other.
    const cells = { ...leads.fillIns?.get(after.leadId), ...changedColumns(before, after) };
    const known = leads.givenIds?.has(after.leadId) && given ? { given } : {};
    for (const [name, value] of Object.entries(cells)) {
      const column = leads.header.column(name);
      if (column === undefined) continue;
      writes.push({ target: { title: leads.title, sheetId: leads.sheetId, row, column }, value, key: after.leadId, keyColumn, ...known });
    }
  }
  return writes;
}

/** Changed cells of exceptions already in the tab, by exception_id; new ones are appended (see planCommit). */
function exceptionCellWrites(change: ChangeSet, layout: CommitLayout): { writes: CellWrite[]; appended: CellValue[][]; keys: string[] } {
  const entries = change.exceptions ?? [];
  const tab = layout.exceptions;
  if (entries.length === 0) return { writes: [], appended: [], keys: [] };
  if (!tab) throw new Error('the exceptions tab is not known: restart Baton or run `npm run setup`');
  const keyColumn = tab.header.column('exception_id') as number;
  const writes: CellWrite[] = [];
  const appended: CellValue[][] = [];
  const keys: string[] = [];
  for (const { before, after } of entries) {
    const row = tab.rows.get(after.exceptionId);
    if (row === undefined) {
      // Opened in this commit, or its row vanished (an admin deleted it): written as a whole row again.
      appended.push(tab.header.row(exceptionToRecord(after)));
      keys.push(after.exceptionId);
      continue;
    }
    for (const [name, value] of Object.entries(changedExceptionColumns(before, after))) {
      const column = tab.header.column(name);
      if (column === undefined) continue;
      writes.push({ target: { title: tab.title, sheetId: tab.sheetId, row, column }, value, key: after.exceptionId, keyColumn });
    }
  }
  return { writes, appended, keys };
}

/** Routing-state entries of the change plus the commit's own bookkeeping, last write per key winning. */
export function stateEntries(change: ChangeSet, version: number, commitId: string): Map<string, string> {
  const entries: Array<[string, string]> = [...change.stateEntries];
  if (change.cursor) entries.push([STATE_KEYS.lastIndex, String(change.cursor.lastIndex)], [STATE_KEYS.lastSlackId, change.cursor.lastSlackId]);
  entries.push([STATE_KEYS.lastCommit, commitId], [STATE_KEYS.version, String(version)]);
  return new Map(entries);
}

function tail(title: string, sheetId: number, column: number, rowCount: number, keys: string[]): CommitExpectations['appended'][number] {
  const firstRow = Math.max(1, rowCount - TAIL_WINDOW);
  return { title, sheetId, column, keys, firstRow, lastRow: rowCount + keys.length + TAIL_WINDOW - 1, rowCount };
}

/**
 * A change set and the positions it was decided against -> one atomic batchUpdate. Pure.
 *
 * Every cell overwritten by position is first copied into the commit's lock tab, and the same
 * request echoes row 1 of each tab it writes and the key cell of each row it writes by position.
 * If an admin moved columns or sorted rows since the read, the echo shows it and the backups let
 * the store put back exactly what was overwritten (see undo-commit.ts), then decide again.
 */
export function planCommit(change: ChangeSet, layout: CommitLayout, lock: { tabs: LockTabs; plan: LockPlan }, commitId: string): PlannedCommit {
  const { leads, state, audit } = layout;
  const writes = leadCellWrites(change, layout);
  const exceptionWrites = exceptionCellWrites(change, layout);
  writes.push(...exceptionWrites.writes);
  const stateKeyColumn = state.header.column('key') as number;
  const valueColumn = state.header.column('value') as number;
  const newStateKeys: Array<[string, string]> = [];
  for (const [key, value] of stateEntries(change, lock.plan.version, commitId)) {
    const row = state.rows.get(key);
    if (row === undefined) newStateKeys.push([key, value]);
    else writes.push({ target: { title: state.title, sheetId: state.sheetId, row, column: valueColumn }, value, key, keyColumn: stateKeyColumn });
  }

  const { first, last } = lock.tabs.requests({ ...lock.plan, rows: Math.max(1, writes.length) });
  const requests: sheets_v4.Schema$Request[] = [...first];
  const backups: CommitExpectations['backups'] = [];
  const intent: PlannedCommit['intent'] = { writes: [], appends: [] };
  const headers = new Map<string, HeaderMap>([leads, state, audit, ...(layout.exceptions ? [layout.exceptions] : [])].map((tab) => [tab.title, tab.header]));
  const nameOf = (title: string, column: number) => cellText(headers.get(title)?.headers[column] ?? null);
  for (const write of writes) {
    const { sheetId, row, column } = write.target;
    const backupRow = backups.length;
    backups.push({ ...write.target, backupRow });
    intent.writes.push({ ...write.target, backupRow, name: nameOf(write.target.title, column), keyName: nameOf(write.target.title, write.keyColumn), key: write.key, value: write.value });
    requests.push({ copyPaste: { source: gridCell(sheetId, row, column), destination: gridCell(lock.plan.sheetId, backupRow, 0), pasteType: 'PASTE_NORMAL' } });
    requests.push({ updateCells: { start: { sheetId, rowIndex: row, columnIndex: column }, rows: [{ values: [cellData(write.value)] }], fields: 'userEnteredValue' } });
  }

  const expect: CommitExpectations = { headers: [], keys: [], appended: [], auditRows: [], backups };
  const touched = new Set(writes.map((write) => write.target.title));
  if (change.newLeads.length > 0) {
    touched.add(leads.title);
    const rows = change.newLeads.map((lead) => leads.header.row(leadToRecord(lead)));
    intent.appends.push({ title: leads.title, sheetId: leads.sheetId, keyName: 'lead_id', keys: change.newLeads.map((lead) => lead.leadId), rows });
    requests.push({ appendCells: { sheetId: leads.sheetId, rows: rows.map(rowData), fields: 'userEnteredValue' } });
    expect.appended.push(tail(leads.title, leads.sheetId, leads.header.column('lead_id') as number, leads.rowCount, change.newLeads.map((lead) => lead.leadId)));
  }
  if (newStateKeys.length > 0) {
    touched.add(state.title);
    const rows = newStateKeys.map(([key, value]) => state.header.row({ key, value }));
    intent.appends.push({ title: state.title, sheetId: state.sheetId, keyName: 'key', keys: newStateKeys.map(([key]) => key), rows });
    requests.push({ appendCells: { sheetId: state.sheetId, rows: rows.map(rowData), fields: 'userEnteredValue' } });
    expect.appended.push(tail(state.title, state.sheetId, stateKeyColumn, state.rowCount, newStateKeys.map(([key]) => key)));
  }
  if (exceptionWrites.appended.length > 0 && layout.exceptions) {
    const tab = layout.exceptions;
    touched.add(tab.title);
    intent.appends.push({ title: tab.title, sheetId: tab.sheetId, keyName: 'exception_id', keys: exceptionWrites.keys, rows: exceptionWrites.appended });
    requests.push({ appendCells: { sheetId: tab.sheetId, rows: exceptionWrites.appended.map(rowData), fields: 'userEnteredValue' } });
    expect.appended.push(tail(tab.title, tab.sheetId, tab.header.column('exception_id') as number, tab.rowCount, exceptionWrites.keys));
  }
  if (change.audit.length > 0) {
    touched.add(audit.title);
    expect.auditRows = change.audit.map((entry) => audit.header.row({ at: toIso(entry.at), event: entry.event, lead_id: entry.leadId, actor: entry.actor, detail: entry.detail }));
    requests.push({ appendCells: { sheetId: audit.sheetId, rows: expect.auditRows.map(rowData), fields: 'userEnteredValue' } });
  }
  requests.push(...last);

  for (const tab of [leads, state, audit, ...(layout.exceptions ? [layout.exceptions] : [])]) {
    if (touched.has(tab.title)) expect.headers.push({ title: tab.title, header: tab.header, names: headersOf(tab.title) });
  }
  const keyed = new Set<string>();
  for (const write of writes) {
    const id = `${write.target.title}\u0000${write.target.row}`;
    if (keyed.has(id)) continue;
    keyed.add(id);
    expect.keys.push({ title: write.target.title, row: write.target.row, column: write.keyColumn, key: write.key, ...(write.given ? { given: write.given } : {}) });
  }

  const echoes: Echo[] = [
    ...expect.headers.map((tab) => ({ range: headerRow(tab.title), title: tab.title, row: 0, column: 0 })),
    ...expect.keys.flatMap((key) =>
      [key.column, ...(key.given ? Object.values(key.given) : [])].map((column) => ({ range: cellRange(key.title, key.row, column), title: key.title, row: key.row, column })),
    ),
    ...expect.appended.map((tailEcho) => {
      const letter = columnLetter(tailEcho.column);
      const range = `${quoteTab(tailEcho.title)}!${letter}${tailEcho.firstRow + 1}:${letter}${tailEcho.lastRow + 1}`;
      return { range, title: tailEcho.title, row: tailEcho.firstRow, column: tailEcho.column };
    }),
  ];
  return { requests, echoes, expect, newStateKeys: newStateKeys.map(([key]) => key), intent };
}

function givenColumns(header: HeaderMap): GivenColumns | undefined {
  const [name, phone, email] = (['name', 'phone', 'email'] as const).map((column) => header.column(column));
  return name === undefined || phone === undefined || email === undefined ? undefined : { name, phone, email };
}

function headersOf(title: string): readonly string[] {
  for (const tab of Object.values(TABS)) if (tab.title === title) return tab.headers;
  return [];
}
