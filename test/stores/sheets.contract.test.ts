import { createLogger } from '../../src/log.ts';
import { startSheetsStandin } from '../../src/local/sheets-standin/index.ts';
import { createSheetsApi } from '../../src/stores/sheets/client.ts';
import { Requester } from '../../src/stores/sheets/requester.ts';
import { SheetLeadStore } from '../../src/stores/sheets/sheet-store.ts';
import { ROSTER } from '../support/harness.ts';
import { storeContract } from './contract.ts';

storeContract(
  'Sheets store (local stand-in)',
  async () => {
    const sheets = await startSheetsStandin({ seed: { sales_sheet: ROSTER } });
    const log = createLogger('silent');
    const open = async () => {
      const { api } = createSheetsApi({ spreadsheetId: sheets.spreadsheetId, emulatorHost: sheets.hostPort });
      const requester = new Requester({ spreadsheetId: sheets.spreadsheetId, readsPerMinute: 6000, writesPerMinute: 6000, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, log });
      const store = new SheetLeadStore({ api, requester, spreadsheetId: sheets.spreadsheetId, timeZone: 'UTC', log });
      await store.init();
      return store;
    };
    const store = await open();
    return {
      store,
      second: open,
      audit: async () => {
        const [header, ...rows] = sheets.readTab('audit_log');
        const at = (name: string) => (header ?? []).indexOf(name);
        return rows.map((row) => ({ event: String(row[at('event')] ?? ''), leadId: String(row[at('lead_id')] ?? ''), actor: String(row[at('actor')] ?? ''), detail: String(row[at('detail')] ?? '') }));
      },
      close: () => sheets.stop(),
    };
  },
  { shared: true },
);
