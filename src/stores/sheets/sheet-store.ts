import { randomUUID } from 'node:crypto';
import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import { toIso } from '../../domain/time.ts';
import type { Logger } from '../../log.ts';
import { splitState, type ChangeSet, type LeadStore, type Snapshot } from '../../core/ports.ts';
import { CommitConflict } from '../../core/commit-conflict.ts';
import { columnLetter, headerRow, wholeTab } from './a1.ts';
import { CommitIntents } from './commit-intents.ts';
import { planRecovery, recoveryRequests } from './recover-commit.ts';
import type { SheetsApi } from './client.ts';
import { ensureSchema, type SheetLayout } from './ensure-schema.ts';
import { SheetsError } from './errors.ts';
import type { Requester } from './requester.ts';
import { LockTabs, type LockPlan, type TabListing } from './lock-protocol.ts';
import { planCommit, type CommitLayout, type PlannedCommit } from './plan-commit.ts';
import { STATE_KEYS, TAB_NAMES, TABS } from './schema.ts';
import { findWrittenRows, planUndo } from './undo-commit.ts';
import { EchoedCells, verifyCommit, type Verdict } from './verify-commit.ts';
import { readAnswerBytes } from './answer-bytes.ts';
import { SheetLeadTable } from './lead-rows.ts';
import { HeaderMap } from './table.ts';
import { readValueRanges } from './value-ranges.ts';
import { readExceptionRows, type ExceptionRows } from './exception-rows.ts';
import { requireTabHeaders, rosterFromRows } from './roster-rows.ts';
import { rulesFromRows } from './rule-rows.ts';

type Row = CellValue[];

/** Position of lead_sheet among the ranges `load` asks for. */
const LEADS_RANGE = 1;

// Another Baton process committed since this one read, or the commit was undone: decide again (one type for every store).
export { CommitConflict } from '../../core/commit-conflict.ts';

interface Positions {
  /** 0-based sheet row of each lead and state key, as last read or written. */
  leadRows: ReadonlyMap<string, number>;
  /** Leads of that read typed by hand: ids Baton gave rows without one, and the blank cells it fills. */
  givenIds: ReadonlySet<string>;
  fillIns: ReadonlyMap<string, Partial<Record<'lead_id' | 'stage', string>>>;
  /** Rows this process appended since that read (the read's own map is left as read). */
  appendedLeadRows: Map<string, number>;
  leadRowCount: number;
  stateRows: Map<string, number>;
  stateRowCount: number;
  /** The exceptions tab (issue 13): row of each exception_id, and how many rows it has. */
  exceptions: ExceptionRows;
  /** Bumped by every Baton commit; a commit claims version+1 by creating its lock tab. */
  version: number;
  headers: { leads: HeaderMap; state: HeaderMap; audit: HeaderMap; exceptions: HeaderMap };
}

export interface SheetStoreOptions {
  api: SheetsApi;
  requester: Requester;
  spreadsheetId: string;
  timeZone: string;
  log: Logger;
  /** Where each commit's intent is saved until it is verified (DATA_DIR), so a crash in between is repaired by the next process. */
  intentDir?: string;
}

/**
 * The lead store on Google Sheets. One read (values.batchGet of roster, leads and state) and one
 * atomic write (spreadsheets.batchUpdate: appended rows, changed cells, audit rows, the lock).
 * Columns are found by header name on every read; admins' columns are never touched. Every write
 * is checked in its own answer against what admins may have moved meanwhile, and undone if it
 * landed anywhere but where it was meant to (see plan-commit.ts, verify-commit.ts, undo-commit.ts).
 */
export class SheetLeadStore implements LeadStore {
  private layout: SheetLayout | undefined;
  private positions: Positions | undefined;
  /** Size of the last batchGet answer: the next one is read into a buffer about that big. */
  private lastAnswerBytes = 0;
  /** The leads of the last read, whose bytes the next read reuses. */
  private table: SheetLeadTable | undefined;
  private readonly lock = new LockTabs();
  /** The spreadsheet's locale, learnt at init (a one-off sweep that never inits reads without it). */
  private locale: string | undefined;

  private readonly intents: CommitIntents | undefined;
  /** Whether commits left unchecked by a killed process were looked for (once, before the first read). */
  private recovered = false;

  constructor(private readonly options: SheetStoreOptions) {
    this.intents = options.intentDir ? new CommitIntents(options.intentDir, options.spreadsheetId) : undefined;
  }

  /** Checks and repairs the tabs (a server does this at startup; a one-off sweep only when it writes). */
  async init(): Promise<string[]> {
    const { api, requester, spreadsheetId, log } = this.options;
    const report = await ensureSchema(api, requester, spreadsheetId, log);
    this.layout = { sheetIds: report.sheetIds };
    this.locale = report.locale;
    return report.changes;
  }

  /** The tabs' ids, read only when a commit needs them: a sweep with nothing due never asks. */
  private async sheetLayout(): Promise<SheetLayout> {
    if (!this.layout) this.layout = layoutOf(await this.listTabs());
    return this.layout;
  }

  private async listTabs(): Promise<TabListing[]> {
    const { api, requester, spreadsheetId } = this.options;
    const response = await requester.read('spreadsheets.get tabs', () => api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties(sheetId,title)' }));
    return (response.data.sheets ?? []).flatMap((sheet) => {
      const { sheetId, title } = sheet.properties ?? {};
      return typeof sheetId === 'number' && title ? [{ sheetId, title }] : [];
    });
  }

  async load(): Promise<Snapshot> {
    const { timeZone } = this.options;
    // The ledger, this store's only reader, dropped its view of the last read before reading
    // again: that read's bytes take the new answer (the table refuses undecoded rows from now on).
    const recycled = this.table?.retire();
    this.table = undefined;
    this.positions = undefined;
    if (!this.recovered) {
      await this.recoverInterrupted();
      this.recovered = true;
    }
    if (this.lock.wantsListing) {
      // After a refused lock the tabs are listed BEFORE the state is read (lock-protocol.ts says why).
      const tabs = await this.listTabs();
      this.lock.absorbListing(tabs);
      this.layout = layoutOf(tabs);
    } else {
      this.lock.readWithoutListing();
    }
    let response: Awaited<ReturnType<SheetLeadStore['readAll']>>;
    try {
      response = await this.readAll(recycled);
    } catch (error) {
      // A tab this version reads (one a newer Baton added) is missing: a one-off `npm run sweep`
      // on a sheet no new server has started on yet. Add it as startup and `npm run setup` would.
      if (!/Unable to parse range/i.test(error instanceof Error ? error.message : String(error))) throw error;
      this.options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'sheets: a tab Baton reads is missing; adding the missing tabs and headers, then reading again');
      await this.init();
      response = await this.readAll(undefined);
    }
    const leads = new SheetLeadTable({ timeZone, locale: this.locale });
    const { values, stored } = readValueRanges(response.data, { streamed: LEADS_RANGE, onRow: leads.take });
    leads.finish(stored);
    this.table = leads;
    const [rosterRows, , stateRows, auditRows, exceptionRows, ruleRows] = values;
    const snapshot = this.readSnapshot(rosterRows ?? [], leads, stateRows ?? [], auditRows?.[0] ?? [], exceptionRows ?? []);
    // Routing rules come in the same read as the roster: no extra request per intake (issue 12).
    return { ...snapshot, rules: rulesFromRows(ruleRows ?? []).rules };
  }

  /** The one read: roster, leads (as raw bytes), routing state, the audit header, exceptions and rules. */
  private readAll(recycled: ReturnType<SheetLeadTable['retire']> | undefined) {
    const { api, requester, spreadsheetId } = this.options;
    return requester.read('values.batchGet', () =>
      api.spreadsheets.values.batchGet(
        {
          spreadsheetId,
          ranges: [wholeTab(TABS.roster.title), wholeTab(TABS.leads.title), wholeTab(TABS.state.title), headerRow(TABS.audit.title), wholeTab(TABS.exceptions.title), wholeTab(TABS.rules.title)],
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
  }

  private readSnapshot(rosterRows: Row[], leads: SheetLeadTable, stateRows: Row[], auditHeader: Row, exceptionRows: Row[]): Snapshot {
    const roster = rosterFromRows(rosterRows, { timeZone: this.options.timeZone, locale: this.locale });
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

    const audit = new HeaderMap(auditHeader);
    // Its rows are found by exception_id like lead rows by lead_id: a renamed header must stop writes, not misplace them.
    this.requireHeaders('exceptions', exceptionRows[0]);
    const exceptions = readExceptionRows(exceptionRows, { timeZone: this.options.timeZone, locale: this.locale });
    this.positions = {
      // Only the row numbers: the next read must not find this one's bytes still held.
      leadRows: leads.rowIndex,
      givenIds: leads.givenIds,
      fillIns: leads.fillIns,
      appendedLeadRows: new Map(),
      leadRowCount: leads.rowCount,
      stateRows: statePositions,
      stateRowCount: stateRows.length,
      exceptions,
      version: Number.parseInt(state.get(STATE_KEYS.version) ?? '0', 10) || 0,
      headers: {
        leads: leads.header,
        state: stateHeader,
        audit: audit.width > 0 ? audit : new HeaderMap(TABS.audit.headers),
        exceptions: exceptions.header.width > 0 ? exceptions.header : new HeaderMap(TABS.exceptions.headers),
      },
    };

    const lastIndex = Number.parseInt(state.get(STATE_KEYS.lastIndex) ?? '', 10);
    return {
      roster,
      cursor: { lastIndex: Number.isFinite(lastIndex) ? lastIndex : -1, lastSlackId: state.get(STATE_KEYS.lastSlackId) ?? '' },
      ...splitState(state),
      leads,
      unreadable: leads.unreadable,
      exceptions: exceptions.list,
    };
  }

  private requireHeaders(tab: keyof typeof TABS, row: readonly CellValue[] | undefined): HeaderMap {
    return requireTabHeaders(tab, row);
  }

  async commit(change: ChangeSet): Promise<void> {
    const positions = this.positions;
    if (!positions) throw new Error('SheetLeadStore: load() must run before commit()');
    const { sheetIds } = await this.sheetLayout();
    const { log } = this.options;
    const now = Date.now();
    const lockPlan = this.lock.plan(positions.version, 0);
    const healed = lockPlan.healed.map((detail) => ({ at: now, event: 'sheet.lock_healed', leadId: '', actor: 'baton', detail }));
    for (const note of healed) log.warn({ lock: lockPlan.title }, `sheets: ${note.detail}`);
    const effective: ChangeSet = healed.length > 0 ? { ...change, audit: [...change.audit, ...healed] } : change;

    // Every commit carries a unique marker, so after a lost answer one read tells whether it landed.
    const commitId = `${toIso(now)} ${randomUUID()}`;
    const planned = planCommit(effective, this.commitLayout(positions, sheetIds), { tabs: this.lock, plan: lockPlan }, commitId);
    const endIntent = this.intents?.begin({ commitId, pid: process.pid, lock: { sheetId: lockPlan.sheetId, title: lockPlan.title }, auditSheetId: sheetIds.audit, ...planned.intent }) ?? (() => undefined);
    try {
      await this.send(planned, change, lockPlan, commitId, positions, sheetIds);
    } finally {
      endIntent();
    }
  }

  /** Sends a planned commit, verifies where it landed and undoes it if misplaced (CommitConflict). */
  private async send(planned: PlannedCommit, change: ChangeSet, lockPlan: LockPlan, commitId: string, positions: Positions, sheetIds: SheetLayout['sheetIds']): Promise<void> {
    const { api, requester, spreadsheetId } = this.options;
    const send = () =>
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: planned.requests, includeSpreadsheetInResponse: true, responseIncludeGridData: true, responseRanges: planned.echoes.map((echo) => echo.range) },
      });

    let response: Awaited<ReturnType<typeof send>> | undefined;
    try {
      response = await requester.write(`spreadsheets.batchUpdate (${change.newLeads.length} new, ${change.leadUpdates.length} updated, ${change.audit.length} audit)`, send, () =>
        this.landed(commitId),
      );
    } catch (error) {
      const refusal = this.lock.refusal(error instanceof Error ? error.message : String(error), lockPlan);
      if (!refusal) throw error;
      // The lock we were refused may be our own: an earlier attempt landed, its answer was lost and
      // the check for it failed (quota, network). Then it must be verified like any landed write.
      if (!(await this.landed(commitId, 'retrying').catch(() => false))) {
        this.positions = undefined;
        throw new CommitConflict(refusal.detail);
      }
      this.options.log.info({ lock: lockPlan.title }, 'sheets: the refused retry was our own earlier attempt, which had landed; verifying it');
    }
    // A write verified after a lost answer has no echo: read the same ranges instead.
    const echoed = response ? EchoedCells.fromGrids(response.data.updatedSpreadsheet?.sheets ?? []) : await this.readEchoes(planned.echoes);
    const verdict = verifyCommit(planned.expect, echoed);
    if (verdict.problems.length > 0) {
      this.positions = undefined;
      await this.undo(planned, verdict, lockPlan, echoed, positions, sheetIds);
      throw new CommitConflict(`undone, deciding again: ${verdict.problems.join('; ')}`);
    }
    this.lock.committed();
    positions.version = lockPlan.version;
    for (const [leadId, row] of verdict.appendedRows.get(TABS.leads.title) ?? []) positions.appendedLeadRows.set(leadId, row);
    for (const [key, row] of verdict.appendedRows.get(TABS.state.title) ?? []) positions.stateRows.set(key, row);
    for (const [key, row] of verdict.appendedRows.get(TABS.exceptions.title) ?? []) positions.exceptions.rows.set(key, row);
    positions.exceptions.rowCount = verdict.rowCounts.get(TABS.exceptions.title) ?? positions.exceptions.rowCount;
    positions.leadRowCount = verdict.rowCounts.get(TABS.leads.title) ?? positions.leadRowCount;
    positions.stateRowCount = verdict.rowCounts.get(TABS.state.title) ?? positions.stateRowCount;
  }

  private commitLayout(positions: Positions, sheetIds: SheetLayout['sheetIds']): CommitLayout {
    const { leads, state, audit } = positions.headers;
    return {
      leads: {
        title: TABS.leads.title,
        sheetId: sheetIds.leads,
        header: leads,
        rowOf: (leadId) => positions.appendedLeadRows.get(leadId) ?? positions.leadRows.get(leadId),
        rowCount: positions.leadRowCount,
        givenIds: positions.givenIds,
        fillIns: positions.fillIns,
      },
      state: { title: TABS.state.title, sheetId: sheetIds.state, header: state, rows: positions.stateRows, rowCount: positions.stateRowCount },
      audit: { title: TABS.audit.title, sheetId: sheetIds.audit, header: audit },
      exceptions: {
        title: TABS.exceptions.title,
        sheetId: sheetIds.exceptions,
        header: positions.headers.exceptions,
        rows: positions.exceptions.rows,
        rowCount: positions.exceptions.rowCount,
      },
    };
  }

  private async readEchoes(echoes: PlannedCommit['echoes']): Promise<EchoedCells> {
    const { api, requester, spreadsheetId } = this.options;
    const response = await requester.read('values.batchGet (verify placement)', () =>
      api.spreadsheets.values.batchGet({ spreadsheetId, ranges: echoes.map((echo) => echo.range), valueRenderOption: 'UNFORMATTED_VALUE' }),
    );
    return EchoedCells.fromValueRanges(echoes, response.data.valueRanges ?? []);
  }

  /**
   * Puts back what a misplaced commit overwrote and removes what it appended, in one batchUpdate,
   * and audits it. If that fails the sheet keeps the misplaced values: logged as an error with
   * everything an admin needs to fix them by hand.
   */
  private async undo(planned: PlannedCommit, verdict: Verdict, lockPlan: LockPlan, echoed: EchoedCells, positions: Positions, sheetIds: SheetLayout['sheetIds']): Promise<void> {
    const { api, requester, spreadsheetId, log } = this.options;
    const auditTitle = TABS.audit.title;
    const oldAudit = positions.headers.audit;
    const nowAudit = verdict.movedTabs.has(auditTitle) ? new HeaderMap(echoed.row(auditTitle, 0)) : oldAudit;
    let auditRows: number[] = [];
    if (planned.expect.auditRows.length > 0) {
      // Rare (only after an admin edit raced a commit): find the rows this commit appended to remove them.
      const response = await requester.read('values.get audit_log (repair)', () =>
        api.spreadsheets.values.get({ spreadsheetId, range: wholeTab(auditTitle), valueRenderOption: 'UNFORMATTED_VALUE' }),
      );
      const found = findWrittenRows((response.data.values ?? []) as Row[], planned.expect.auditRows);
      if (found) auditRows = found;
      else log.error({ rows: planned.expect.auditRows.length }, 'sheets: the undone commit\'s audit rows could not be found; they stay in audit_log');
    }
    const undone = `${planned.expect.backups.length} overwritten cells restored, ${[...verdict.appendedRows.values()].reduce((n, rows) => n + rows.size, 0)} appended rows removed, ${auditRows.length} audit rows withdrawn`;
    const detail = `${verdict.problems.join('; ')}; ${undone}; deciding again`;
    const repairRows = [nowAudit.row({ at: toIso(Date.now()), event: 'sheet.repaired', lead_id: '', actor: 'baton', detail })];
    const requests = planUndo({ expect: planned.expect, verdict, lock: lockPlan, auditRows, repairRows, auditSheetId: sheetIds.audit });
    try {
      await requester.write('spreadsheets.batchUpdate (undo a misplaced commit)', () => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }), async () => {
        const tabs = await this.listTabs();
        return !tabs.some((tab) => tab.sheetId === lockPlan.sheetId);
      });
    } catch (error) {
      log.error({ problems: verdict.problems, backups: planned.expect.backups, err: error instanceof Error ? error.message : String(error) }, 'sheets: a commit landed in the wrong place and could NOT be undone; fix the cells listed by hand');
      throw error;
    }
    log.warn({ problems: verdict.problems }, `sheets: repaired: ${detail}`);
  }

  /**
   * Commits a killed process sent but never checked (its intent file is still in DATA_DIR): each
   * is checked by content and whatever landed on another row or column is put back from its lock
   * tab, with a `sheet.repaired` audit row. Lost facts are redone by the usual paths (the click
   * journal, the startup sweep's unrecorded DMs). Costs nothing when no intent was left behind.
   */
  private async recoverInterrupted(): Promise<void> {
    const { api, requester, spreadsheetId, log } = this.options;
    for (const { intent, remove } of this.intents?.interrupted() ?? []) {
      const titles = [...new Set([...intent.writes.map((write) => write.title), ...intent.appends.map((append) => append.title)])];
      try {
        const response = await requester.read('values.batchGet (check an interrupted commit)', () =>
          api.spreadsheets.values.batchGet({ spreadsheetId, ranges: [...titles.map(wholeTab), headerRow(TABS.audit.title)], valueRenderOption: 'UNFORMATTED_VALUE' }),
        );
        const ranges = response.data.valueRanges ?? [];
        const tabs = new Map(titles.map((title, i) => [title, (ranges[i]?.values ?? []) as Row[]]));
        const plan = planRecovery(intent, tabs);
        if (plan.problems.length > 0) {
          const auditHeader = new HeaderMap(((ranges[titles.length]?.values ?? [])[0] ?? TABS.audit.headers) as Row);
          const detail = `after a restart: commit ${intent.commitId} was interrupted before it was checked; ${plan.problems.join('; ')}; put back from ${intent.lock.title}`;
          const repairRow = auditHeader.row({ at: toIso(Date.now()), event: 'sheet.repaired', lead_id: '', actor: 'baton', detail });
          await requester.write('spreadsheets.batchUpdate (repair an interrupted commit)', () =>
            api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: recoveryRequests(intent, plan, repairRow) } }),
          );
          log.warn({ commitId: intent.commitId, problems: plan.problems }, `sheets: repaired: ${detail}`);
        } else {
          log.info({ commitId: intent.commitId }, 'sheets: a commit interrupted by a crash had landed where it was meant to');
        }
        remove();
      } catch (error) {
        if ((error as { retryable?: boolean }).retryable) throw error;
        // Not retryable (its lock tab is gone: another commit came after it): say what to check by hand.
        log.error({ commitId: intent.commitId, writes: intent.writes.map((write) => `${write.title}!${columnLetter(write.column)}${write.row + 1}`), err: error instanceof Error ? error.message : String(error) }, 'sheets: could not check a commit interrupted by a crash; check these cells by hand');
        remove();
      }
    }
  }

  /** Whether the commit marked `commitId` is in the sheet. Once: the requester's own retry loop asks again. */
  private async landed(commitId: string, how: 'once' | 'retrying' = 'once'): Promise<boolean> {
    const { api, requester, spreadsheetId } = this.options;
    const read = () => api.spreadsheets.values.get({ spreadsheetId, range: wholeTab(TABS.state.title), valueRenderOption: 'UNFORMATTED_VALUE' });
    const response = how === 'once' ? await requester.readOnce('values.get routing_state (verify)', read) : await requester.read('values.get routing_state (verify)', read);
    const rows = (response.data.values ?? []) as Row[];
    const header = new HeaderMap(rows[0] ?? []);
    return rows.some((row) => {
      const record = header.record(row);
      return cellText(record.key) === STATE_KEYS.lastCommit && cellText(record.value) === commitId;
    });
  }
}

/** Baton's tabs' ids from a listing; a missing tab is named with the fix. */
function layoutOf(tabs: readonly TabListing[]): SheetLayout {
  const sheetIds = {} as SheetLayout['sheetIds'];
  for (const name of TAB_NAMES) {
    const tab = tabs.find((one) => one.title === TABS[name].title);
    if (!tab) throw new SheetsError('SHEETS_BAD_REQUEST', `the spreadsheet has no tab ${TABS[name].title}. Restart Baton or run \`npm run setup\` to add it.`, undefined, false);
    sheetIds[name] = tab.sheetId;
  }
  return { sheetIds };
}
