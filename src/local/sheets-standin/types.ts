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
  requestLog: RequestLogEntry[];
  counts(): { reads: number; writes: number; total: number };
  /** Zeroes the counters and empties requestLog. */
  resetCounts(): void;
  faults: StandinFaults;
  on(event: 'change', listener: () => void): void;
  off(event: 'change', listener: () => void): void;
}
