import { afterEach, describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/cells.ts';
import { changedColumns, LEAD_COLUMNS, leadToRecord, parseLeadRecord, parseStage, type LeadRecord } from '../../src/domain/lead-record.ts';
import { clockTime, describeMinutes, minutesBetween, parseSheetTime, toIso } from '../../src/domain/time.ts';
import type { Lead } from '../../src/domain/types.ts';
import { HOUR, lead, MINUTE, NOW } from '../fixtures/domain.ts';

const at = (iso: string): number => Date.parse(iso);
const JAKARTA = 'Asia/Jakarta';

describe('parseSheetTime', () => {
  // [cell, sheet time zone, expected UTC instant]
  it.each<[CellValue, string, string]>([
    ['2026-11-25T14:05:00Z', 'UTC', '2026-11-25T14:05:00Z'],
    ['2026-11-25T14:05:00Z', JAKARTA, '2026-11-25T14:05:00Z'],
    ['2026-11-25T14:05:00.123Z', JAKARTA, '2026-11-25T14:05:00.123Z'],
    ['2026-11-25T14:05Z', 'UTC', '2026-11-25T14:05:00Z'],
    ['2026-11-25T14:05:00+07:00', 'UTC', '2026-11-25T07:05:00Z'],
    ['2026-11-25T14:05:00-05:00', JAKARTA, '2026-11-25T19:05:00Z'],
    ['2026-11-25T14:05:00+0700', 'UTC', '2026-11-25T07:05:00Z'],
    // what an admin types or the sheet shows: read in the sheet's zone
    ['2026-11-25 14:05', 'UTC', '2026-11-25T14:05:00Z'],
    ['2026-11-25 14:05', JAKARTA, '2026-11-25T07:05:00Z'],
    ['2026-11-25 14:05:30', JAKARTA, '2026-11-25T07:05:30Z'],
    ['2026-11-25T14:05:00', JAKARTA, '2026-11-25T07:05:00Z'],
    ['2026-11-25', JAKARTA, '2026-11-24T17:00:00Z'],
    ['11/25/2026 14:05:00', 'UTC', '2026-11-25T14:05:00Z'],
    ['11/25/2026 14:05:00', JAKARTA, '2026-11-25T07:05:00Z'],
    ['11/25/2026 9:05', JAKARTA, '2026-11-25T02:05:00Z'],
    ['25.11.2026 14:05', JAKARTA, '2026-11-25T07:05:00Z'],
    ['  2026-11-25 14:05  ', 'UTC', '2026-11-25T14:05:00Z'],
    // serial numbers: days since 1899-12-30, wall clock in the sheet's zone
    [46351.5, 'UTC', '2026-11-25T12:00:00Z'],
    [46351.5, JAKARTA, '2026-11-25T05:00:00Z'],
    ['46351.5', JAKARTA, '2026-11-25T05:00:00Z'],
    [46351, 'UTC', '2026-11-25T00:00:00Z'],
    [46351.586805555555, 'UTC', '2026-11-25T14:05:00Z'],
    [46351.586805555555, 'America/New_York', '2026-11-25T19:05:00Z'],
  ])('%j in %s -> %s', (cell, zone, iso) => {
    expect(parseSheetTime(cell, { timeZone: zone, locale: 'en_US' })).toEqual({ ok: true, at: at(iso) });
  });

  it.each<[CellValue | undefined]>([[''], ['   '], [null], [undefined]])('%j -> null (blank)', (cell) => {
    expect(parseSheetTime(cell, { timeZone: JAKARTA })).toEqual({ ok: true, at: null });
  });

  it.each<[CellValue]>([['junk'], ['tomorrow'], ['2026-02-30 10:00'], ['13/25/2026 10:00'], ['2026-11-25 25:00'], [true], [0], [-1], ['=NOW()']])(
    '%j -> a problem naming the value',
    (cell) => {
      const parsed = parseSheetTime(cell, { timeZone: JAKARTA, locale: 'en_US' });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toContain(String(cell === true ? 'TRUE' : cell));
    },
  );

  describe('whatever time zone the server runs in', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it.each<[string, string, string]>([
      // 02:30 on 2026-03-08 does not exist in New York (DST starts) but is a fine time in Jakarta
      ['2026-03-08 02:30', JAKARTA, '2026-03-07T19:30:00Z'],
      ['3/8/2026 2:30:00', JAKARTA, '2026-03-07T19:30:00Z'],
      ['2026-11-25 14:05', JAKARTA, '2026-11-25T07:05:00Z'],
      ['2026-11-01 01:30', 'UTC', '2026-11-01T01:30:00Z'],
    ])('%j in %s -> %s with the process in America/New_York', (cell, zone, iso) => {
      process.env.TZ = 'America/New_York';
      // Make sure the switch took effect, or this test would prove nothing.
      expect(new Date(2026, 10, 25, 12).getTimezoneOffset()).toBe(300);
      expect(parseSheetTime(cell, { timeZone: zone, locale: 'en_US' })).toEqual({ ok: true, at: at(iso) });
    });
  });
});

describe('time helpers', () => {
  it('toIso writes ISO-8601 UTC', () => {
    expect(toIso(NOW)).toBe('2026-11-25T07:00:00.000Z');
  });

  it.each([
    ['UTC', '07:00'],
    [JAKARTA, '14:00'],
    ['America/New_York', '02:00'],
  ])('clockTime in %s -> %s', (zone, text) => {
    expect(clockTime(NOW, zone)).toBe(text);
  });

  it.each([
    [60, '1 h'],
    [120, '2 h'],
    [90, '90 min'],
    [45, '45 min'],
  ])('describeMinutes(%i) -> %s', (minutes, text) => {
    expect(describeMinutes(minutes)).toBe(text);
  });

  it('minutesBetween rounds', () => {
    expect(minutesBetween(NOW, NOW + 17 * MINUTE + 29_000)).toBe(17);
    expect(minutesBetween(NOW, NOW + 17 * MINUTE + 31_000)).toBe(18);
  });
});

/** A row as Baton writes it, as the API returns it (strings, and numbers where an admin typed them). */
function row(overrides: LeadRecord = {}): LeadRecord {
  return {
    lead_id: 'L-0001',
    name: 'Budi Santoso',
    phone: '6281234567890',
    stage: 'NEW',
    assigned_sales: 'Ani',
    sales_slack_id: 'U01ANI',
    route_count: '2',
    created_at: '2026-11-25T05:00:00.000Z',
    assigned_at: '2026-11-25T06:00:00.000Z',
    last_routed_at: '2026-11-25T06:00:00.000Z',
    contacted_at: '',
    email: 'budi@example.com',
    company: 'PT Maju',
    source: 'form',
    message: 'hello\nthere',
    phone_valid: 'TRUE',
    idempotency_key: 'key-1',
    slack_channel: 'D01',
    slack_ts: '1764054000.000100',
    owner_history: 'U03CICI > U01ANI',
    ...overrides,
  };
}

function parsed(overrides: LeadRecord = {}, zone = 'UTC', locale = 'en_US'): Lead {
  const result = parseLeadRecord(row(overrides), { timeZone: zone, locale });
  if (!result.ok) throw new Error(`expected a lead, got ${result.problem}`);
  return result.lead;
}

describe('parseStage / parseLeadRecord', () => {
  it.each<[CellValue | undefined, string]>([
    ['NEW', 'NEW'],
    [' New ', 'NEW'],
    ['new', 'NEW'],
    ['contacted', 'CONTACTED'],
    ['Contacted', 'CONTACTED'],
    ['qualified', 'QUALIFIED'],
    ['CLOSED LOST', 'CLOSED LOST'],
    ['closed-lost', 'CLOSED LOST'],
    ['Closed_Lost', 'CLOSED LOST'],
    ['closed   lost', 'CLOSED LOST'],
  ])('stage %j -> %s', (stage, expected) => {
    expect(parseStage(stage)).toBe(expected);
    expect(parsed({ stage }).stage).toBe(expected);
  });

  it.each<[CellValue | undefined]>([[''], ['  '], [null], [undefined]])('a blank stage %j is NEW on a lead nobody owns, and a problem on an owned one', (stage) => {
    expect(parseStage(stage)).toBe('NEW');
    expect(parsed({ stage, sales_slack_id: '', assigned_sales: '' }).stage).toBe('NEW');
    expect(parseLeadRecord(row({ stage }), { timeZone: 'UTC' })).toEqual({
      ok: false,
      leadId: 'L-0001',
      problem: 'stage is blank on a lead owned by U01ANI; type NEW, CONTACTED, QUALIFIED or CLOSED LOST',
    });
  });

  it('a NEW lead nobody owns and nobody could call is a problem, not a lead to route', () => {
    for (const overrides of [{ phone: '', email: '' }, { name: '' }] as LeadRecord[]) {
      expect(parseLeadRecord(row({ sales_slack_id: '', assigned_sales: '', ...overrides }), { timeZone: 'UTC' })).toEqual({
        ok: false,
        leadId: 'L-0001',
        problem: 'a new lead needs a name and a phone or email before Baton can route it',
      });
    }
    // Owned or past NEW, it is Baton's (or was worked already): read as it is.
    expect(parsed({ phone: '', email: '' }).name).toBe('Budi Santoso');
    expect(parsed({ name: '', stage: 'CONTACTED', sales_slack_id: '', assigned_sales: '' }).stage).toBe('CONTACTED');
  });

  it('names a lead typed without a lead_id by the id it is given', () => {
    expect(parseLeadRecord(row({ lead_id: '' }), { timeZone: 'UTC' }, 'L-HAND-0123456789')).toMatchObject({ ok: true, lead: { leadId: 'L-HAND-0123456789' } });
    expect(parseLeadRecord(row({ lead_id: 'L-TYPED' }), { timeZone: 'UTC' }, 'L-HAND-0123456789')).toMatchObject({ ok: true, lead: { leadId: 'L-TYPED' } });
  });

  it.each<[CellValue]>([['WON'], ['closed'], ['contacted!'], [true], [3]])('unknown stage %j -> a problem, with the lead id', (stage) => {
    const result = parseLeadRecord(row({ stage }), { timeZone: 'UTC' });
    expect(result).toMatchObject({ ok: false, leadId: 'L-0001' });
    if (!result.ok) expect(result.problem).toMatch(/unknown stage/);
  });

  it.each<[CellValue | undefined, number]>([
    ['', 0],
    [undefined, 0],
    [null, 0],
    ['3', 3],
    [4, 4],
    [' 5 ', 5],
  ])('route_count %j -> %i', (routeCount, expected) => {
    expect(parsed({ route_count: routeCount }).routeCount).toBe(expected);
  });

  it.each<[CellValue]>([['abc'], ['-1'], ['two']])('route_count %j -> a problem', (routeCount) => {
    const result = parseLeadRecord(row({ route_count: routeCount }), { timeZone: 'UTC' });
    expect(result).toMatchObject({ ok: false, leadId: 'L-0001' });
    if (!result.ok) expect(result.problem).toMatch(/route_count/);
  });

  it.each<[CellValue | undefined]>([[''], ['   '], [undefined], [null]])('lead_id %j -> a problem', (leadId) => {
    expect(parseLeadRecord(row({ lead_id: leadId }), { timeZone: 'UTC' })).toEqual({ ok: false, leadId: '', problem: 'no lead_id' });
  });

  it.each(['created_at', 'assigned_at', 'last_routed_at', 'contacted_at'] as const)('an unreadable %s -> a problem naming the column', (column) => {
    const result = parseLeadRecord(row({ [column]: 'last tuesday' }), { timeZone: 'UTC' });
    expect(result).toMatchObject({ ok: false, leadId: 'L-0001' });
    if (!result.ok) expect(result.problem).toContain(column);
  });

  it('reads times an admin typed in the sheet zone, and serials', () => {
    const lead = parsed({ assigned_at: '11/25/2026 14:05:00', created_at: 46351.5, contacted_at: '2026-11-25 14:30' }, JAKARTA);
    expect(lead.assignedAt).toBe(at('2026-11-25T07:05:00Z'));
    expect(lead.createdAt).toBe(at('2026-11-25T05:00:00Z'));
    expect(lead.contactedAt).toBe(at('2026-11-25T07:30:00Z'));
  });

  it('reads a date typed as text in the sheet locale, and names the cell when it cannot (issue 10, item 5)', () => {
    expect(parsed({ created_at: '05/11/2026 09:30' }, JAKARTA, 'id_ID').createdAt).toBe(at('2026-11-05T02:30:00Z'));
    expect(parsed({ created_at: '05/11/2026 09:30' }, JAKARTA, 'en_US').createdAt).toBe(at('2026-05-11T02:30:00Z'));
    expect(parsed({ created_at: '25/11/2026 09:30' }, JAKARTA, 'en_US').createdAt).toBe(at('2026-11-25T02:30:00Z'));
    expect(parseLeadRecord(row({ created_at: '05/11/2026' }), { timeZone: JAKARTA, locale: 'ja_JP' })).toEqual({
      ok: false,
      leadId: 'L-0001',
      problem: 'created_at "05/11/2026" is ambiguous (day/month) in locale ja_JP; type it year first: 2026-11-05 for 5 November or 2026-05-11 for 11 May',
    });
    expect(parseLeadRecord(row({ assigned_at: '5/11/2026 10:00' }), { timeZone: JAKARTA })).toMatchObject({
      ok: false,
      problem: 'assigned_at "5/11/2026 10:00" is ambiguous (day/month) and the spreadsheet’s locale is unknown; type it year first: 2026-11-05 for 5 November or 2026-05-11 for 11 May',
    });
    // A serial (a date Sheets recognised) needs no locale.
    expect(parsed({ created_at: 46351.5 }, JAKARTA, '').createdAt).toBe(at('2026-11-25T05:00:00Z'));
  });

  it('reads a row the API trimmed short, with defaults', () => {
    expect(parseLeadRecord({ lead_id: 'L-9', name: 'Short Row', phone: '0812' }, { timeZone: 'UTC' })).toEqual({
      ok: true,
      lead: {
        leadId: 'L-9',
        name: 'Short Row',
        phone: '0812',
        phoneValid: true,
        email: '',
        company: '',
        source: '',
        message: '',
        stage: 'NEW',
        assignedSales: '',
        salesSlackId: '',
        routeCount: 0,
        createdAt: null,
        assignedAt: null,
        lastRoutedAt: null,
        contactedAt: null,
        idempotencyKey: '',
        slackChannel: '',
        slackTs: '',
        ownerHistory: [],
      },
    });
  });

  it.each<[LeadRecord, Partial<Lead>]>([
    [{ phone: 6281234567890 }, { phone: '6281234567890' }],
    [{ email: ' Budi@Example.COM ' }, { email: 'budi@example.com' }],
    [{ phone_valid: 'FALSE' }, { phoneValid: false }],
    [{ phone_valid: false }, { phoneValid: false }],
    [{ phone_valid: 'no' }, { phoneValid: false }],
    [{ phone_valid: '' }, { phoneValid: true }],
    [{ owner_history: 'U1 > U2 > U3' }, { ownerHistory: ['U1', 'U2', 'U3'] }],
    [{ owner_history: 'U1,U2' }, { ownerHistory: ['U1', 'U2'] }],
    [{ owner_history: '' }, { ownerHistory: [] }],
    [{ name: '=HYPERLINK("http://evil","x")' }, { name: '=HYPERLINK("http://evil","x")' }],
  ])('%j -> %j', (overrides, expected) => {
    expect(parsed(overrides)).toMatchObject(expected);
  });
});

describe('leadToRecord', () => {
  const full: Lead = lead({
    leadId: 'L-RT-1',
    phone: '6281234567890',
    email: 'budi@example.com',
    company: 'PT Maju',
    source: 'form',
    message: 'line one\nline two',
    stage: 'CONTACTED',
    routeCount: 3,
    createdAt: NOW - 3 * HOUR,
    assignedAt: NOW - HOUR,
    lastRoutedAt: NOW - HOUR + 123,
    contactedAt: NOW,
    idempotencyKey: 'idem-1',
    slackChannel: 'D0123',
    slackTs: '1764054000.000100',
    ownerHistory: ['UA', 'UB', 'UC'],
    salesSlackId: 'UC',
    assignedSales: 'rep UC',
  });
  const sparse: Lead = lead({ leadId: 'L-RT-2', salesSlackId: '', assignedSales: '', assignedAt: null, ownerHistory: [], phoneValid: false, phone: '12' });

  it.each([[full], [sparse], [lead({ stage: 'CLOSED LOST' })]])('round-trips %#', (one) => {
    const record = leadToRecord(one);
    expect(Object.keys(record)).toEqual([...LEAD_COLUMNS]);
    expect(parseLeadRecord(record, { timeZone: JAKARTA })).toEqual({ ok: true, lead: one });
  });

  it('writes phones as text and times as ISO UTC', () => {
    const record = leadToRecord(full);
    expect(record.phone).toBe('6281234567890');
    expect(record.created_at).toBe('2026-11-25T04:00:00.000Z');
    expect(record.contacted_at).toBe('2026-11-25T07:00:00.000Z');
    expect(record.route_count).toBe(3);
    expect(record.owner_history).toBe('UA > UB > UC');
    expect(leadToRecord(sparse)).toMatchObject({ assigned_at: '', sales_slack_id: '', phone_valid: 'FALSE', owner_history: '' });
  });
});

describe('changedColumns', () => {
  const before = lead({ leadId: 'L-CH', salesSlackId: 'UA', assignedSales: 'rep UA', routeCount: 1, assignedAt: NOW - 2 * HOUR });

  it('nothing changed -> nothing to write', () => {
    expect(changedColumns(before, { ...before, ownerHistory: [...before.ownerHistory] })).toEqual({});
  });

  it('contacted -> only stage and contacted_at', () => {
    expect(changedColumns(before, { ...before, stage: 'CONTACTED', contactedAt: NOW })).toEqual({
      stage: 'CONTACTED',
      contacted_at: '2026-11-25T07:00:00.000Z',
    });
  });

  it('re-routed -> only the routing columns', () => {
    const after: Lead = {
      ...before,
      assignedSales: 'rep UB',
      salesSlackId: 'UB',
      routeCount: 2,
      assignedAt: NOW,
      lastRoutedAt: NOW,
      ownerHistory: [...before.ownerHistory, 'UB'],
    };
    expect(changedColumns(before, after)).toEqual({
      assigned_sales: 'rep UB',
      sales_slack_id: 'UB',
      route_count: 2,
      assigned_at: '2026-11-25T07:00:00.000Z',
      last_routed_at: '2026-11-25T07:00:00.000Z',
      owner_history: 'UA > UB',
    });
  });

  it('the Slack message ref alone', () => {
    expect(changedColumns(before, { ...before, slackChannel: 'D9', slackTs: '1.2' })).toEqual({ slack_channel: 'D9', slack_ts: '1.2' });
  });
});
