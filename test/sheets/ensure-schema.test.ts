/** Startup's spreadsheets.get also brings the sheet's locale and time zone (issue 10, item 5). */
import { afterEach, describe, expect, it } from 'vitest';
import { startSheetsStandin, type SheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { createLogger } from '../../src/log.ts';
import { createSheetsApi } from '../../src/stores/sheets/client.ts';
import { ensureSchema, planSchema } from '../../src/stores/sheets/ensure-schema.ts';
import { Requester } from '../../src/stores/sheets/requester.ts';

let standin: SheetsStandin | undefined;
afterEach(async () => {
  await standin?.stop();
  standin = undefined;
});

async function target(options: { locale?: string; timeZone?: string }) {
  standin = await startSheetsStandin(options);
  const { api } = createSheetsApi({ spreadsheetId: standin.spreadsheetId, emulatorHost: standin.hostPort });
  const log = createLogger('silent');
  const requester = new Requester({ spreadsheetId: standin.spreadsheetId, readsPerMinute: 6000, writesPerMinute: 6000, maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, log });
  return { api, requester, spreadsheetId: standin.spreadsheetId, log };
}

describe('ensureSchema / planSchema', () => {
  it('returns the spreadsheet locale and time zone from the same spreadsheets.get', async () => {
    const { api, requester, spreadsheetId, log } = await target({ locale: 'id_ID', timeZone: 'Asia/Jakarta' });
    const report = await ensureSchema(api, requester, spreadsheetId, log);
    expect(report).toMatchObject({ locale: 'id_ID', timeZone: 'Asia/Jakarta' });
    // Other tabs (exceptions, routing rules) join these; the four of the seed are always there.
    expect(Object.keys(report.sheetIds)).toEqual(expect.arrayContaining(['audit', 'leads', 'roster', 'state', 'exceptions']));
    const again = await planSchema(api, requester, spreadsheetId);
    expect(again).toMatchObject({ locale: 'id_ID', timeZone: 'Asia/Jakarta', requests: [] });
    // One spreadsheets.get per plan: the settings cost no request of their own.
    expect(standin?.requestLog.filter((entry) => entry.method === 'GET' && !entry.path.includes('/values')).map((entry) => entry.path.split('?')[0])).toEqual([
      `/v4/spreadsheets/${spreadsheetId}`,
      `/v4/spreadsheets/${spreadsheetId}`,
    ]);
  });

  it('a spreadsheet as Google creates it in the US: en_US', async () => {
    const { api, requester, spreadsheetId } = await target({});
    expect(await planSchema(api, requester, spreadsheetId)).toMatchObject({ locale: 'en_US' });
  });
});
