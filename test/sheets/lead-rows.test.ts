/**
 * The lead tab as SheetLeadTable reads it from batchGet bytes: the same leads and the same
 * complaints as decoding every row would give, with closed rows decoded only when asked for.
 */
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/cells.ts';
import { LEAD_COLUMNS, leadToRecord, parseLeadRecord, type LeadRecord } from '../../src/domain/lead-record.ts';
import { STAGES, type Lead } from '../../src/domain/types.ts';
import { SheetLeadTable } from '../../src/stores/sheets/lead-rows.ts';
import { readValueRanges } from '../../src/stores/sheets/value-ranges.ts';
import { HOUR, lead, NOW, prng } from '../fixtures/domain.ts';

const ZONE = 'Asia/Jakarta';

function tableOf(rows: CellValue[][], pretty = false): SheetLeadTable {
  const table = new SheetLeadTable({ timeZone: ZONE, locale: 'en_US' });
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
    // A blank stage is NEW only on a lead nobody owns yet (see the owned case below).
    const rows = sheet(typed.map(([stage], i) => lead({ leadId: `L-${i}`, ...(stage === '' ? { salesSlackId: '', assignedSales: '', ownerHistory: [] } : {}) })));
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
      // A Baton row whose lead_id, name and phone were cleared: nothing left to route, so no lead.
      rowOf(lead(), { lead_id: '', name: '', phone: '' }),
      rowOf(lead({ leadId: 'L-ODD' }), { stage: 'maybe' }),
      rowOf(lead({ leadId: 'L-BAD-COUNT' }), { route_count: 'lots' }),
      rowOf(contacted, { name: 'a copy' }),
      rowOf(contacted, { name: 'the copy' }),
    ];
    const table = tableOf(rows);
    expect(table.unreadable).toEqual([
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
      const parsed = parseLeadRecord(record, { timeZone: ZONE });
      if (parsed.ok && (parsed.lead.stage === 'NEW' || parsed.lead.stage === 'CONTACTED')) expected.push([parsed.lead.leadId, parsed.lead.phone, parsed.lead.email]);
    }
    const seen: string[][] = [];
    table.eachOpenContact((leadId, phone, email) => seen.push([leadId, phone, email]));
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
  });
});

describe('SheetLeadTable: rows admins type that are not leads (issue 10, item 4)', () => {
  const header: CellValue[] = [...LEAD_COLUMNS];
  const typed = (cells: Partial<Record<(typeof LEAD_COLUMNS)[number], CellValue>>): CellValue[] => LEAD_COLUMNS.map((column) => cells[column] ?? '');

  it('leaves notes, a repeated header, a totals row and a filled-down stage alone, and reports none of them', () => {
    const table = tableOf([
      header,
      // A note typed into column A, which is lead_id: blank stage, no phone or email.
      typed({ lead_id: 'Call Budi back on Monday about pricing' }),
      typed({ name: 'NB: the leads below came from the expo' }),
      header,
      typed({ lead_id: 'Total', route_count: 57 }),
      typed({ stage: 'NEW' }),
      typed({ lead_id: 'L-NOTE', message: 'see the expo list' }),
      typed({ phone: '081234567890' }),
    ]);
    expect(table.atStage('NEW')).toEqual([]);
    expect(table.size).toBe(0);
    expect(table.unreadable).toEqual([]);
    expect(table.keys.idsWithKey('')).toEqual([]);
  });

  it('makes a lead of a row typed without a lead_id that has a name and a phone or email, under an id that survives a sort', () => {
    const budi = typed({ name: 'Budi', phone: '081234567890' });
    const sari = typed({ name: 'Sari', email: 'Sari@Example.com', stage: 'new' });
    const table = tableOf([header, budi, sari]);
    const found = table.atStage('NEW');
    expect(found.map((one) => [one.name, one.phone, one.email, one.stage, one.salesSlackId])).toEqual([
      ['Budi', '081234567890', '', 'NEW', ''],
      ['Sari', '', 'sari@example.com', 'NEW', ''],
    ]);
    const ids = found.map((one) => one.leadId);
    for (const id of ids) expect(id).toMatch(/^L-HAND-[0-9A-Z]{10}$/);
    expect(new Set(ids).size).toBe(2);
    expect(table.unreadable).toEqual([]);
    expect([table.rowIndex.get(ids[0] as string), table.get(ids[1] as string)?.name]).toEqual([1, 'Sari']);
    expect([...table.givenIds].sort()).toEqual([...ids].sort());
    // What the store writes with the first change: the id, and NEW where the stage was left blank.
    expect([table.fillIns.get(ids[0] as string), table.fillIns.get(ids[1] as string)]).toEqual([{ lead_id: ids[0], stage: 'NEW' }, { lead_id: ids[1] }]);

    // Sorted the other way (an everyday edit): the same ids, each at its new row.
    const sorted = tableOf([header, sari, budi]);
    expect(sorted.atStage('NEW').map((one) => one.leadId)).toEqual([ids[1], ids[0]]);
    expect(sorted.rowIndex.get(ids[0] as string)).toBe(2);
  });

  it('reports a row typed twice without a lead_id once, and uses the first', () => {
    const budi = typed({ name: 'Budi', phone: '081234567890' });
    const table = tableOf([header, budi, budi]);
    expect(table.size).toBe(1);
    expect(table.unreadable).toEqual([{ leadId: 'Budi (no lead_id)', problem: 'row 3 repeats the name, phone and email of row 2 and has no lead_id; the first row is used' }]);
  });

  it('reports a lead with an owner whose stage was cleared, instead of routing it again as NEW', () => {
    const owned = leadToRecord(lead({ leadId: 'L-OWNED', salesSlackId: 'UA', assignedSales: 'Ayu' }));
    const table = tableOf([header, LEAD_COLUMNS.map((column) => (column === 'stage' ? '' : owned[column]))]);
    expect(table.atStage('NEW')).toEqual([]);
    expect(table.unreadable).toEqual([{ leadId: 'L-OWNED', problem: 'stage is blank on a lead owned by UA; type NEW, CONTACTED, QUALIFIED or CLOSED LOST' }]);
  });

  it('reads a lead typed with a lead_id and a blank stage but no owner as NEW, and reports a NEW one nobody could call', () => {
    const table = tableOf([
      header,
      typed({ lead_id: 'L-TYPED', name: 'Dewi', email: 'dewi@example.com' }),
      typed({ lead_id: 'L-MANUAL', name: 'Typed by admin', stage: 'NEW' }),
      typed({ lead_id: 'L-DONE', name: 'Closed by hand', stage: 'closed lost' }),
    ]);
    expect(table.atStage('NEW').map((one) => [one.leadId, one.stage])).toEqual([['L-TYPED', 'NEW']]);
    expect(table.get('L-DONE')?.stage).toBe('CLOSED LOST');
    expect(table.unreadable).toEqual([{ leadId: 'L-MANUAL', problem: 'a new lead needs a name and a phone or email before Baton can route it' }]);
    expect(table.givenIds.size).toBe(0);
    expect([...table.fillIns]).toEqual([['L-TYPED', { stage: 'NEW' }]]);
  });
});

describe('SheetLeadTable: dates typed as text, in the spreadsheet locale (issue 10, item 5)', () => {
  const header: CellValue[] = [...LEAD_COLUMNS];
  const rowWith = (created: CellValue) => {
    const record = leadToRecord(lead({ leadId: 'L-TYPED-DATE' })) as Record<string, CellValue>;
    return LEAD_COLUMNS.map((column) => (column === 'created_at' ? created : record[column] ?? ''));
  };
  const read = (sheet: ConstructorParameters<typeof SheetLeadTable>[0], created: CellValue) => {
    const table = new SheetLeadTable(sheet);
    const { stored } = readValueRanges(Buffer.from(JSON.stringify({ valueRanges: [{ values: [header, rowWith(created)] }] })), { streamed: 0, onRow: table.take });
    return table.finish(stored);
  };

  it('reads 05/11/2026 as 5 November in id_ID and 11 May in en_US', () => {
    expect(read({ timeZone: ZONE, locale: 'id_ID' }, '05/11/2026 09:30').get('L-TYPED-DATE')?.createdAt).toBe(Date.parse('2026-11-05T02:30:00Z'));
    expect(read({ timeZone: ZONE, locale: 'en_US' }, '05/11/2026 09:30').get('L-TYPED-DATE')?.createdAt).toBe(Date.parse('2026-05-11T02:30:00Z'));
  });

  it('reports the cell instead of guessing when the locale is unknown; serials and unambiguous dates still read', () => {
    for (const sheet of [{ timeZone: ZONE }, ZONE]) {
      const table = read(sheet, '05/11/2026 09:30');
      expect(table.atStage('NEW')).toEqual([]);
      expect(table.unreadable).toEqual([
        {
          leadId: 'L-TYPED-DATE',
          problem: 'created_at "05/11/2026 09:30" is ambiguous (day/month) and the spreadsheet’s locale is unknown; type it year first: 2026-11-05 for 5 November or 2026-05-11 for 11 May',
        },
      ]);
      expect(read(sheet, '25/11/2026 09:30').get('L-TYPED-DATE')?.createdAt).toBe(Date.parse('2026-11-25T02:30:00Z'));
      expect(read(sheet, 46351.5).get('L-TYPED-DATE')?.createdAt).toBe(Date.parse('2026-11-25T05:00:00Z'));
    }
  });
});
