import type { Millis, Rep } from '../types.ts';

/** A rep's availability as the roster says it (the routing policy's `ooo_until`, `working_hours`, `timezone`). */
export interface Availability {
  away: boolean;
  /** When the rep is back (ooo_until), if away with an end. */
  oooUntil: Millis | null;
  workingHours: string;
  timeZone: string;
  active: boolean;
}

export function availabilityOf(rep: Rep | undefined, now: Millis): Availability {
  if (!rep) return { away: false, oooUntil: null, workingHours: '', timeZone: '', active: false };
  const until = rep.oooUntil ?? null;
  return {
    away: until !== null && until > now,
    oooUntil: until !== null && until > now ? until : null,
    workingHours: rep.workingHours?.text ?? '',
    timeZone: rep.timeZone ?? '',
    active: rep.active,
  };
}
