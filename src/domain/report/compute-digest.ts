import type { Lead, Millis, Rep } from '../types.ts';
import { availabilityOf } from './availability.ts';
import { computeFigures, type PeriodFigures, type ReportEvent } from './compute-figures.ts';
import { dayKey, previousDays, startOfDay, yesterday } from './periods.ts';
import { median } from './stats.ts';

/** What the report needs of an exception (the exceptions issue's LeadException has these and more). */
export interface ExceptionFacts {
  exceptionId: string;
  leadId: string;
  kind: string;
  detail: string;
  openedAt: Millis;
  resolvedAt: Millis | null;
  resolvedBy: string;
  resolution: string;
  cause?: string;
}

export interface DigestInput {
  leads: readonly Lead[];
  events: readonly ReportEvent[];
  roster: readonly Rep[];
  exceptions: readonly ExceptionFacts[];
  now: Millis;
  timeZone: string;
  slaMinutes: number;
}

export interface Digest {
  day: string;
  yesterday: PeriodFigures;
  /** Medians of the 7 days before yesterday, per figure; null where no day had data. */
  baseline: { leadsIn: number | null; medianMinutes: number | null; slaHitRate: number | null };
  exceptions: { opened: number; resolved: number; open: number };
  /** Manual decisions taken yesterday: who, what, why. */
  overrides: Array<{ at: Millis; who: string; what: string; why: string; leadId: string }>;
  /** Yesterday's leads that waited longest for a first contact (or are still waiting). */
  longestWaits: Array<{ leadId: string; name: string; owner: string; minutes: number; contacted: boolean }>;
  awayToday: Array<{ slackId: string; name: string; until: Millis | null }>;
}

/** Audit events a person (not Baton) caused that change routing or a lead's course. */
const MANUAL_EVENTS = /^(lead\.(reassigned|passed|stage_changed|qualified|lost|closed)|exception\.(assigned|dismissed|resolved|closed)|rep\.(away|back))$/;

const inRange = (at: Millis | null, from: Millis, to: Millis) => at !== null && at >= from && at < to;

export function computeDigest(input: DigestInput): Digest {
  const { now, timeZone, slaMinutes } = input;
  const day = yesterday(now, timeZone);
  const base = { leads: input.leads, events: input.events, roster: input.roster, now, slaMinutes };
  const figures = computeFigures({ ...base, period: day });
  const before = previousDays(day.from, 7, timeZone).map((period) => computeFigures({ ...base, period }));
  const medianOf = (pick: (f: PeriodFigures) => number | null) => median(before.map(pick).filter((v): v is number => v !== null));

  const overrides: Digest['overrides'] = [];
  for (const exception of input.exceptions) {
    if (!inRange(exception.resolvedAt, day.from, day.to) || !exception.resolvedBy) continue;
    overrides.push({
      at: exception.resolvedAt as Millis,
      who: exception.resolvedBy,
      what: `${exception.kind} ${exception.resolution || 'resolved'}`,
      why: exception.cause || exception.detail,
      leadId: exception.leadId,
    });
  }
  for (const event of input.events) {
    if (!inRange(event.at, day.from, day.to) || !MANUAL_EVENTS.test(event.event)) continue;
    // Exception resolutions are listed from the exception itself, with its cause.
    if (event.event.startsWith('exception.') && input.exceptions.length > 0) continue;
    overrides.push({ at: event.at, who: event.actor, what: event.event, why: event.detail, leadId: event.leadId });
  }
  overrides.sort((a, b) => a.at - b.at);

  const longestWaits = input.leads
    .filter((lead) => inRange(lead.createdAt, day.from, day.to))
    .map((lead) => {
      const end = lead.contactedAt ?? now;
      return { leadId: lead.leadId, name: lead.name, owner: lead.salesSlackId, minutes: Math.round((end - (lead.createdAt as Millis)) / 60_000), contacted: lead.contactedAt !== null };
    })
    .sort((a, b) => b.minutes - a.minutes)
    .slice(0, 5);

  // Away at any moment of today: back later than this morning's midnight.
  const todayStart = startOfDay(now, timeZone);
  const awayToday = input.roster
    .map((rep) => ({ rep, availability: availabilityOf(rep, todayStart) }))
    .filter(({ availability }) => availability.away)
    .map(({ rep, availability }) => ({ slackId: rep.slackId, name: rep.name, until: availability.oooUntil }));

  return {
    day: dayKey(day.from, timeZone),
    yesterday: figures,
    baseline: { leadsIn: medianOf((f) => f.leadsIn), medianMinutes: medianOf((f) => f.medianMinutes), slaHitRate: medianOf((f) => f.slaHitRate) },
    exceptions: {
      opened: input.exceptions.filter((e) => inRange(e.openedAt, day.from, day.to)).length,
      resolved: input.exceptions.filter((e) => inRange(e.resolvedAt, day.from, day.to)).length,
      open: input.exceptions.filter((e) => e.resolvedAt === null).length,
    },
    overrides,
    longestWaits,
    awayToday,
  };
}
