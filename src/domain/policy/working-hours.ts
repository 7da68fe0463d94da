import type { Millis, WorkingHours } from '../types.ts';
import { addDays, instantOf, localTime, type LocalDate } from './zoned-time.ts';

/**
 * `working_hours` cells: `Mon-Fri 09:00-17:00; Sat 10:00-14:00`. Several ranges per day
 * (`Mon-Fri 09:00-12:00, 13:00-17:00`), day lists (`Mon,Wed,Fri`), wrapping day ranges (`Fri-Mon`),
 * `daily`, `weekdays`, `weekends`, and shifts past midnight (`Fri 22:00-06:00` runs into Saturday).
 */

const DAY_NAMES: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
const DAY_GROUPS: Record<string, number[]> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  everyday: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [1, 2, 3, 4, 5],
  weekends: [0, 6],
};
const EXAMPLE = 'write it like Mon-Fri 09:00-17:00; Sat 10:00-14:00';
const MINUTES_PER_DAY = 1440;

export type ParsedHours = { ok: true; hours: WorkingHours } | { ok: false; problem: string };

function dayOf(word: string): number | undefined {
  return DAY_NAMES[word.toLowerCase()];
}

function readDays(text: string): number[] | string {
  const compact = text.toLowerCase().replace(/\s+/g, '');
  if (DAY_GROUPS[compact]) return DAY_GROUPS[compact] as number[];
  const days = new Set<number>();
  for (const part of compact.split(',').filter(Boolean)) {
    const range = /^([a-z]+)-([a-z]+)$/.exec(part);
    if (range) {
      const from = dayOf(range[1] as string);
      const to = dayOf(range[2] as string);
      if (from === undefined || to === undefined) return `"${part}" is not a day range`;
      for (let day = from; ; day = (day + 1) % 7) {
        days.add(day);
        if (day === to) break;
      }
      continue;
    }
    if (DAY_GROUPS[part]) {
      for (const one of DAY_GROUPS[part] as number[]) days.add(one);
      continue;
    }
    const day = dayOf(part);
    if (day === undefined) return `"${part}" is not a day`;
    days.add(day);
  }
  return days.size > 0 ? [...days].sort((a, b) => a - b) : 'no days given';
}

function readClock(text: string): number | undefined {
  const match = /^(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  if (minute > 59 || hour > 24 || (hour === 24 && minute > 0)) return undefined;
  return hour * 60 + minute;
}

export function parseWorkingHours(text: string): ParsedHours {
  const days: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  const segments = text.split(/[;\n]+/).map((part) => part.trim()).filter(Boolean);
  if (segments.length === 0) return { ok: false, problem: `"${text}" has no hours; ${EXAMPLE}` };
  for (const segment of segments) {
    // The days are everything before the first digit; the ranges everything after.
    const firstDigit = segment.search(/\d/);
    if (firstDigit <= 0) return { ok: false, problem: `"${segment}" does not start with days; ${EXAMPLE}` };
    const which = readDays(segment.slice(0, firstDigit).trim());
    if (typeof which === 'string') return { ok: false, problem: `${which} in "${segment}"; ${EXAMPLE}` };
    const ranges = segment.slice(firstDigit).split(/[,\s]+/).filter(Boolean);
    for (const range of ranges) {
      const match = /^([\d:]+)\s*[-–]\s*([\d:]+)$/.exec(range);
      const start = match ? readClock(match[1] as string) : undefined;
      const end = match ? readClock(match[2] as string) : undefined;
      if (start === undefined || end === undefined || start === MINUTES_PER_DAY) return { ok: false, problem: `"${range}" is not a time range like 09:00-17:00; ${EXAMPLE}` };
      if (start === end) return { ok: false, problem: `"${range}" starts and ends at the same time; for a whole day write 00:00-24:00` };
      for (const day of which) {
        if (end > start) days[day]?.push([start, end]);
        else {
          // Past midnight: the shift runs on into the next day.
          days[day]?.push([start, MINUTES_PER_DAY]);
          if (end > 0) days[(day + 1) % 7]?.push([0, end]);
        }
      }
    }
  }
  for (let day = 0; day < 7; day += 1) days[day] = merge(days[day] as Array<[number, number]>);
  return { ok: true, hours: { text: text.trim(), days } };
}

/** Overlapping or touching ranges of one day become one. */
function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function isWorkingAt(hours: WorkingHours, zone: string, at: Millis): boolean {
  const local = localTime(at, zone);
  return (hours.days[local.weekday] ?? []).some(([start, end]) => local.minute >= start && local.minute < end);
}

/** Each working stretch that ends after `from`, as instants, in order, for at most `maxDays` days. */
function* stretches(hours: WorkingHours, zone: string, from: Millis, maxDays: number): Generator<[Millis, Millis]> {
  const local = localTime(from, zone);
  const today: LocalDate = { year: local.year, month: local.month, day: local.day, weekday: local.weekday };
  for (let offset = 0; offset <= maxDays; offset += 1) {
    const date = addDays(today, offset);
    for (const [startMinute, endMinute] of hours.days[date.weekday] ?? []) {
      const start = instantOf(date, startMinute, zone);
      const end = instantOf(date, endMinute, zone);
      if (end > from && end > start) yield [start, end];
    }
  }
}

/** When the person is next at work: `at` itself when working then; undefined if not within `withinMs`. */
export function nextWorkStart(hours: WorkingHours, zone: string, at: Millis, withinMs = 8 * 86_400_000): Millis | undefined {
  for (const [start] of stretches(hours, zone, at, Math.ceil(withinMs / 86_400_000) + 1)) {
    const begins = Math.max(start, at);
    return begins - at <= withinMs ? begins : undefined;
  }
  return undefined;
}

/**
 * `minutes` of working time counted from `start`: an SLA of 60 min given at 16:50 to someone who
 * works until 17:00 ends at 09:50 on their next working day. Wall-clock stretches are turned into
 * instants day by day, so a shift on a daylight-saving day is as long as it really is.
 */
export function addWorkingMinutes(hours: WorkingHours, zone: string, start: Millis, minutes: number): Millis {
  let left = minutes * 60_000;
  if (left <= 0) return start;
  // A year of stretches is plenty for any SLA; past that the hours cannot be meant.
  for (const [stretchStart, stretchEnd] of stretches(hours, zone, start, 371)) {
    const from = Math.max(stretchStart, start);
    const available = stretchEnd - from;
    if (left <= available) return from + left;
    left -= available;
  }
  return start + minutes * 60_000;
}
