import type { Lead, Millis, Rep } from '../types.ts';
import { computeFigures, type PeriodFigures, type ReportEvent } from './compute-figures.ts';
import type { Period } from './periods.ts';

/** Time-to-first-contact buckets, in minutes: upper bounds (the last is open-ended). */
export const WAIT_BUCKETS = [5, 15, 30, 60, 120, 240, 480, 1440] as const;

export interface DayPoint {
  day: string;
  leadsIn: number;
  medianMinutes: number | null;
  slaHitRate: number | null;
  reroutes: number;
  escalations: number;
}

export interface ExceptionAge {
  id: string;
  label: string;
  openedAt: Millis;
}

export interface ReportSeries {
  window: PeriodFigures;
  days: DayPoint[];
  /** How many contacted leads waited up to each bound; `over` those beyond the last. */
  distribution: Array<{ label: string; count: number }>;
  /** Leads that arrived in the window per team (roster column `team` when it exists, else one team). */
  perTeam: Array<{ team: string; leads: number }>;
  /** Open exceptions by age in hours, oldest first. */
  exceptionAges: Array<{ label: string; hours: number }>;
}

export interface SeriesInput {
  leads: readonly Lead[];
  events: readonly ReportEvent[];
  roster: readonly Rep[];
  /** Whole days, oldest first; the window runs from the first's start to `now`. */
  days: readonly Period[];
  now: Millis;
  slaMinutes: number;
  openExceptions?: readonly ExceptionAge[];
}

function bucketLabel(index: number): string {
  const upper = WAIT_BUCKETS[index];
  const lower = index === 0 ? 0 : (WAIT_BUCKETS[index - 1] as number);
  const show = (minutes: number) => (minutes >= 60 ? `${minutes / 60} h` : `${minutes} min`);
  return upper === undefined ? `> ${show(lower)}` : `${index === 0 ? '≤' : `${show(lower)}–`}${show(upper)}`.replace('≤', '≤ ');
}

/** What the report page draws, all from one lead table and one audit read. */
export function computeSeries(input: SeriesInput): ReportSeries {
  const first = input.days[0];
  const window: Period = { label: `${input.days.length} days`, from: first ? first.from : input.now, to: input.now + 1 };
  const base = { leads: input.leads, events: input.events, roster: input.roster, now: input.now, slaMinutes: input.slaMinutes };
  const days = input.days.map((day) => {
    const figures = computeFigures({ ...base, period: day });
    return { day: day.label, leadsIn: figures.leadsIn, medianMinutes: figures.medianMinutes, slaHitRate: figures.slaHitRate, reroutes: figures.reroutes, escalations: figures.escalations };
  });
  const counts: number[] = new Array(WAIT_BUCKETS.length + 1).fill(0);
  const teamOf = new Map(input.roster.map((rep) => [rep.slackId, teamName(rep)]));
  const teams = new Map<string, number>();
  for (const lead of input.leads) {
    if (lead.createdAt === null || lead.createdAt < window.from || lead.createdAt >= window.to) continue;
    const team = teamOf.get(lead.salesSlackId) ?? (lead.salesSlackId ? 'not on the roster' : 'unassigned');
    teams.set(team, (teams.get(team) ?? 0) + 1);
    if (lead.contactedAt === null) continue;
    const wait = (lead.contactedAt - lead.createdAt) / 60_000;
    const index = WAIT_BUCKETS.findIndex((bound) => wait <= bound);
    const slot = index < 0 ? WAIT_BUCKETS.length : index;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return {
    window: computeFigures({ ...base, period: window }),
    days,
    distribution: counts.map((count, index) => ({ label: bucketLabel(index), count })),
    perTeam: [...teams.entries()].map(([team, leads]) => ({ team, leads })).sort((a, b) => b.leads - a.leads || a.team.localeCompare(b.team)),
    exceptionAges: [...(input.openExceptions ?? [])]
      .sort((a, b) => a.openedAt - b.openedAt)
      .map((exception) => ({ label: exception.label, hours: Math.max(0, (input.now - exception.openedAt) / 3_600_000) })),
  };
}

/** The rep's first team (roster column `team`); reps without one share the default team. */
export function teamName(rep: Rep): string {
  return rep.teams?.[0] ?? 'default team';
}
