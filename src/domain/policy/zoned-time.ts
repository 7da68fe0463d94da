import type { Millis } from '../types.ts';

/**
 * Wall clocks in IANA zones through Intl, which carries the tz database: no offsets are computed
 * by hand, so daylight-saving changes land where the law puts them.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** A formatter per zone: building one costs far more than using it, and a roster names few zones. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  return format;
}

export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** A day in a zone's calendar: what "Monday 2026-12-07" means there. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
}

export interface LocalTime extends LocalDate {
  /** Minutes since local midnight, 0..1439. */
  minute: number;
  /** Minutes east of UTC at that instant. */
  offset: number;
}

/**
 * Minutes east of UTC in `zone` at `at`. Every offset change in the tz database falls on a quarter
 * hour, so the offset is the same for a whole quarter hour: asked of Intl once per zone and quarter
 * hour, then remembered (a routing decision looks at many reps, shifts and days in few zones).
 */
const QUARTER_HOUR = 15 * MINUTE;
const offsets = new Map<string, number>();

function offsetAt(at: Millis, zone: string): number {
  const bucket = Math.floor(at / QUARTER_HOUR);
  const key = `${zone}|${bucket}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const start = bucket * QUARTER_HOUR;
  const parts = formatterOf(zone).formatToParts(start);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? '0');
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = Math.round((wall - start) / MINUTE);
  // A bounded memo: a long-running server asks about ever newer quarter hours.
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

export function localTime(at: Millis, zone: string): LocalTime {
  const offset = offsetAt(at, zone);
  const wall = new Date(at + offset * MINUTE);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    weekday: wall.getUTCDay(),
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    offset,
  };
}

/** The calendar day `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate(), weekday: utc.getUTCDay() };
}

/**
 * The instant a wall clock shows `minute` (may be 1440, the next midnight) on `date` in `zone`.
 * A time skipped by a spring-forward change reads as the same distance past the change (02:30 → 03:30);
 * a time that happens twice in the autumn is its first occurrence.
 */
export function instantOf(date: LocalDate, minute: number, zone: string): Millis {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * MINUTE;
  // A zone changes offset at most once in any two days: the offsets a day either side are the candidates.
  const before = offsetAt(wall - DAY, zone);
  const after = offsetAt(wall + DAY, zone);
  let best: Millis | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const at = wall - offset * MINUTE;
    if (offsetAt(at, zone) === offset && (best === undefined || at < best)) best = at;
  }
  return best ?? wall - before * MINUTE;
}

/** "Mon 09:00" or "12-08 09:00" (more than six days away), in the zone. */
export function describeLocal(at: Millis, zone: string, now?: Millis): string {
  const local = localTime(at, zone);
  const hh = String(Math.floor(local.minute / 60)).padStart(2, '0');
  const mm = String(local.minute % 60).padStart(2, '0');
  const day = now !== undefined && at - now < 6 * DAY ? (WEEKDAY_NAMES[local.weekday] as string) : `${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
  return `${day} ${hh}:${mm}`;
}
