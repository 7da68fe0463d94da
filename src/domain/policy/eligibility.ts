import type { Millis, Rep, WorkingHours } from '../types.ts';
import { nextWorkStart } from './working-hours.ts';
import { describeLocal, localTime, type LocalTime } from './zoned-time.ts';

/** Why a rep cannot take a lead right now; `until` is when that ends on its own (not for caps or OFF). */
export type Unavailable =
  | { kind: 'inactive' }
  | { kind: 'at_cap'; open: number; cap: number }
  | { kind: 'ooo'; until: Millis; zone: string }
  | { kind: 'off_shift'; zone: string; hours: WorkingHours }
  | { kind: 'current_owner' };

/** What eligibility is judged against, with each zone's wall clock worked out once per decision. */
export class Moment {
  private readonly locals = new Map<string, LocalTime>();

  constructor(
    readonly now: Millis,
    /** TIMEZONE: the zone of reps whose `timezone` is blank. */
    readonly defaultZone: string,
    readonly openCount: (slackId: string) => number,
  ) {}

  zoneOf(rep: Rep): string {
    return rep.timeZone ?? this.defaultZone;
  }

  local(zone: string): LocalTime {
    let local = this.locals.get(zone);
    if (!local) {
      local = localTime(this.now, zone);
      this.locals.set(zone, local);
    }
    return local;
  }
}

function workingNow(hours: WorkingHours, local: LocalTime): boolean {
  return (hours.days[local.weekday] ?? []).some(([start, end]) => local.minute >= start && local.minute < end);
}

/** Undefined when the rep may take a lead now: active, back from leave, at work, under their cap. */
export function unavailability(rep: Rep, moment: Moment): Unavailable | undefined {
  if (!rep.active) return { kind: 'inactive' };
  if (rep.maxOpen !== undefined) {
    const open = moment.openCount(rep.slackId);
    if (open >= rep.maxOpen) return { kind: 'at_cap', open, cap: rep.maxOpen };
  }
  const zone = moment.zoneOf(rep);
  if (rep.oooUntil !== undefined && rep.oooUntil > moment.now) return { kind: 'ooo', until: rep.oooUntil, zone };
  if (rep.workingHours && !workingNow(rep.workingHours, moment.local(zone))) return { kind: 'off_shift', zone, hours: rep.workingHours };
  return undefined;
}

/**
 * When an unavailable rep can take leads again without anyone doing anything: back from leave
 * and at work. Undefined when that is not within `withinMs` (or never, for caps and OFF).
 */
export function availableAt(rep: Rep, why: Unavailable, moment: Moment, withinMs: number): Millis | undefined {
  if (why.kind !== 'ooo' && why.kind !== 'off_shift') return undefined;
  const back = why.kind === 'ooo' ? why.until : moment.now;
  if (back - moment.now > withinMs) return undefined;
  if (!rep.workingHours) return back;
  return nextWorkStart(rep.workingHours, moment.zoneOf(rep), back, withinMs - (back - moment.now));
}

/** "ooo until 12-08 17:00", "ooo through 12-08", "off shift until Mon 09:00", "5/5 open", "off". */
export function describeUnavailable(why: Unavailable, moment: Moment): string {
  switch (why.kind) {
    case 'inactive':
      return 'off';
    case 'at_cap':
      return `${why.open}/${why.cap} open`;
    case 'current_owner':
      return 'current owner';
    case 'ooo': {
      const local = localTime(why.until, why.zone);
      // A date alone in ooo_until ends at the next midnight: say the day they are away through.
      if (local.minute === 0) return `ooo through ${describeLocal(why.until - 1, why.zone).slice(0, 5)}`;
      return `ooo until ${describeLocal(why.until, why.zone, moment.now)}`;
    }
    case 'off_shift': {
      const next = nextWorkStart(why.hours, why.zone, moment.now);
      return next === undefined ? 'off shift' : `off shift until ${describeLocal(next, why.zone, moment.now)}`;
    }
  }
}
