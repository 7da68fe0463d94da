import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import type { CellValue } from './cells.ts';
import { cellText } from './cells.ts';
import type { Millis } from './types.ts';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

const MS_PER_DAY = 86_400_000;
/** Sheets serial dates count days from 1899-12-30. */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Formats an admin is likely to type, or that the sheet shows in common locales. */
const SHEET_FORMATS = [
  'YYYY-MM-DD HH:mm:ss',
  'YYYY-MM-DD HH:mm',
  'YYYY-MM-DDTHH:mm:ss',
  'YYYY-MM-DD',
  'M/D/YYYY H:mm:ss',
  'M/D/YYYY H:mm',
  'M/D/YYYY',
  'D.M.YYYY H:mm:ss',
  'D.M.YYYY H:mm',
];

export type ParsedTime = { ok: true; at: Millis | null } | { ok: false; problem: string };

/**
 * Reads a timestamp cell. Baton writes ISO-8601 UTC; admins may type the sheet's own date
 * format or the cell may hold a serial number, which are read in the sheet's time zone.
 */
export function parseSheetTime(value: CellValue | undefined, timeZone: string): ParsedTime {
  if (typeof value === 'number') return fromSerial(value, timeZone);
  const text = cellText(value);
  if (text === '') return { ok: true, at: null };
  if (ISO_WITH_ZONE.test(text)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? { ok: false, problem: `unreadable time "${text}"` } : { ok: true, at };
  }
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text), timeZone);
  for (const format of SHEET_FORMATS) {
    // Parsed as UTC wall clock so the server's own zone (and its DST gaps) cannot interfere.
    const local = dayjs.utc(text, format, true);
    if (local.isValid()) {
      return { ok: true, at: dayjs.tz(local.format('YYYY-MM-DDTHH:mm:ss'), timeZone).valueOf() };
    }
  }
  return { ok: false, problem: `unreadable time "${text}"` };
}

function fromSerial(serial: number, timeZone: string): ParsedTime {
  if (!Number.isFinite(serial) || serial <= 0) return { ok: false, problem: `unreadable time "${serial}"` };
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
