/** A Sheets failure that says what went wrong and what to do about it. */
export class SheetsError extends Error {
  constructor(
    readonly code: 'SHEETS_UNAVAILABLE' | 'SHEETS_NO_ACCESS' | 'SHEETS_NOT_FOUND' | 'SHEETS_BAD_REQUEST' | 'SHEETS_QUOTA',
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SheetsError';
  }
}

interface HttpishError {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

export function statusOf(error: unknown): number | undefined {
  const e = error as HttpishError;
  const status = e?.response?.status ?? e?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Seconds from a Retry-After header, when the answer carried one. */
export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as HttpishError)?.response?.headers as { get?: (name: string) => string | null } | Record<string, string> | undefined;
  if (!headers) return undefined;
  const raw = typeof headers.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string>)['retry-after'];
  const seconds = Number(raw);
  return raw && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function apiMessage(error: unknown): string {
  const data = (error as HttpishError)?.response?.data as { error?: { message?: string } } | undefined;
  return data?.error?.message ?? (error as HttpishError)?.message ?? String(error);
}

/** Turns a googleapis/gaxios error into a SheetsError with a fix in its message. */
export function classify(error: unknown, spreadsheetId: string, serviceAccount?: string): SheetsError {
  if (error instanceof SheetsError) return error;
  const status = statusOf(error);
  const detail = apiMessage(error);
  if (status === 429) return new SheetsError('SHEETS_QUOTA', `Sheets quota exceeded: ${detail}`, status, true);
  if (status === 403 || status === 401) {
    const who = serviceAccount ? `the service account ${serviceAccount}` : 'the service account';
    return new SheetsError('SHEETS_NO_ACCESS', `No access to spreadsheet ${spreadsheetId} (${detail}). Share the sheet with ${who} as Editor.`, status, false);
  }
  if (status === 404) return new SheetsError('SHEETS_NOT_FOUND', `Spreadsheet ${spreadsheetId} not found (${detail}). Check GOOGLE_SHEETS_ID.`, status, false);
  if (status !== undefined && status >= 400 && status < 500 && status !== 408) {
    return new SheetsError('SHEETS_BAD_REQUEST', `Sheets refused the request: ${detail}`, status, false);
  }
  // 408, 5xx, resets, timeouts, lost answers: worth another try.
  return new SheetsError('SHEETS_UNAVAILABLE', `Sheets unavailable: ${detail}`, status, true);
}
