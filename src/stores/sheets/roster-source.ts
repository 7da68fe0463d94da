import type { CellValue } from '../../domain/cells.ts';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../core/ports.ts';
import type { RosterSource, RosterView } from '../../core/roster-source.ts';
import { wholeTab } from './a1.ts';
import type { SheetsApi } from './client.ts';
import type { Requester } from './requester.ts';
import { rosterFromRows } from './roster-rows.ts';
import { rulesFromRows } from './rule-rows.ts';
import { TABS } from './schema.ts';

/**
 * sales_sheet and routing_rules for a store that keeps leads elsewhere (PostgreSQL): read at most
 * every `maxAgeMs` (CACHE_SECONDS: admins' edits take effect within it) with the Sheets store's own
 * readers. When the sheet cannot be read, the last roster read keeps routing going (logged): a
 * Sheets outage must not stop a database-backed Baton. A sheet without a routing_rules tab has no rules.
 */
export class SheetRosterSource implements RosterSource {
  private cached: { view: RosterView; at: number } | undefined;
  private reading: Promise<RosterView> | undefined;

  constructor(
    private readonly options: { api: SheetsApi; requester: Requester; spreadsheetId: string; timeZone: string; clock: Clock; maxAgeMs: number; log: Logger },
  ) {}

  async read(): Promise<RosterView> {
    const { clock, maxAgeMs } = this.options;
    if (this.cached && clock.now() - this.cached.at <= maxAgeMs) return this.cached.view;
    this.reading ??= this.fetch().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async fetch(): Promise<RosterView> {
    const { api, requester, spreadsheetId, clock, log, timeZone } = this.options;
    const get = (title: string) =>
      requester.read(`values.get ${title}`, () => api.spreadsheets.values.get({ spreadsheetId, range: wholeTab(title), valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER' }));
    try {
      const [roster, rules] = await Promise.all([
        get(TABS.roster.title),
        get(TABS.rules.title).catch((error: unknown) => {
          log.debug({ err: String(error) }, 'roster: routing_rules unreadable; routing without rules');
          return undefined;
        }),
      ]);
      const view: RosterView = {
        roster: rosterFromRows((roster.data.values ?? []) as CellValue[][], { timeZone }),
        rules: rulesFromRows((rules?.data.values ?? []) as CellValue[][]).rules,
      };
      this.cached = { view, at: clock.now() };
      return view;
    } catch (error) {
      if (!this.cached) throw error;
      log.warn({ err: error instanceof Error ? error.message : String(error), ageSeconds: Math.round((clock.now() - this.cached.at) / 1000) }, 'roster: sales_sheet unreadable; routing with the last roster read');
      return this.cached.view;
    }
  }
}
