export type CellValue = string | number | boolean;

export interface SheetsStandinOptions {
  /** 0 = ephemeral (default). */
  port?: number;
  /** Default 'local-baton'. */
  spreadsheetId?: string;
  /** Load state from here at start (if present) and persist atomically after every mutation. */
  dataFile?: string;
  /** Tabs to create when there is no stored state: title -> rows (stored verbatim, like RAW). */
  seed?: Record<string, CellValue[][]>;
  /** spreadsheets.get properties.locale (default en_US); given, it overrides a stored file's like spreadsheetId does. */
  locale?: string;
  /** spreadsheets.get properties.timeZone (default Etc/GMT, what a new Google spreadsheet reports). */
  timeZone?: string;
  /**
   * Which duplicate addSheet checks first: Google does not document whether a taken title or a
   * taken sheetId is reported when both clash. Default 'title'; 'sheetId' lets a test prove a
   * client does not depend on the order.
   */
  addSheetConflictFirst?: 'title' | 'sheetId';
  /** Delay added to every request; also settable later through faults.latencyMs. */
  latencyMs?: number;
  /** Per-minute budgets (sliding 60 s window); beyond them requests get 429 RESOURCE_EXHAUSTED. */
  quotaPerMinute?: QuotaBudget;
}

export interface QuotaBudget {
  read?: number;
  write?: number;
}

export type RequestKind = 'read' | 'write';

export interface RequestLogEntry {
  method: string;
  path: string;
  kind: RequestKind;
  /** HTTP status sent; 0 when the answer was deliberately lost (socket destroyed). */
  status: number;
  at: number;
}

export type InjectedStatus = 429 | 500 | 503;

export interface StandinFaults {
  latencyMs: number;
  failNext(n: number, status: InjectedStatus, opts?: { retryAfterSeconds?: number }): void;
  setRandomFailures(rates: { 429?: number; 500?: number }, seed: number): void;
  setOutage(on: boolean): void;
  loseNextWriteResponses(n: number): void;
  /** Replace (or remove with undefined) the per-minute budgets; also forgets the current window. */
  setQuota(quota: QuotaBudget | undefined): void;
  clear(): void;
}

export interface SheetsStandin {
  /** rootUrl for googleapis, e.g. 'http://127.0.0.1:PORT/'. */
  url: string;
  /** '127.0.0.1:PORT' (SHEETS_EMULATOR_HOST form). */
  hostPort: string;
  spreadsheetId: string;
  stop(): Promise<void>;
  tabTitles(): string[];
  /** Stored values (formula cells give their formula text), trailing empties trimmed like the API. */
  readTab(title: string): CellValue[][];
  /** Replace a tab's content verbatim (creates the tab if missing, grows its grid to fit). */
  writeTab(title: string, rows: CellValue[][]): void;
  /** 0-based coordinates. */
  isFormula(title: string, row: number, col: number): boolean;
  /** Every tab's id, title and hidden flag, in tab order. */
  tabs(): Array<{ sheetId: number; title: string; hidden: boolean }>;
  /**
   * An admin's edit in the Sheets UI: a spreadsheets.batchUpdate body's `requests`, applied
   * atomically like the API does, but bypassing HTTP, injected faults, quota and counters (a person
   * editing the sheet is not Baton's traffic). Throws the API's error message when Google would refuse.
   */
  adminBatchUpdate(requests: unknown[]): { replies: unknown[] };
  requestLog: RequestLogEntry[];
  counts(): { reads: number; writes: number; total: number };
  /** Zeroes the counters and empties requestLog. */
  resetCounts(): void;
  faults: StandinFaults;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
}
