import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';
import type { ChangeSet } from '../../core/ports.ts';
import type { Lead } from '../../domain/types.ts';
import type { Logger } from '../../log.ts';
import type { SheetsApi } from '../sheets/client.ts';
import type { Requester } from '../sheets/requester.ts';
import { TABS } from '../sheets/schema.ts';
import { rowToLead, type LeadRow } from '../postgres/lead-rows.ts';
import type { SqlClient } from '../postgres/sql-client.ts';
import { coalesceChange, MIRROR_HEADER, mirrorCells, mirrorRow, planMirrorFlush, ROW_HEADROOM } from './plan-mirror-flush.ts';

/**
 * 5 s: a lead shows in the sheet within seconds, and the mirror spends at most 12 of the 60 writes
 * a minute Google allows a service account by default, leaving the rest (and room for the
 * Requester's retries) to anything else that writes to the spreadsheet.
 */
export const MIRROR_INTERVAL_MS = 5_000;
/** Leads per request in a resync: ~26 columns × 2 000 rows stays well under Sheets' request size. */
const RESYNC_PAGE = 2_000;

export interface MirrorOptions {
  api: SheetsApi;
  requester: Requester;
  spreadsheetId: string;
  sql: SqlClient;
  /** Runs the store's migrations before the resync reads the leads table. */
  ready: () => Promise<unknown>;
  log: Logger;
  intervalMs?: number;
  /** Told after every flush attempt (tests wait on it instead of sleeping). */
  onFlush?: (outcome: { written: number; error?: string }) => void;
}

/**
 * Copies the PostgreSQL store's committed leads to lead_sheet for people to look at. Write-only:
 * the tab is never read, so hand edits there change nothing in Baton (and are overwritten when
 * that lead changes or at the next resync). Changes are coalesced by lead id and written in one
 * values.batchUpdate per tick through the Requester (quota pacing, retries). A failed flush keeps
 * its leads pending for the next tick. On start, one full resync from the database (paged) gives
 * every lead its row, so restarts and missed flushes heal.
 */
export class LeadSheetMirror {
  private readonly pending = new Map<string, Lead>();
  private readonly positions = new Map<string, number>();
  private nextRow = 2;
  /** lead_sheet's id and row count, known once the first resync wrote it. */
  private grid: { sheetId: number; rowCount: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly tab = TABS.leads.title;

  constructor(private readonly options: MirrorOptions) {}

  /** A commit that succeeded: its leads are written at the next tick. */
  record(change: Pick<ChangeSet, 'newLeads' | 'leadUpdates'>): void {
    coalesceChange(this.pending, change);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs ?? MIRROR_INTERVAL_MS);
    // A one-off command (npm run sweep) must not stay alive for the mirror.
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** One tick; ticks never overlap, so at most one write is in flight. */
  flush(): Promise<void> {
    this.running = this.running.then(() => this.tick());
    return this.running;
  }

  private async tick(): Promise<void> {
    const { log, onFlush } = this.options;
    try {
      if (!this.grid) {
        const written = await this.resync();
        onFlush?.({ written });
        return;
      }
      if (this.pending.size === 0) return;
      const grid = this.grid;
      const batch = new Map(this.pending);
      const plan = planMirrorFlush(batch, this.positions, this.nextRow, grid);
      await this.batchUpdate(`mirror ${batch.size} leads to ${this.tab}`, plan.requests);
      for (const [leadId, row] of plan.placed) this.positions.set(leadId, row);
      this.nextRow = plan.nextRow;
      grid.rowCount = plan.rowCount;
      // Only what was written leaves; a lead changed again meanwhile stays for the next tick.
      for (const [leadId, lead] of batch) if (this.pending.get(leadId) === lead) this.pending.delete(leadId);
      onFlush?.({ written: batch.size });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ err: message, pending: this.pending.size }, 'mirror: could not write lead_sheet; retrying next tick');
      onFlush?.({ written: 0, error: message });
    }
  }

  private batchUpdate(what: string, requests: sheets_v4.Schema$Request[]) {
    const { api, requester, spreadsheetId } = this.options;
    return requester.write(what, () => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }));
  }

  /** lead_sheet's id and size, the tab added when the spreadsheet has none. */
  private async findTab(): Promise<{ sheetId: number; rowCount: number; columnCount: number }> {
    const { api, requester, spreadsheetId } = this.options;
    const got = await requester.read('mirror: spreadsheets.get', () => api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))' }));
    const tab = got.data.sheets?.find((sheet) => sheet.properties?.title === this.tab)?.properties;
    if (tab?.sheetId !== undefined && tab.sheetId !== null) {
      return { sheetId: tab.sheetId, rowCount: tab.gridProperties?.rowCount ?? 0, columnCount: tab.gridProperties?.columnCount ?? 0 };
    }
    const added = await this.batchUpdate(`mirror: add ${this.tab}`, [{ addSheet: { properties: { title: this.tab } } }]);
    const props = added?.data.replies?.[0]?.addSheet?.properties;
    if (props?.sheetId === undefined || props.sheetId === null) throw new Error(`could not add the ${this.tab} tab`);
    return { sheetId: props.sheetId, rowCount: props.gridProperties?.rowCount ?? 0, columnCount: props.gridProperties?.columnCount ?? 0 };
  }

  /**
   * The whole tab from the database. Cost: the leads read in pages of 2 000 (by primary key), one
   * spreadsheets.get, then one batchUpdate per 2 000 leads (the first also sizes the grid, clears
   * the tab and writes the header).
   */
  private async resync(): Promise<number> {
    const { sql, ready } = this.options;
    await ready();
    const leads: Lead[] = [];
    let after = '';
    for (;;) {
      const { rows } = await sql.query<{ page: unknown }>(
        `SELECT coalesce(json_agg(l ORDER BY l.lead_id), '[]'::json) AS page FROM (SELECT * FROM leads WHERE lead_id > $1 ORDER BY lead_id LIMIT $2) l`,
        [after, RESYNC_PAGE],
      );
      const raw = rows[0]?.page;
      const page = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as LeadRow[];
      for (const row of page) leads.push(rowToLead(row));
      if (page.length < RESYNC_PAGE) break;
      after = page[page.length - 1]!.lead_id;
    }
    const tab = await this.findTab();
    const rowCount = leads.length + 1 + ROW_HEADROOM;
    for (let start = 0; start === 0 || start < leads.length; start += RESYNC_PAGE) {
      const rows = leads.slice(start, start + RESYNC_PAGE).map(mirrorRow);
      const requests: sheets_v4.Schema$Request[] =
        start === 0
          ? [
              {
                updateSheetProperties: {
                  // Columns are never taken away: an admin's own columns there are theirs.
                  properties: { sheetId: tab.sheetId, gridProperties: { rowCount, columnCount: Math.max(tab.columnCount, MIRROR_HEADER.length) } },
                  fields: 'gridProperties.rowCount,gridProperties.columnCount',
                },
              },
              { updateCells: { range: { sheetId: tab.sheetId }, fields: 'userEnteredValue' } },
              mirrorCells(tab.sheetId, 1, [MIRROR_HEADER, ...rows]),
            ]
          : [mirrorCells(tab.sheetId, start + 2, rows)];
      await this.batchUpdate(`mirror: resync ${this.tab} from lead ${start + 1}`, requests);
    }
    this.positions.clear();
    leads.forEach((lead, i) => this.positions.set(lead.leadId, i + 2));
    this.nextRow = leads.length + 2;
    this.grid = { sheetId: tab.sheetId, rowCount };
    // Pending leads the resync already wrote stay pending: rewriting them is harmless, and a commit
    // that landed after the read above must not be lost.
    this.options.log.info({ leads: leads.length }, 'mirror: lead_sheet rewritten from PostgreSQL (read-only copy)');
    return leads.length;
  }
}
