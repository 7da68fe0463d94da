import type { Config } from '../config.ts';
import type { Clock } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import { LeadSheetMirror } from './mirror/mirror-leads-to-sheet.ts';
import { PgLeadStore } from './postgres/pg-store.ts';
import { lazySqlClient, parseDatabaseUrl, type DatabaseUrl } from './postgres/sql-client.ts';
import type { SheetsApi } from './sheets/client.ts';
import type { Requester } from './sheets/requester.ts';
import { SheetRosterSource } from './sheets/roster-source.ts';
import { SheetLeadStore } from './sheets/sheet-store.ts';

export type BatonStore = SheetLeadStore | PgLeadStore;

export interface StoreDeps {
  config: Pick<Config, 'DATABASE_URL' | 'TIMEZONE' | 'CACHE_SECONDS' | 'DATA_DIR'> & Partial<Pick<Config, 'MIRROR_LEADS_TO_SHEET'>>;
  log: Logger;
  clock: Clock;
  api: SheetsApi;
  requester: Requester;
  spreadsheetId: string;
  /** How often the lead_sheet mirror writes (default MIRROR_INTERVAL_MS, 5 s); tests shorten it. */
  mirrorIntervalMs?: number;
}

/**
 * Which store keeps the leads: PostgreSQL when DATABASE_URL is set (the roster still read from the
 * spreadsheet, cached for CACHE_SECONDS), the spreadsheet otherwise.
 */
export interface StoreChoice {
  store: BatonStore;
  /** How the ledger treats this store's conflicts (see LedgerOptions). */
  conflicts: { conflictRetries?: number; conflictPauseMs?: number };
  close(): Promise<void>;
  /** The lead_sheet copy when MIRROR_LEADS_TO_SHEET is on (tests flush it by hand). */
  mirror?: LeadSheetMirror;
}

export function createStore(deps: StoreDeps): StoreChoice {
  const { config, log, clock, api, requester, spreadsheetId } = deps;
  if (!config.DATABASE_URL) {
    return { store: new SheetLeadStore({ api, requester, spreadsheetId, timeZone: config.TIMEZONE, log, intentDir: config.DATA_DIR }), conflicts: {}, close: async () => undefined };
  }
  // The config schema refused anything else already.
  const parsed = parseDatabaseUrl(config.DATABASE_URL) as DatabaseUrl;
  const sql = lazySqlClient(parsed, { onIdleError: (error) => log.warn({ err: error.message }, 'postgres: an idle connection failed; the pool opens a new one') });
  const roster = new SheetRosterSource({ api, requester, spreadsheetId, timeZone: config.TIMEZONE, clock, maxAgeMs: config.CACHE_SECONDS * 1000, log });
  const store = new PgLeadStore({ sql, roster, log: log.child({ component: 'postgres' }) });
  log.info({ database: sql.target }, 'store: leads, routing state and audit log in PostgreSQL; roster from the spreadsheet');
  const conflicts = { conflictRetries: 50, conflictPauseMs: 20 };
  if (!config.MIRROR_LEADS_TO_SHEET) {
    // Several instances on one database lose the cursor race routinely: retry a while, with jitter.
    return { store, conflicts, close: () => store.close() };
  }
  const mirror = new LeadSheetMirror({ api, requester, spreadsheetId, sql, ready: () => store.init(), log: log.child({ component: 'mirror' }), ...(deps.mirrorIntervalMs ? { intervalMs: deps.mirrorIntervalMs } : {}) });
  // Observe successful commits only: a commit that throws wrote nothing, so there is nothing to copy.
  const commit = store.commit.bind(store);
  store.commit = async (change) => {
    await commit(change);
    mirror.record(change);
  };
  mirror.start();
  log.info('store: lead changes are copied to lead_sheet (read-only copy, at most one write every 5 s)');
  return {
    store,
    conflicts,
    mirror,
    close: async () => {
      await mirror.stop();
      await store.close();
    },
  };
}
