/** MIRROR_LEADS_TO_SHEET on PGlite with the Sheets stand-in: leads copied in batches, never read back. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Background } from '../../src/core/background.ts';
import { Ledger } from '../../src/core/ledger.ts';
import { LEAD_COLUMNS } from '../../src/domain/lead-record.ts';
import { startSheetsStandin } from '../../src/local/sheets-standin/index.ts';
import type { CellValue, SheetsStandin } from '../../src/local/sheets-standin/types.ts';
import { createLogger } from '../../src/log.ts';
import { MemoryOutbox } from '../../src/outbox/queued-lead.ts';
import { createStore, type StoreChoice } from '../../src/stores/create-store.ts';
import { MIRROR_BANNER, MIRROR_HEADER } from '../../src/stores/mirror/plan-mirror-flush.ts';
import type { PgLeadStore } from '../../src/stores/postgres/pg-store.ts';
import { createSheetsApi } from '../../src/stores/sheets/client.ts';
import { Requester } from '../../src/stores/sheets/requester.ts';
import type { UseCaseContext } from '../../src/use-cases/context.ts';
import { intakeLead } from '../../src/use-cases/intake-lead.ts';
import { ROSTER } from '../support/harness.ts';
import { RecordingNotifier } from '../support/recording-notifier.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const log = createLogger(process.env.MIRROR_TEST_LOG ?? 'silent');
const ID = LEAD_COLUMNS.indexOf('lead_id');
const NAME = LEAD_COLUMNS.indexOf('name');
const STAGE = LEAD_COLUMNS.indexOf('stage');

let sheets: SheetsStandin;
let dir: string;
let seq = 0;

function open(intervalMs = 3_600_000): { choice: StoreChoice; ctx: UseCaseContext } {
  const { api } = createSheetsApi({ spreadsheetId: sheets.spreadsheetId, emulatorHost: sheets.hostPort });
  const requester = new Requester({ spreadsheetId: sheets.spreadsheetId, readsPerMinute: 6000, writesPerMinute: 6000, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, log });
  const clock = { now: () => T0 };
  const choice = createStore({
    config: { DATABASE_URL: `pglite:${join(dir, 'db')}`, TIMEZONE: 'UTC', CACHE_SECONDS: 60, DATA_DIR: dir, MIRROR_LEADS_TO_SHEET: true },
    log, clock, api, requester, spreadsheetId: sheets.spreadsheetId, mirrorIntervalMs: intervalMs,
  });
  const ctx: UseCaseContext = {
    ledger: new Ledger(choice.store, clock, { maxAgeMs: 60_000, ...choice.conflicts }),
    notifier: new RecordingNotifier(),
    clock,
    background: new Background((error) => {
      throw error;
    }),
    log,
    newLeadId: () => `L-MIR-${String(++seq).padStart(4, '0')}`,
    deadlines: { noteDeadline: () => undefined },
    outbox: new MemoryOutbox(),
    outboxReplay: { soon: () => undefined },
    settings: { defaultCountry: 'ID', slaMinutes: 60, escalationThreshold: 3, timeZone: 'UTC' },
  };
  return { choice, ctx };
}

const draft = (n: number) => ({ name: `Lead ${n}`, emailValid: true, phoneRaw: `0812-5555-${String(n).padStart(4, '0')}`, email: `lead${n}@example.com`, company: '', source: '', message: '', submissionId: '' });
const leadRows = () => sheets.readTab('lead_sheet').slice(1);
const sheetReadsOfLeadTab = () => sheets.requestLog.filter((entry) => entry.kind === 'read' && decodeURIComponent(entry.path).includes('lead_sheet'));

describe('MIRROR_LEADS_TO_SHEET (PGlite + Sheets stand-in)', () => {
  let first: ReturnType<typeof open>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-mirror-'));
    // A lead_sheet left from the Sheets store: the resync replaces it.
    sheets = await startSheetsStandin({ seed: { sales_sheet: ROSTER, lead_sheet: [['lead_id', 'name'], ['OLD-1', 'stale']] } });
    first = open();
  }, 60_000);
  afterAll(async () => {
    await sheets.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with one resync from PostgreSQL: the header says the tab is a read-only copy', async () => {
    await first.choice.mirror!.flush();
    expect(sheets.readTab('lead_sheet')).toEqual([MIRROR_HEADER]);
    expect(sheets.readTab('lead_sheet')[0]!.at(-1)).toBe(MIRROR_BANNER);
  });

  it('writes a burst of intakes in one request per flush, after they landed in PostgreSQL', async () => {
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => intakeLead(first.ctx, draft(i + 1), `burst-${i + 1}`)));
    await first.ctx.background.idle();
    const ids = outcomes.map((o) => (o.kind === 'created' ? o.lead.leadId : `not created: ${o.kind}`));
    const inDb = await (first.choice.store as PgLeadStore).load({ leadIds: ids });
    expect(ids.filter((id) => inDb.leads.has(id))).toHaveLength(12);
    expect(leadRows()).toEqual([]); // nothing before the tick
    sheets.resetCounts();
    await first.choice.mirror!.flush();
    expect(sheets.counts()).toMatchObject({ writes: 1, reads: 0 });
    expect(leadRows().map((row) => row[ID]).sort()).toEqual([...ids].sort());
    expect(first.choice.mirror!.pendingCount).toBe(0);
  });

  it('never reads a hand edit back; the lead row is rewritten in place when the lead changes', async () => {
    const tab = sheets.readTab('lead_sheet');
    const target = tab[1]![ID] as string;
    const edited: CellValue[][] = tab.map((row) => [...row]);
    edited[1]![NAME] = 'Edited by hand';
    edited[2]![NAME] = 'Also edited';
    sheets.writeTab('lead_sheet', edited);
    sheets.resetCounts();

    const store = first.choice.store as PgLeadStore;
    const read = await store.load({ leadIds: [target] });
    const before = read.leads.get(target)!;
    expect(before.name).not.toBe('Edited by hand');
    await store.commit({ newLeads: [], leadUpdates: [{ before, after: { ...before, stage: 'CONTACTED', contactedAt: T0 } }], stateEntries: [], audit: [] });
    await first.choice.mirror!.flush();

    expect(sheets.counts().writes).toBe(1);
    expect(sheetReadsOfLeadTab()).toEqual([]);
    const after = sheets.readTab('lead_sheet');
    expect(after[1]![ID]).toBe(target);
    expect(after[1]![STAGE]).toBe('CONTACTED');
    expect(after[1]![NAME]).toBe(before.name); // the hand edit is overwritten, not adopted
    expect(after[2]![NAME]).toBe('Also edited'); // rows of unchanged leads are left alone until the next resync
    expect((await store.load({ leadIds: [after[2]![ID] as string] })).leads.get(after[2]![ID] as string)?.name).not.toBe('Also edited');
  });

  it('keeps the changes of a failed flush and writes them at the next tick', async () => {
    sheets.faults.setOutage(true);
    const outcome = await intakeLead(first.ctx, draft(100), 'outage-100');
    expect(outcome.kind).toBe('created');
    await first.choice.mirror!.flush();
    expect(first.choice.mirror!.pendingCount).toBe(1);
    sheets.faults.setOutage(false);
    await first.choice.mirror!.flush();
    expect(first.choice.mirror!.pendingCount).toBe(0);
    expect(leadRows().map((row) => row[ID])).toContain(outcome.kind === 'created' ? outcome.lead.leadId : '');
  });

  it('after a restart, the first tick rewrites the tab from PostgreSQL (hand edits gone), then the timer flushes by itself', async () => {
    const rowsBefore = leadRows().length;
    await first.choice.close();
    const second = open(50);
    await second.choice.mirror!.flush();
    const tab = sheets.readTab('lead_sheet');
    expect(tab[0]).toEqual(MIRROR_HEADER);
    expect(tab.length - 1).toBe(rowsBefore);
    expect(tab.some((row) => row[NAME] === 'Also edited')).toBe(false);

    const outcome = await intakeLead(second.ctx, draft(200), 'timer-200');
    const id = outcome.kind === 'created' ? outcome.lead.leadId : 'none';
    // Wait for the stand-in to change rather than sleeping a guessed time.
    await new Promise<void>((resolve) => {
      const check = () => {
        if (leadRows().some((row) => row[ID] === id)) {
          sheets.off('change', check);
          resolve();
        }
      };
      sheets.on('change', check);
      check();
    });
    await second.choice.close();
  }, 60_000);
});
