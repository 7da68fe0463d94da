import type { CellValue } from '../../domain/cells.ts';
import { cellText } from '../../domain/cells.ts';
import { parseSheetTime } from '../../domain/time.ts';
import type { Millis } from '../../domain/types.ts';
import type { Clock, AuditEntry } from '../../core/ports.ts';
import type { AuditSource } from '../../core/visibility-ports.ts';
import { columnLetter, quoteTab } from './a1.ts';
import type { SheetsApi } from './client.ts';
import type { Requester } from './requester.ts';
import { TABS } from './schema.ts';
import { HeaderMap } from './table.ts';

export interface AuditTailOptions {
  api: SheetsApi;
  requester: Requester;
  spreadsheetId: string;
  timeZone: string;
  clock: Clock;
  /** How long a read serves every caller. */
  maxAgeMs: number;
  /** Entries older than this (relative to now) are dropped from memory. */
  keepMs: number;
  /** A full re-read this often (default 6 h), in case admins deleted or sorted audit rows. */
  fullReadEveryMs?: number;
}

/**
 * The audit tab read from where the last read stopped: Baton only appends to it, so after the
 * first read each refresh asks for the new rows only (a few hundred bytes, whatever the tab's
 * size). One read serves every caller for `maxAgeMs`, concurrent callers share the read in flight.
 */
export class SheetAuditTail implements AuditSource {
  private entries: AuditEntry[] = [];
  private header: HeaderMap | undefined;
  /** 1-based sheet row the next incremental read starts at. */
  private nextRow = 1;
  private readAt = Number.NEGATIVE_INFINITY;
  private fullReadAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  readonly stats = { reads: 0 };

  constructor(private readonly options: AuditTailOptions) {}

  async recentAudit(since: Millis, options: { maxAgeMs?: number } = {}): Promise<AuditEntry[]> {
    const maxAge = options.maxAgeMs ?? this.options.maxAgeMs;
    if (this.options.clock.now() - this.readAt > maxAge) {
      this.inFlight ??= this.refresh().finally(() => {
        this.inFlight = undefined;
      });
      await this.inFlight;
    }
    return this.entries.filter((entry) => entry.at >= since);
  }

  private async refresh(): Promise<void> {
    const { api, requester, spreadsheetId, clock } = this.options;
    const now = clock.now();
    const full = !this.header || now - this.fullReadAt > (this.options.fullReadEveryMs ?? 6 * 3_600_000);
    // An incremental read starts at the last row already seen: a range must begin inside the grid,
    // and that row surely is (Google refuses ranges past the grid's last row).
    const start = full ? 1 : Math.max(1, this.nextRow - 1);
    const width = Math.max(this.header?.width ?? 0, TABS.audit.headers.length);
    const range = full ? quoteTab(TABS.audit.title) : `${quoteTab(TABS.audit.title)}!A${start}:${columnLetter(width - 1)}`;
    const response = await requester.read(`values.get audit_log from row ${start}`, () =>
      api.spreadsheets.values.get({ spreadsheetId, range, valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER' }),
    );
    this.stats.reads += 1;
    const rows = (response.data.values ?? []) as CellValue[][];
    let fresh = start < this.nextRow ? rows.slice(1) : rows;
    if (full) {
      this.header = new HeaderMap(rows[0] ?? TABS.audit.headers);
      this.entries = [];
      fresh = rows.slice(1);
      this.fullReadAt = now;
    }
    const header = this.header as HeaderMap;
    const sheet = { timeZone: this.options.timeZone };
    for (const row of fresh) {
      const record = header.record(row);
      const at = parseSheetTime(record.at ?? undefined, sheet);
      if (!at.ok || at.at === null) continue;
      this.entries.push({ at: at.at, event: cellText(record.event), leadId: cellText(record.lead_id), actor: cellText(record.actor), detail: cellText(record.detail) });
    }
    this.nextRow = start + rows.length;
    const keepFrom = now - this.options.keepMs;
    this.entries = this.entries.filter((entry) => entry.at >= keepFrom).sort((a, b) => a.at - b.at);
    this.readAt = now;
  }
}
