import { readFileSync } from 'node:fs';
import { JWT } from 'google-auth-library';
import { sheets, type sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';

export type SheetsApi = sheets_v4.Sheets;

export interface SheetsConnection {
  spreadsheetId: string;
  /** host:port of a Sheets-v4-compatible endpoint (emulator convention: plain HTTP, no Google auth). */
  emulatorHost?: string;
  credentialsPath?: string;
  credentialsJson?: string;
}

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

export function readServiceAccount(connection: SheetsConnection): ServiceAccountKey | undefined {
  const text = connection.credentialsJson ?? (connection.credentialsPath ? readFileSync(connection.credentialsPath, 'utf8') : undefined);
  if (!text) return undefined;
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(text) as Partial<ServiceAccountKey>;
  } catch {
    throw new Error('The service account key is not valid JSON: paste the whole key file Google gave you.');
  }
  if (!key.client_email || !key.private_key) {
    throw new Error('The service account key has no client_email/private_key: use a key of type "service_account".');
  }
  return { client_email: key.client_email, private_key: key.private_key };
}

/**
 * The googleapis Sheets client for production or an emulator. `rootUrl` has to be set on this
 * instance: google.options() does not redirect Sheets calls. The client's own retries are off
 * because the Requester retries every request, writes included, in one place.
 */
export function createSheetsApi(connection: SheetsConnection): { api: SheetsApi; serviceAccount?: string } {
  const common = { retry: false, timeout: 30_000 };
  if (connection.emulatorHost) {
    return { api: sheets({ version: 'v4', rootUrl: `http://${connection.emulatorHost}/`, ...common }) };
  }
  const key = readServiceAccount(connection);
  if (!key) throw new Error('Set GOOGLE_APPLICATION_CREDENTIALS (path) or GOOGLE_SERVICE_ACCOUNT_JSON (inline) to a service account key.');
  const auth = new JWT({ email: key.client_email, key: key.private_key, scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
  return { api: sheets({ version: 'v4', auth, ...common }), serviceAccount: key.client_email };
}
