import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { CellValue } from './cells.ts';
import { cellText } from './cells.ts';
import { readTypedDate, type WallClock } from './typed-date.ts';
import type { Millis } from './types.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

const MS_PER_DAY = 86_400_000;
/** Sheets serial dates count days from 1899-12-30. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * How the spreadsheet writes times: the zone its wall clocks are in, and its locale (`en_US`,
 * `id_ID`; spreadsheets.get `properties.locale`), whose day/month order hand-typed dates follow.
 * An unknown locale is allowed: then a date whose order the digits do not settle is a problem.
 */
export interface SheetLocale {
  timeZone: string;
  locale?: string | undefined;
}

export type ParsedTime = { ok: true; at: Millis | null } | { ok: false; problem: string };

/**
 * Reads a timestamp cell. Baton writes ISO-8601 UTC; the cell may hold a serial number (a date
 * Sheets recognised), or text an admin typed, read in the sheet's locale. Both are wall clocks in
 * the sheet's time zone. A problem starts with the value, quoted, and says what to type instead.
 */
export function parseSheetTime(value: CellValue | undefined, sheet: SheetLocale): ParsedTime {
  if (typeof value === 'number') return fromSerial(value, sheet.timeZone);
  const text = cellText(value);
  if (text === '') return { ok: true, at: null };
  if (ISO_WITH_ZONE.test(text)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? { ok: false, problem: `"${text}" is not a date Baton can read; type it as 2026-11-25 14:05` } : { ok: true, at };
  }
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text), sheet.timeZone);
  const typed = readTypedDate(text, sheet.locale);
  return typed.ok ? { ok: true, at: inZone(typed.wallClock, sheet.timeZone) } : typed;
}

/** A wall clock in `timeZone`, built from a UTC string so the server's own zone (and its DST gaps) cannot interfere. */
function inZone(clock: WallClock, timeZone: string): Millis {
  const utcWall = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read a year below 100 as 19xx.
  utcWall.setUTCFullYear(clock.year, clock.month - 1, clock.day);
  utcWall.setUTCHours(clock.hour, clock.minute, clock.second, clock.millisecond);
  return dayjs.tz(utcWall.toISOString().slice(0, 23), timeZone).valueOf();
}

function fromSerial(serial: number, timeZone: string): ParsedTime {
  if (!Number.isFinite(serial) || serial <= 0) return { ok: false, problem: `"${serial}" is not a date Baton can read; type it as 2026-11-25 14:05` };
  const wallClock = new Date(SERIAL_EPOCH_MS + Math.round(serial * MS_PER_DAY));
  const local = wallClock.toISOString().slice(0, 19);
  return { ok: true, at: dayjs.tz(local, timeZone).valueOf() };
}

export function toIso(at: Millis): string {
  return new Date(at).toISOString();
}

/** "14:05" in the people's time zone. */
export function clockTime(at: Millis, timeZone: string): string {
  return dayjs(at).tz(timeZone).format('HH:mm');
}

export function minutesBetween(from: Millis, to: Millis): number {
  return Math.round((to - from) / 60_000);
}

/** "1 h", "90 min": how an SLA window reads in a sentence. */
export function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
