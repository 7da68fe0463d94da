import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { createSheetsApi, readServiceAccount, type SheetsApi } from '../../stores/sheets/client.ts';
import { SheetsError } from '../../stores/sheets/errors.ts';
import { Requester } from '../../stores/sheets/requester.ts';

/** Where CLI output goes: process.stdout / process.stderr, or a string collector in tests. */
export interface Output {
  write(text: string): unknown;
}

/** The configured spreadsheet, as the setup and doctor commands reach it. */
export interface SheetsTarget {
  api: SheetsApi;
  requester: Requester;
  spreadsheetId: string;
  /** The service account's email when a key is configured (also with an emulator, for messages). */
  serviceAccount?: string;
  /** host:port when talking to a stand-in/emulator instead of Google. */
  emulatorHost?: string;
}

/** Local mode keeps its sheet under this id (see start-local-mode / sweep). */
export const LOCAL_SPREADSHEET_ID = 'local-baton';

/** Throws (with a fix in the message) when the service account key cannot be read. */
export function openSheets(config: Config, log: Logger): SheetsTarget {
  const spreadsheetId = config.GOOGLE_SHEETS_ID ?? LOCAL_SPREADSHEET_ID;
  const connection = {
    spreadsheetId,
    emulatorHost: config.SHEETS_EMULATOR_HOST,
    credentialsPath: config.GOOGLE_APPLICATION_CREDENTIALS,
    credentialsJson: config.GOOGLE_SERVICE_ACCOUNT_JSON,
  };
  const { api, serviceAccount } = createSheetsApi(connection);
  let email = serviceAccount;
  if (!email && connection.emulatorHost) {
    // The emulator needs no key, but a configured one still names the account in messages.
    try {
      email = readServiceAccount(connection)?.client_email;
    } catch {
      email = undefined;
    }
  }
  const requester = new Requester({
    spreadsheetId,
    ...(email ? { serviceAccount: email } : {}),
    readsPerMinute: config.SHEETS_READS_PER_MINUTE,
    writesPerMinute: config.SHEETS_WRITES_PER_MINUTE,
    maxAttempts: 3,
    baseDelayMs: 300,
    maxDelayMs: 3_000,
    log,
  });
  return { api, requester, spreadsheetId, ...(email ? { serviceAccount: email } : {}), ...(config.SHEETS_EMULATOR_HOST ? { emulatorHost: config.SHEETS_EMULATOR_HOST } : {}) };
}

export function serviceAccountName(target: Pick<SheetsTarget, 'serviceAccount'>): string {
  return target.serviceAccount ?? 'the service account (the client_email in your key file)';
}

export interface SheetsFailure {
  /** What went wrong, without a trailing period. */
  problem: string;
  fix: string;
  code: SheetsError['code'] | 'OTHER';
}

/** classify() puts the API's own words in parentheses (access, not found) or after a colon; keep just those. */
function detailOf(error: SheetsError): string {
  if (error.code === 'SHEETS_NO_ACCESS' || error.code === 'SHEETS_NOT_FOUND') {
    const inParens = /\((.*)\)\.\s/.exec(error.message)?.[1];
    if (inParens) return inParens;
  }
  const colon = error.message.indexOf(': ');
  return colon === -1 ? error.message : error.message.slice(colon + 2);
}

/** Turns whatever a Sheets call threw into one problem and one fix an admin can act on. */
export function describeSheetsFailure(error: unknown, target: Pick<SheetsTarget, 'spreadsheetId' | 'serviceAccount' | 'emulatorHost'>): SheetsFailure {
  const id = target.spreadsheetId;
  const who = serviceAccountName(target);
  if (!(error instanceof SheetsError)) {
    return {
      code: 'OTHER',
      problem: `could not reach spreadsheet ${id}: ${error instanceof Error ? error.message : String(error)}`,
      fix: 'check GOOGLE_APPLICATION_CREDENTIALS / GOOGLE_SERVICE_ACCOUNT_JSON hold a current service account key',
    };
  }
  switch (error.code) {
    case 'SHEETS_NO_ACCESS':
      return { code: error.code, problem: `no access to spreadsheet ${id} (${detailOf(error)})`, fix: `share the sheet with ${who} as Editor (Share → paste the address → Editor)` };
    case 'SHEETS_NOT_FOUND':
      return {
        code: error.code,
        problem: `spreadsheet ${id} not found`,
        fix: `check GOOGLE_SHEETS_ID (the part of the sheet's URL between /d/ and /edit), and share the sheet with ${who} as Editor`,
      };
    case 'SHEETS_QUOTA':
      return { code: error.code, problem: `Sheets quota exceeded (${detailOf(error)})`, fix: 'wait a minute and run it again' };
    case 'SHEETS_UNAVAILABLE':
      return {
        code: error.code,
        problem: `Sheets unreachable (${detailOf(error)})`,
        fix: target.emulatorHost ? `start the Sheets stand-in at ${target.emulatorHost} or unset SHEETS_EMULATOR_HOST` : 'check the network connection to sheets.googleapis.com and try again',
      };
    default: {
      const detail = detailOf(error);
      const keyProblem = /invalid_grant|invalid_client|unauthorized_client|private key|JWT/i.test(detail);
      return {
        code: error.code,
        problem: `Sheets refused the request (${detail})`,
        fix: keyProblem ? 'the service account key was refused: create a new JSON key for it and point GOOGLE_APPLICATION_CREDENTIALS at it' : 'check the spreadsheet in a browser; if it looks right, report this message',
      };
    }
  }
}
