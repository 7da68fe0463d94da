/** The lead_sheet mirror's pure parts: coalescing committed changes and planning one write. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { LEAD_COLUMNS } from '../../src/domain/lead-record.ts';
import type { Lead } from '../../src/domain/types.ts';
import { coalesceChange, MIRROR_BANNER, MIRROR_HEADER, mirrorRow, planMirrorFlush, ROW_HEADROOM } from '../../src/stores/mirror/plan-mirror-flush.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

function lead(id: string, overrides: Partial<Lead> = {}): Lead {
  return {
    leadId: id, name: id, phone: '6281200000001', phoneValid: true, email: '', company: '', source: '', message: '',
    stage: 'NEW', assignedSales: 'Ayu', salesSlackId: 'UAYU', routeCount: 0, createdAt: T0, assignedAt: T0,
    lastRoutedAt: null, contactedAt: null, idempotencyKey: '', slackChannel: '', slackTs: '', ownerHistory: ['UAYU'],
    ...overrides,
  };
}

describe('coalesceChange', () => {
  it('keeps the latest state of each lead, whatever commits it came from', () => {
    const pending = new Map<string, Lead>();
    coalesceChange(pending, { newLeads: [lead('A'), lead('B')], leadUpdates: [] });
    coalesceChange(pending, { newLeads: [], leadUpdates: [{ before: lead('A'), after: lead('A', { stage: 'CONTACTED' }) }] });
    coalesceChange(pending, { newLeads: [], leadUpdates: [{ before: lead('A', { stage: 'CONTACTED' }), after: lead('A', { stage: 'QUALIFIED' }) }] });
    expect([...pending.keys()]).toEqual(['A', 'B']);
    expect(pending.get('A')?.stage).toBe('QUALIFIED');
  });
});

describe('planMirrorFlush', () => {
  const GRID = { sheetId: 7, rowCount: 10 };
  /** Each request as a short string: `cells@<sheet row>x<rows>` or `grow+<rows>`. */
  const shape = (requests: ReturnType<typeof planMirrorFlush>['requests']) =>
    requests.map((r) => (r.appendDimension ? `grow+${r.appendDimension.length}` : `cells@${(r.updateCells!.start!.rowIndex ?? 0) + 1}x${r.updateCells!.rows!.length}`));
  const cases: Array<{ name: string; pending: string[]; positions: Array<[string, number]>; nextRow: number; requests: string[]; placed: Array<[string, number]>; next: number; rowCount: number }> = [
    { name: 'nothing pending: no request', pending: [], positions: [], nextRow: 2, requests: [], placed: [], next: 2, rowCount: 10 },
    { name: 'new leads on an empty tab: one run from row 2', pending: ['A', 'B', 'C'], positions: [], nextRow: 2, requests: ['cells@2x3'], placed: [['A', 2], ['B', 3], ['C', 4]], next: 5, rowCount: 10 },
    { name: 'known leads rewritten in their rows; gaps split runs', pending: ['C', 'A'], positions: [['A', 2], ['B', 3], ['C', 4]], nextRow: 5, requests: ['cells@2x1', 'cells@4x1'], placed: [], next: 5, rowCount: 10 },
    { name: 'an update next to a new lead makes one run', pending: ['C', 'D'], positions: [['A', 2], ['B', 3], ['C', 4]], nextRow: 5, requests: ['cells@4x2'], placed: [['D', 5]], next: 6, rowCount: 10 },
    { name: 'the last row filled exactly: no growth', pending: ['X'], positions: [], nextRow: 10, requests: ['cells@10x1'], placed: [['X', 10]], next: 11, rowCount: 10 },
    { name: 'past the grid: rows added first, with headroom', pending: ['X', 'Y'], positions: [], nextRow: 10, requests: [`grow+${1 + ROW_HEADROOM}`, 'cells@10x2'], placed: [['X', 10], ['Y', 11]], next: 12, rowCount: 11 + ROW_HEADROOM },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pending = new Map(c.pending.map((id) => [id, lead(id)] as const));
      const plan = planMirrorFlush(pending, new Map(c.positions), c.nextRow, GRID);
      expect(shape(plan.requests)).toEqual(c.requests);
      expect([...plan.placed]).toEqual(c.placed);
      expect(plan.nextRow).toBe(c.next);
      expect(plan.rowCount).toBe(c.rowCount);
      for (const r of plan.requests) if (r.updateCells) expect(r.updateCells.start?.sheetId).toBe(7);
    });
  }

  it('writes the lead columns in LEAD_COLUMNS order, text as typed text (never parsed)', () => {
    const plan = planMirrorFlush(new Map([['A', lead('A', { phone: '0812000' })]]), new Map(), 2, GRID);
    const cells = plan.requests[0]!.updateCells!.rows![0]!.values!;
    expect(cells).toHaveLength(LEAD_COLUMNS.length);
    expect(cells[LEAD_COLUMNS.indexOf('phone')]).toEqual({ userEnteredValue: { stringValue: '0812000' } });
    expect(cells[LEAD_COLUMNS.indexOf('created_at')]).toEqual({ userEnteredValue: { stringValue: '2026-12-01T09:00:00.000Z' } });
    expect(mirrorRow(lead('A'))[LEAD_COLUMNS.indexOf('lead_id')]).toBe('A');
    expect(MIRROR_HEADER.at(-1)).toBe(MIRROR_BANNER);
    expect(MIRROR_HEADER).toHaveLength(LEAD_COLUMNS.length + 1);
  });
});

describe('MIRROR_LEADS_TO_SHEET setting', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  it('is off by default, on with true, and refused without DATABASE_URL or when not a boolean', () => {
    expect(loadConfig({}).MIRROR_LEADS_TO_SHEET).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'pglite:memory', MIRROR_LEADS_TO_SHEET: 'true' }).MIRROR_LEADS_TO_SHEET).toBe(true);
    expect(problems({ MIRROR_LEADS_TO_SHEET: 'true' })).toEqual([expect.stringMatching(/^MIRROR_LEADS_TO_SHEET needs DATABASE_URL/)]);
    expect(problems({ DATABASE_URL: 'pglite:memory', MIRROR_LEADS_TO_SHEET: 'maybe' })).toEqual(['MIRROR_LEADS_TO_SHEET must be true or false (got "maybe")']);
  });
});
