/**
 * The lead tab as SheetLeadTable reads it from batchGet bytes: the same leads and the same
 * complaints as decoding every row would give, with closed rows decoded only when asked for.
 */
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/cells.ts';
import { LEAD_COLUMNS, leadToRecord, parseLeadRecord, type LeadRecord } from '../../src/domain/lead-record.ts';
import { STAGES, type Lead } from '../../src/domain/types.ts';
import { SheetLeadTable } from '../../src/sheets/lead-rows.ts';
import { readValueRanges } from '../../src/sheets/value-ranges.ts';
import { HOUR, lead, NOW, prng } from '../fixtures/domain.ts';

const ZONE = 'Asia/Jakarta';

function tableOf(rows: CellValue[][], pretty = false): SheetLeadTable {
  const table = new SheetLeadTable(ZONE);
  const text = JSON.stringify({ valueRanges: [{ range: 'lead_sheet!A1:Z', values: rows }] }, null, pretty ? 2 : undefined);
  const { stored } = readValueRanges(Buffer.from(text), { streamed: 0, onRow: table.take });
  return table.finish(stored);
}

/** Rows under a header in a shuffled order, with an admin's own column in front. */
function sheet(leads: Lead[], order: readonly string[] = ['notes', ...LEAD_COLUMNS]): CellValue[][] {
  return [[...order], ...leads.map((one) => order.map((column) => (leadToRecord(one) as Record<string, CellValue>)[column] ?? 'admin note'))];
}

describe('SheetLeadTable', () => {
  const fresh = lead({ leadId: 'L-NEW', idempotencyKey: 'k-new', email: 'new@example.com' });
  const contacted = lead({ leadId: 'L-C', stage: 'CONTACTED', contactedAt: NOW - HOUR, email: 'c@example.com', idempotencyKey: 'k-c' });
  const lost = lead({ leadId: 'L-LOST', stage: 'CLOSED LOST', contactedAt: NOW - HOUR });

  it('finds columns by header name and gives back the leads that were written', () => {
    const shuffled = ['stage', 'notes', ...[...LEAD_COLUMNS].reverse().filter((column) => column !== 'stage')];
    for (const pretty of [false, true]) {
      const table = tableOf(sheet([fresh, contacted, lost], shuffled), pretty);
      expect([table.get('L-NEW'), table.get('L-C'), table.get('L-LOST')]).toEqual([fresh, contacted, lost]);
      expect([table.size, table.has('L-C'), table.has('L-X'), table.get('L-X')]).toEqual([3, true, false, undefined]);
      expect([table.rowIndex.get('L-NEW'), table.rowIndex.get('L-LOST')]).toEqual([1, 3]);
      expect(table.unreadable).toEqual([]);
    }
  });

  it('sorts leads by stage and finds them by idempotency key', () => {
    const table = tableOf(sheet([fresh, contacted, lost]));
    expect(table.atStage('NEW')).toEqual([fresh]);
    expect(table.atStage('CONTACTED')).toEqual([contacted]);
    expect(table.atStage('CLOSED LOST')).toEqual([lost]);
    expect(table.atStage('QUALIFIED')).toEqual([]);
    expect([table.keys.idsWithKey('k-c'), table.keys.idsWithKey('k-new'), table.keys.idsWithKey('nope')]).toEqual([['L-C'], ['L-NEW'], []]);
  });

  it('reads stages as admins type them', () => {
    const typed: Array<[CellValue, string]> = [
      ['', 'NEW'],
      [' new ', 'NEW'],
      ['contacted', 'CONTACTED'],
      ['Closed-Lost', 'CLOSED LOST'],
      ['qualified', 'QUALIFIED'],
    ];
    const rows = sheet(typed.map((_, i) => lead({ leadId: `L-${i}` })));
    typed.forEach(([stage], i) => ((rows[i + 1] as CellValue[])[rows[0]?.indexOf('stage') as number] = stage));
    const table = tableOf(rows);
    expect(typed.map((_, i) => table.get(`L-${i}`)?.stage)).toEqual(typed.map(([, stage]) => stage));
  });

  it('names the rows it cannot use, skips blank ones, and keeps the first of a repeated id', () => {
    const header = (sheet([])[0] as CellValue[]).map(String);
    const rowOf = (one: Lead, edits: Record<string, CellValue> = {}) => header.map((column, i) => (column in edits ? edits[column] : (sheet([one])[1] as CellValue[])[i]) as CellValue);
    const rows: CellValue[][] = [
      header,
      rowOf(fresh),
      [],
      header.map(() => '  '),
      rowOf(lead(), { lead_id: '' }),
      rowOf(lead({ leadId: 'L-ODD' }), { stage: 'maybe' }),
      rowOf(lead({ leadId: 'L-BAD-COUNT' }), { route_count: 'lots' }),
      rowOf(contacted, { name: 'a copy' }),
      rowOf(contacted, { name: 'the copy' }),
    ];
    const table = tableOf(rows);
    expect(table.unreadable).toEqual([
      { leadId: 'row 5', problem: 'no lead_id' },
      { leadId: 'L-ODD', problem: 'unknown stage "maybe"' },
      { leadId: 'L-BAD-COUNT', problem: 'route_count "lots" is not a number' },
      { leadId: 'L-C', problem: 'lead_id repeated on row 9; the first row is used' },
    ]);
    expect(table.get('L-C')?.name).toBe('a copy');
    expect([table.size, table.rowCount]).toEqual([2, 9]);
  });

  it('decodes a closed row only when asked, and one it cannot understand reads as no lead', () => {
    const rows = sheet([fresh, contacted]);
    (rows[2] as CellValue[])[rows[0]?.indexOf('assigned_at') as number] = 'next tuesday';
    const table = tableOf(rows);
    // A sweep only looks at NEW leads: the broken CONTACTED row is no complaint of its.
    expect(table.unreadable).toEqual([]);
    expect(table.has('L-C')).toBe(true);
    expect(table.get('L-C')).toBeUndefined();
    expect(table.atStage('CONTACTED')).toEqual([]);
  });

  it('once retired (its bytes reused by the next read), refuses rows it had not decoded', () => {
    const table = tableOf(sheet([fresh, contacted]));
    expect(table.get('L-C')).toEqual(contacted);
    const other = tableOf(sheet([fresh, lost]));
    expect(other.retire()?.length).toBeGreaterThan(0);
    expect(other.get('L-NEW')).toEqual(fresh);
    expect(() => other.get('L-LOST')).toThrow(/superseded/);
    expect(() => other.eachOpenContact(() => undefined)).toThrow(/superseded/);
    expect(other.keys.idsWithKey('k-new')).toEqual(['L-NEW']);
  });

  it('reads ids, phones and keys typed as numbers as text', () => {
    const rows = sheet([]);
    const header = rows[0] as CellValue[];
    const row = header.map((column) => (column === 'lead_id' ? 12345 : column === 'phone' ? 6281234567890 : column === 'idempotency_key' ? 77 : column === 'stage' ? 'CONTACTED' : ''));
    const table = tableOf([header, row]);
    expect(table.get('12345')?.phone).toBe('6281234567890');
    expect(table.keys.idsWithKey('77')).toEqual(['12345']);
    const contacts: string[][] = [];
    table.eachOpenContact((leadId, phone, email) => contacts.push([leadId, phone, email]));
    expect(contacts).toEqual([['12345', '6281234567890', '']]);
  });

  it('gives every open lead’s phone and email as decoding the whole row would (randomized)', () => {
    const random = prng(8);
    const leads = Array.from({ length: 300 }, (_, i) =>
      lead({
        leadId: `L-R${i}`,
        stage: random.pick(STAGES),
        phone: random.int(3) === 0 ? '' : `62812${random.int(1e8)}`,
        email: random.pick(['', `Mixed.Case${i}@Example.com`, ` spaced${i}@example.com `]),
      }),
    );
    const rows = sheet(leads);
    const table = tableOf(rows);
    const header = rows[0] as CellValue[];
    const expected: string[][] = [];
    for (const row of rows.slice(1)) {
      const record: LeadRecord = Object.fromEntries(header.map((column, i) => [column, row[i] === '' ? undefined : row[i]]));
      const parsed = parseLeadRecord(record, ZONE);
      if (parsed.ok && (parsed.lead.stage === 'NEW' || parsed.lead.stage === 'CONTACTED')) expected.push([parsed.lead.leadId, parsed.lead.phone, parsed.lead.email]);
    }
    const seen: string[][] = [];
    table.eachOpenContact((leadId, phone, email) => seen.push([leadId, phone, email]));
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
  });
});
