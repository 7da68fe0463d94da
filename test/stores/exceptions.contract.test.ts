import { createLogger } from '../../src/log.ts';
import { startSheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { MemoryLeadStore } from '../../src/stores/memory/memory-lead-store.ts';
import { createSheetsApi } from '../../src/stores/sheets/client.ts';
import { Requester } from '../../src/stores/sheets/requester.ts';
import { SheetLeadStore } from '../../src/stores/sheets/sheet-store.ts';
import { ROSTER } from '../support/harness.ts';
import { exceptionsContract } from './exceptions-contract.ts';

exceptionsContract('memory store', async () => ({ store: new MemoryLeadStore([{ name: 'Ayu', email: 'ayu@example.com', slackId: 'UAYU', active: true }]), close: async () => undefined }));

exceptionsContract('Sheets store (local stand-in)', async () => {
  const sheets = await startSheetsStandin({ seed: { sales_sheet: ROSTER } });
  const log = createLogger('silent');
  const { api } = createSheetsApi({ spreadsheetId: sheets.spreadsheetId, emulatorHost: sheets.hostPort });
  const requester = new Requester({ spreadsheetId: sheets.spreadsheetId, readsPerMinute: 6000, writesPerMinute: 6000, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, log });
  const store = new SheetLeadStore({ api, requester, spreadsheetId: sheets.spreadsheetId, timeZone: 'UTC', log });
  await store.init();
  return { store, close: () => sheets.stop() };
});
