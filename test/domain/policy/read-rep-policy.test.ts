import { describe, expect, it } from 'vitest';
import { readRepPolicy, type PolicyCells } from '../../../src/domain/policy/read-rep-policy.ts';
import { parseRoster } from '../../../src/domain/roster.ts';

const DEFAULTS = { timeZone: 'Asia/Jakarta', locale: 'en_US' };
const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

describe('readRepPolicy', () => {
  it('blank cells set nothing', () => {
    expect(readRepPolicy({}, DEFAULTS)).toEqual({ policy: {}, problems: [] });
    expect(readRepPolicy({ team: '', weight: null, max_open: '', timezone: '', working_hours: '', ooo_until: '' }, DEFAULTS)).toEqual({ policy: {}, problems: [] });
  });

  it.each([
    [{ team: 'Jakarta, Enterprise ,jakarta' }, { teams: ['jakarta', 'enterprise'] }],
    [{ weight: 2 }, { weight: 2 }],
    [{ weight: '1,5' }, { weight: 1.5 }],
    [{ max_open: 5 }, { maxOpen: 5 }],
    [{ max_open: '0' }, { maxOpen: 0 }],
    [{ timezone: 'Europe/Berlin' }, { timeZone: 'Europe/Berlin' }],
  ] as Array<[PolicyCells, object]>)('%j', (cells, expected) => {
    expect(readRepPolicy(cells, DEFAULTS)).toEqual({ policy: expected, problems: [] });
  });

  it.each([
    [{ weight: 0 }, 'weight', 'must be a number above 0'],
    [{ weight: '-1' }, 'weight', 'must be a number above 0'],
    [{ weight: 'lots' }, 'weight', 'must be a number above 0'],
    [{ max_open: '2.5' }, 'max_open', 'whole number'],
    [{ max_open: 'many' }, 'max_open', 'whole number'],
    [{ timezone: 'Jakarta' }, 'timezone', 'is not an IANA time zone'],
    [{ working_hours: 'weekdays nine to five' }, 'working_hours', 'Mon-Fri 09:00-17:00'],
    [{ ooo_until: 'next week' }, 'ooo_until', '"next week"'],
  ] as Array<[PolicyCells, string, string]>)('%j is a problem and counts as blank', (cells, column, problem) => {
    const { policy, problems } = readRepPolicy(cells, DEFAULTS);
    expect(policy).toEqual({});
    expect(problems).toEqual([expect.objectContaining({ column })]);
    expect(problems[0]?.problem).toContain(problem);
  });

  it('ooo_until: a date is the whole day in the rep zone, a date and time the moment they are back', () => {
    expect(iso(readRepPolicy({ ooo_until: '2026-12-08' }, DEFAULTS).policy.oooUntil)).toBe('2026-12-08T17:00:00.000Z');
    expect(iso(readRepPolicy({ ooo_until: '2026-12-08', timezone: 'Europe/Berlin' }, DEFAULTS).policy.oooUntil)).toBe('2026-12-08T23:00:00.000Z');
    expect(iso(readRepPolicy({ ooo_until: '2026-12-08 13:30' }, DEFAULTS).policy.oooUntil)).toBe('2026-12-08T06:30:00.000Z');
    expect(iso(readRepPolicy({ ooo_until: '2026-12-08T06:30:00Z' }, DEFAULTS).policy.oooUntil)).toBe('2026-12-08T06:30:00.000Z');
    // A date Sheets recognised arrives as a serial number: 46364 is 2026-12-08.
    expect(iso(readRepPolicy({ ooo_until: 46364 }, DEFAULTS).policy.oooUntil)).toBe('2026-12-08T17:00:00.000Z');
    // The whole day across a DST change: New York's 2026-11-01 ends at 05:00Z (EST).
    expect(iso(readRepPolicy({ ooo_until: '2026-11-01', timezone: 'America/New_York' }, DEFAULTS).policy.oooUntil)).toBe('2026-11-02T05:00:00.000Z');
  });
});

describe('parseRoster with the policy columns', () => {
  it('reads them only when given the defaults; without them a roster reads as before', () => {
    const rows = [{ name: 'Ayu', slack_id: 'UAYU', active: 'ON', team: 'jakarta', weight: 2 }];
    expect(parseRoster(rows)).toEqual([{ name: 'Ayu', email: '', slackId: 'UAYU', active: true }]);
    expect(parseRoster(rows, DEFAULTS)).toEqual([{ name: 'Ayu', email: '', slackId: 'UAYU', active: true, teams: ['jakarta'], weight: 2 }]);
  });
});
