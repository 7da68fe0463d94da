import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, isWorkingAt, nextWorkStart, parseWorkingHours } from '../../../src/domain/policy/working-hours.ts';
import { slaDeadline } from '../../../src/domain/policy/sla-deadline.ts';
import { instantOf, localTime } from '../../../src/domain/policy/zoned-time.ts';
import type { WorkingHours } from '../../../src/domain/types.ts';

function hours(text: string): WorkingHours {
  const parsed = parseWorkingHours(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.hours;
}

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

describe('parseWorkingHours', () => {
  it.each([
    ['Mon-Fri 09:00-17:00', { 1: [[540, 1020]], 5: [[540, 1020]], 6: [], 0: [] }],
    ['Mon-Fri 09:00-17:00; Sat 10:00-14:00', { 5: [[540, 1020]], 6: [[600, 840]], 0: [] }],
    ['mon,wed 9-12, 13:00-17:30', { 1: [[540, 720], [780, 1050]], 2: [], 3: [[540, 720], [780, 1050]] }],
    ['Fri-Mon 08:00-12:00', { 5: [[480, 720]], 6: [[480, 720]], 0: [[480, 720]], 1: [[480, 720]], 2: [] }],
    ['Fri 22:00-06:00', { 5: [[1320, 1440]], 6: [[0, 360]] }],
    ['daily 00:00-24:00', { 0: [[0, 1440]], 3: [[0, 1440]] }],
    ['weekdays 08:00-12:00; weekdays 11:00-16:00', { 2: [[480, 960]], 0: [] }],
    ['Monday 0900-1700', { 1: [[540, 1020]] }],
  ])('%s', (text, expected) => {
    const parsed = hours(text);
    for (const [day, ranges] of Object.entries(expected)) expect(parsed.days[Number(day)]).toEqual(ranges);
  });

  it.each([
    ['', 'has no hours'],
    ['09:00-17:00', 'does not start with days'],
    ['Mon-Fry 09:00-17:00', '"mon-fry" is not a day range'],
    ['Funday 09:00-17:00', '"funday" is not a day'],
    ['Mon 9am-5pm', 'is not a time range'],
    ['Mon 25:00-26:00', 'is not a time range'],
    ['Mon 09:00-09:00', 'starts and ends at the same time'],
  ])('refuses %j with a fix', (text, problem) => {
    const parsed = parseWorkingHours(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toContain(problem);
      expect(parsed.problem.length).toBeGreaterThan(problem.length);
    }
  });
});

describe('zoned time across daylight saving', () => {
  it.each([
    // New York springs forward at 02:00 on 2026-03-08: 02:30 does not exist and reads as 03:30 EDT.
    ['America/New_York', [2026, 3, 8, 0], 150, '2026-03-08T07:30:00.000Z'],
    ['America/New_York', [2026, 3, 8, 0], 60, '2026-03-08T06:00:00.000Z'],
    ['America/New_York', [2026, 3, 8, 0], 180, '2026-03-08T07:00:00.000Z'],
    // Falls back at 02:00 on 2026-11-01: 01:30 happens twice; the first (EDT) is meant.
    ['America/New_York', [2026, 11, 1, 0], 90, '2026-11-01T05:30:00.000Z'],
    ['Europe/Berlin', [2026, 3, 29, 0], 150, '2026-03-29T01:30:00.000Z'],
    ['Europe/Berlin', [2026, 10, 25, 0], 150, '2026-10-25T00:30:00.000Z'],
    ['Asia/Jakarta', [2026, 12, 7, 1], 540, '2026-12-07T02:00:00.000Z'],
    // Lord Howe goes back half an hour at 02:00: 01:45 happens twice, first at +11:00.
    ['Australia/Lord_Howe', [2026, 4, 5, 0], 105, '2026-04-04T14:45:00.000Z'],
  ] as const)('%s %j minute %i', (zone, [year, month, day, weekday], minute, expected) => {
    expect(iso(instantOf({ year, month, day, weekday }, minute, zone))).toBe(expected);
  });

  it('reads weekday and minute in the zone, not the server', () => {
    expect(localTime(Date.parse('2026-12-06T23:30:00Z'), 'Asia/Jakarta')).toMatchObject({ weekday: 1, minute: 6 * 60 + 30, offset: 420 });
    expect(localTime(Date.parse('2026-12-07T04:59:00Z'), 'America/New_York')).toMatchObject({ weekday: 0, minute: 23 * 60 + 59, offset: -300 });
  });

  it('a 09:00-17:00 shift is 8 hours long on the day the clocks change, and starts at 09:00 local', () => {
    const shift = hours('daily 09:00-17:00');
    // 2026-03-08 (spring forward) in New York: 09:00 EDT = 13:00Z.
    expect(isWorkingAt(shift, 'America/New_York', Date.parse('2026-03-08T13:00:00Z'))).toBe(true);
    expect(isWorkingAt(shift, 'America/New_York', Date.parse('2026-03-08T12:59:00Z'))).toBe(false);
    expect(iso(addWorkingMinutes(shift, 'America/New_York', Date.parse('2026-03-08T13:00:00Z'), 8 * 60))).toBe('2026-03-08T21:00:00.000Z');
    // The day before (EST) the same shift is 14:00Z-22:00Z.
    expect(isWorkingAt(shift, 'America/New_York', Date.parse('2026-03-07T13:30:00Z'))).toBe(false);
    expect(iso(nextWorkStart(shift, 'America/New_York', Date.parse('2026-03-07T03:00:00Z')))).toBe('2026-03-07T14:00:00.000Z');
  });

  it('a night shift across the autumn change counts the extra hour', () => {
    const night = hours('daily 00:00-06:00');
    // 2026-11-01 New York: 00:00 EDT (04:00Z) to 06:00 EST (11:00Z) is 7 real hours.
    expect(iso(addWorkingMinutes(night, 'America/New_York', Date.parse('2026-11-01T04:00:00Z'), 7 * 60))).toBe('2026-11-01T11:00:00.000Z');
  });
});

describe('SLA in the owner\'s working minutes', () => {
  const office = hours('Mon-Fri 09:00-17:00; Sat 10:00-14:00');
  const jakarta = (text: string) => Date.parse(`${text}+07:00`);
  it.each([
    ['16:50 Mon + 60 → 09:50 Tue', '2026-12-07T16:50:00', 60, '2026-12-08T09:50:00'],
    ['inside the day', '2026-12-07T10:00:00', 60, '2026-12-07T11:00:00'],
    ['exactly at closing', '2026-12-07T16:00:00', 60, '2026-12-07T17:00:00'],
    ['before opening starts at opening', '2026-12-07T06:00:00', 30, '2026-12-07T09:30:00'],
    ['Friday evening → Saturday morning', '2026-12-11T16:30:00', 60, '2026-12-12T10:30:00'],
    ['Saturday after closing → Monday', '2026-12-12T15:00:00', 90, '2026-12-14T10:30:00'],
    ['Sunday → Monday', '2026-12-13T12:00:00', 60, '2026-12-14T10:00:00'],
    ['longer than a day', '2026-12-07T09:00:00', 8 * 60 + 30, '2026-12-08T09:30:00'],
    ['zero minutes', '2026-12-07T20:00:00', 0, '2026-12-07T20:00:00'],
  ])('%s', (_name, start, minutes, due) => {
    expect(iso(addWorkingMinutes(office, 'Asia/Jakarta', jakarta(start), minutes))).toBe(iso(jakarta(due)));
  });

  it('plain minutes for an owner without working hours, the rep zone for one with', () => {
    const start = jakarta('2026-12-07T16:50:00');
    expect(slaDeadline(start, 60, { name: 'A', email: '', slackId: 'UA', active: true }, 'Asia/Jakarta')).toBe(start + 3_600_000);
    expect(iso(slaDeadline(start, 60, { name: 'A', email: '', slackId: 'UA', active: true, workingHours: office }, 'Asia/Jakarta'))).toBe(iso(jakarta('2026-12-08T09:50:00')));
    // The same hours in Berlin: 16:50 Jakarta is 10:50 Berlin, well inside the day.
    expect(slaDeadline(start, 60, { name: 'A', email: '', slackId: 'UA', active: true, workingHours: office, timeZone: 'Europe/Berlin' }, 'Asia/Jakarta')).toBe(start + 3_600_000);
  });
});

describe('nextWorkStart', () => {
  const office = hours('Mon-Fri 09:00-17:00');
  it.each([
    ['while working: now', '2026-12-07T10:00:00Z', 720, '2026-12-07T10:00:00.000Z'],
    ['evening: next morning', '2026-12-07T18:00:00Z', 900, '2026-12-08T09:00:00.000Z'],
    ['evening, wait too short', '2026-12-07T18:00:00Z', 720, undefined],
    ['Friday night: Monday', '2026-12-11T18:00:00Z', 4 * 1440, '2026-12-14T09:00:00.000Z'],
  ])('%s', (_name, at, withinMinutes, expected) => {
    expect(iso(nextWorkStart(office, 'UTC', Date.parse(at), withinMinutes * 60_000))).toBe(expected);
  });
});
