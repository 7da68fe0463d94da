import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import type { Millis } from '../types.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

/** A half-open window [from, to) with the label people see. */
export interface Period {
  label: string;
  from: Millis;
  to: Millis;
}

/** Midnight of the day `at` falls on, in `timeZone` (DST-safe: dayjs computes the offset of that day). */
export function startOfDay(at: Millis, timeZone: string): Millis {
  return dayjs(at).tz(timeZone).startOf('day').valueOf();
}

/** Midnight `days` calendar days before the day of `at` (negative = later), in `timeZone`. */
export function dayStartBefore(at: Millis, days: number, timeZone: string): Millis {
  return dayjs(at).tz(timeZone).startOf('day').subtract(days, 'day').valueOf();
}

/** "2026-12-05" for the day `at` falls on in `timeZone`. */
export function dayKey(at: Millis, timeZone: string): string {
  return dayjs(at).tz(timeZone).format('YYYY-MM-DD');
}

/** Today so far, and the last 7 days including today. */
export function standardPeriods(now: Millis, timeZone: string): { today: Period; week: Period } {
  return {
    today: { label: 'today', from: startOfDay(now, timeZone), to: now + 1 },
    week: { label: 'last 7 days', from: dayStartBefore(now, 6, timeZone), to: now + 1 },
  };
}

/** Yesterday, whole. */
export function yesterday(now: Millis, timeZone: string): Period {
  return { label: 'yesterday', from: dayStartBefore(now, 1, timeZone), to: startOfDay(now, timeZone) };
}

/** The `count` whole days before today, oldest first (the digest's baseline, the report's x axis). */
export function previousDays(now: Millis, count: number, timeZone: string): Period[] {
  const days: Period[] = [];
  for (let back = count; back >= 1; back -= 1) {
    const from = dayStartBefore(now, back, timeZone);
    days.push({ label: dayKey(from, timeZone), from, to: dayStartBefore(now, back - 1, timeZone) });
  }
  return days;
}
