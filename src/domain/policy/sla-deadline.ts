import type { Millis, Rep } from '../types.ts';
import { addWorkingMinutes } from './working-hours.ts';

/**
 * When an SLA of `slaMinutes` that started at `start` runs out for `owner`: counted in their
 * working minutes when they have working hours (a lead given at 16:50 to someone working until
 * 17:00 with a 60-minute SLA is due at 09:50 on their next working day), else in plain minutes.
 */
export function slaDeadline(start: Millis, slaMinutes: number, owner: Rep | undefined, defaultZone: string): Millis {
  if (!owner?.workingHours) return start + slaMinutes * 60_000;
  return addWorkingMinutes(owner.workingHours, owner.timeZone ?? defaultZone, start, slaMinutes);
}
