/**
 * Dates and times typed into a cell as text, read the way the spreadsheet's own locale writes them.
 * Sheets turns a date it recognises into a serial number; text reaches Baton when it did not (a cell
 * formatted as plain text, a date written the other way round, a value pasted or written by a script).
 * Nothing here guesses: a day/month order the locale cannot settle is a problem, not a date.
 */

/** The order a locale writes a numeric date in. */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/** A wall-clock time with no zone: the caller places it in the sheet's time zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export type TypedDate = { ok: true; wallClock: WallClock } | { ok: false; problem: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Day/month order of a Sheets locale (`en_US`, `id_ID`, `in_ID`, `de`), from the ICU data Node
 * carries. Undefined when the locale is missing, malformed or unknown to ICU: then only dates whose
 * order is plain from the digits are read.
 */
export function dateOrderOf(locale: string | undefined): DateOrder | undefined {
  if (!locale) return undefined;
  const tag = locale.trim().replace(/_/g, '-');
  try {
    // ICU falls back to English for a locale it lacks, which would silently mean M/D: ask first.
    if (Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 0) return undefined;
    const parts = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(Date.UTC(2026, 10, 25))
      .map((part) => part.type)
      .filter((type) => type === 'year' || type === 'month' || type === 'day');
    const order = parts.map((type) => type[0]?.toUpperCase()).join('');
    return order === 'DMY' || order === 'MDY' || order === 'YMD' ? order : undefined;
  } catch {
    // A tag Intl refuses (RangeError) is a locale Baton cannot know.
    return undefined;
  }
}

/** `2026-11-25`, `2026/11/25`, `2026. 11. 25.`; `25/11/2026`, `11/25/2026`, `25.11.2026`, `25-11-2026`. */
const DATE = /^(\d{1,4})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{1,4})\.?/;
/** `14:05`, `14:05:30`, `14:05:30.250`, `14.05` (Indonesian), `2:05 PM`, `2 pm`, `2:05 p.m.`. */
const TIME = /^(\d{1,2})(?:[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([ap])\.?\s?m\.?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDay = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
const spoken = (month: number, day: number) => `${day} ${MONTHS[month - 1]}`;

function where(locale: string | undefined): string {
  return locale ? `in locale ${locale}` : 'and the spreadsheet’s locale is unknown';
}

type Time = { hour: number; minute: number; second: number; millisecond: number };

function readTime(text: string): Time | undefined {
  if (text === '') return { hour: 0, minute: 0, second: 0, millisecond: 0 };
  const m = TIME.exec(text);
  if (!m) return undefined;
  const [, h, mi, s, fraction, half] = m;
  // A bare hour is a time only with AM/PM ("2 pm"); "14" alone is not.
  if (mi === undefined && half === undefined) return undefined;
  let hour = Number(h);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (half !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { hour, minute, second, millisecond: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000) };
}

/**
 * A date (and optional time) typed as text -> its wall clock, read in `locale`'s day/month order.
 * Year-first dates are read as year/month/day everywhere; a date whose day/month order the digits
 * settle (25/11/2026) is read in any locale; one they do not is read in the locale's order, and is
 * a problem when the locale is unknown or writes dates year first.
 */
export function readTypedDate(input: string, locale: string | undefined): TypedDate {
  const text = input.trim();
  const unreadable = { ok: false as const, problem: `"${text}" is not a date Baton can read; type it as 2026-11-25 14:05` };
  const date = DATE.exec(text);
  if (!date) return unreadable;
  const [matched, first, , middle, last] = date as unknown as [string, string, string, string, string];
  const rest = text.slice(matched.length);
  // Between the date and the time: a space, a `T` or a comma ("11/25/2026, 2:05 PM").
  if (rest !== '' && !/^(\s*,\s*|\s+|T)/.test(rest)) return unreadable;
  const time = readTime(rest.replace(/^(\s*,\s*|\s+|T)/, ''));
  if (!time) return { ok: false, problem: `"${text}" has no such time of day; type it as 2026-11-25 14:05` };

  const wallClock = (year: number, month: number, day: number): TypedDate => ({ ok: true, wallClock: { year, month, day, ...time } });
  const impossible = (why: string): TypedDate => ({ ok: false, problem: `"${text}" is not a date (${why})` });

  if (first.length === 4) {
    const [year, month, day] = [Number(first), Number(middle), Number(last)];
    if (last.length > 2) return unreadable;
    return isDate(year, month, day) ? wallClock(year, month, day) : impossible(month >= 1 && month <= 12 ? `${MONTHS[month - 1]} ${year} has no day ${day}` : `there is no month ${month}`);
  }
  if (last.length !== 4) {
    // 05/11/26: which part is the year, and which century, is a guess.
    return { ok: false, problem: `"${text}" has no four-digit year; type it as 2026-11-25` };
  }
  const year = Number(last);
  const a = Number(first);
  const b = Number(middle);
  const asDayMonth = isDate(year, b, a);
  const asMonthDay = isDate(year, a, b);
  if (!asDayMonth && !asMonthDay) {
    // Any day up to 12 fits every month, so here at most one part can be the month.
    const month = a >= 1 && a <= 12 ? a : b >= 1 && b <= 12 ? b : undefined;
    const day = month === a ? b : a;
    return impossible(month === undefined ? `neither ${a} nor ${b} is a month` : `${MONTHS[month - 1]} ${year} has no day ${day}`);
  }
  if (asDayMonth && !asMonthDay) return wallClock(year, b, a);
  if (asMonthDay && !asDayMonth) return wallClock(year, a, b);
  if (a === b) return wallClock(year, a, b);
  const order = dateOrderOf(locale);
  if (order === 'DMY') return wallClock(year, b, a);
  if (order === 'MDY') return wallClock(year, a, b);
  return {
    ok: false,
    problem:
      `"${text}" is ambiguous (day/month) ${where(locale)}; type it year first: ` +
      `${isoDay(year, b, a)} for ${spoken(b, a)} or ${isoDay(year, a, b)} for ${spoken(a, b)}`,
  };
}
