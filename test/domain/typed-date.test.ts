/** Dates typed as text, read in the spreadsheet's locale (issue 10, item 5). Pure and table-driven. */
import { describe, expect, it } from 'vitest';
import { dateOrderOf, readTypedDate, type WallClock } from '../../src/domain/typed-date.ts';

/** "2026-11-05 14:05:00.000" for a wall clock, so a table row reads at a glance. */
function show(clock: WallClock): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(clock.year, 4)}-${p(clock.month)}-${p(clock.day)} ${p(clock.hour)}:${p(clock.minute)}:${p(clock.second)}.${p(clock.millisecond, 3)}`;
}

describe('dateOrderOf', () => {
  it.each<[string | undefined, string | undefined]>([
    ['en_US', 'MDY'],
    ['en_PH', 'MDY'],
    ['en', 'MDY'],
    ['en_GB', 'DMY'],
    ['id_ID', 'DMY'],
    // Google's older code for Indonesian.
    ['in_ID', 'DMY'],
    ['id', 'DMY'],
    ['de_DE', 'DMY'],
    ['nl_NL', 'DMY'],
    ['th_TH', 'DMY'],
    ['ja_JP', 'YMD'],
    ['en_CA', 'YMD'],
    ['hu_HU', 'YMD'],
    ['xx', undefined],
    ['xx_YY', undefined],
    ['not a locale!', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %j', (locale, order) => {
    expect(dateOrderOf(locale)).toBe(order);
  });
});

describe('readTypedDate', () => {
  // [typed text, sheet locale, wall clock read]
  it.each<[string, string | undefined, string]>([
    // day/month order from the locale
    ['05/11/2026', 'en_US', '2026-05-11 00:00:00.000'],
    ['05/11/2026', 'en_GB', '2026-11-05 00:00:00.000'],
    ['05/11/2026', 'id_ID', '2026-11-05 00:00:00.000'],
    ['5/11/2026 14:05', 'id_ID', '2026-11-05 14:05:00.000'],
    ['05.11.2026 14:05', 'de_DE', '2026-11-05 14:05:00.000'],
    ['05.11.2026', 'de_DE', '2026-11-05 00:00:00.000'],
    ['05-11-2026', 'nl_NL', '2026-11-05 00:00:00.000'],
    // the digits settle the order, in any locale or none
    ['25/11/2026', 'en_US', '2026-11-25 00:00:00.000'],
    ['25/11/2026', 'ja_JP', '2026-11-25 00:00:00.000'],
    ['25/11/2026', undefined, '2026-11-25 00:00:00.000'],
    ['11/25/2026 14:05', 'en_GB', '2026-11-25 14:05:00.000'],
    ['11/25/2026 14:05:00', undefined, '2026-11-25 14:05:00.000'],
    ['25.11.2026 14:05', undefined, '2026-11-25 14:05:00.000'],
    ['07/07/2026', undefined, '2026-07-07 00:00:00.000'],
    // year first: year/month/day everywhere
    ['2026-11-05', undefined, '2026-11-05 00:00:00.000'],
    ['2026-11-05', 'en_US', '2026-11-05 00:00:00.000'],
    ['2026/11/05 14:05', 'ja_JP', '2026-11-05 14:05:00.000'],
    ['2026-11-05T14:05:30', undefined, '2026-11-05 14:05:30.000'],
    ['2026-11-05 14:05:30.25', undefined, '2026-11-05 14:05:30.250'],
    ['2026. 11. 5.', 'hu_HU', '2026-11-05 00:00:00.000'],
    ['2026.11.05 14:05', 'ko_KR', '2026-11-05 14:05:00.000'],
    // times: 24 h, AM/PM, Indonesian dots, a comma after the date
    ['2026-11-05 9:05', undefined, '2026-11-05 09:05:00.000'],
    ['2026-11-05 2:05 PM', undefined, '2026-11-05 14:05:00.000'],
    ['2026-11-05 2:05pm', undefined, '2026-11-05 14:05:00.000'],
    ['2026-11-05 12:30 AM', undefined, '2026-11-05 00:30:00.000'],
    ['2026-11-05 12:30 PM', undefined, '2026-11-05 12:30:00.000'],
    ['2026-11-05 2 p.m.', undefined, '2026-11-05 14:00:00.000'],
    ['11/5/2026, 2:05:09 AM', 'en_US', '2026-11-05 02:05:09.000'],
    ['05/11/2026 14.05', 'id_ID', '2026-11-05 14:05:00.000'],
    ['05/11/2026 14.05.09', 'id_ID', '2026-11-05 14:05:09.000'],
    ['  2026-11-05 14:05  ', undefined, '2026-11-05 14:05:00.000'],
    // leap years
    ['29/02/2028', 'en_GB', '2028-02-29 00:00:00.000'],
    ['2028-02-29', undefined, '2028-02-29 00:00:00.000'],
  ])('%j in %s -> %s', (text, locale, expected) => {
    const read = readTypedDate(text, locale);
    expect(read.ok ? show(read.wallClock) : read.problem).toBe(expected);
  });

  // [typed text, sheet locale, the problem]
  it.each<[string, string | undefined, string]>([
    ['05/11/2026', undefined, '"05/11/2026" is ambiguous (day/month) and the spreadsheet’s locale is unknown; type it year first: 2026-11-05 for 5 November or 2026-05-11 for 11 May'],
    ['05/11/2026', 'xx', '"05/11/2026" is ambiguous (day/month) in locale xx; type it year first: 2026-11-05 for 5 November or 2026-05-11 for 11 May'],
    ['05/11/2026 10:00', 'ja_JP', '"05/11/2026 10:00" is ambiguous (day/month) in locale ja_JP; type it year first: 2026-11-05 for 5 November or 2026-05-11 for 11 May'],
    ['31/02/2026', 'en_GB', '"31/02/2026" is not a date (February 2026 has no day 31)'],
    ['02/31/2026', 'en_US', '"02/31/2026" is not a date (February 2026 has no day 31)'],
    ['29/02/2026', 'id_ID', '"29/02/2026" is not a date (February 2026 has no day 29)'],
    ['2026-02-30', undefined, '"2026-02-30" is not a date (February 2026 has no day 30)'],
    ['2026-13-01', undefined, '"2026-13-01" is not a date (there is no month 13)'],
    ['13/25/2026', 'en_US', '"13/25/2026" is not a date (neither 13 nor 25 is a month)'],
    ['2026-11-25 25:00', undefined, '"2026-11-25 25:00" has no such time of day; type it as 2026-11-25 14:05'],
    ['2026-11-25 10:60', undefined, '"2026-11-25 10:60" has no such time of day; type it as 2026-11-25 14:05'],
    ['2026-11-25 13:00 PM', undefined, '"2026-11-25 13:00 PM" has no such time of day; type it as 2026-11-25 14:05'],
    ['2026-11-25 14', undefined, '"2026-11-25 14" has no such time of day; type it as 2026-11-25 14:05'],
    ['05/11/26', 'id_ID', '"05/11/26" has no four-digit year; type it as 2026-11-25'],
    ['26/11/05', 'ja_JP', '"26/11/05" has no four-digit year; type it as 2026-11-25'],
    ['05/11-2026', 'id_ID', '"05/11-2026" is not a date Baton can read; type it as 2026-11-25 14:05'],
    ['2026-11-25x', undefined, '"2026-11-25x" is not a date Baton can read; type it as 2026-11-25 14:05'],
    ['25 Nov 2026', 'en_GB', '"25 Nov 2026" is not a date Baton can read; type it as 2026-11-25 14:05'],
    ['next tuesday', 'en_US', '"next tuesday" is not a date Baton can read; type it as 2026-11-25 14:05'],
  ])('%j in %s -> %s', (text, locale, problem) => {
    expect(readTypedDate(text, locale)).toEqual({ ok: false, problem });
  });
});
