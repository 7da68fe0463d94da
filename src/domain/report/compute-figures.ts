import type { Lead, Millis, Rep } from '../types.ts';
import type { Period } from './periods.ts';
import { median, percentile, rate } from './stats.ts';

/** One audit_log row as the report reads it (the same shape the store writes). */
export interface ReportEvent {
  at: Millis;
  event: string;
  leadId: string;
  actor: string;
  detail: string;
}

export interface RepFigures {
  slackId: string;
  name: string;
  /** Leads assigned to the rep in the period that are still theirs. */
  leads: number;
  /** Minutes from the rep's assignment to their contact. */
  medianMinutes: number | null;
  /** Their assignments that ended in a contact within the SLA, of those decided (contacted, re-routed away or overdue). */
  slaHitRate: number | null;
  slaHits: number;
  slaMisses: number;
  /** NEW or CONTACTED leads they own now, whatever the period. */
  openNow: number;
}

export interface PeriodFigures {
  period: Period;
  leadsIn: number;
  contacted: number;
  /** Minutes from the lead's arrival to its first contact (speed to lead). */
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Leads contacted within SLA_MINUTES of arriving, of those whose outcome is known. */
  slaHitRate: number | null;
  slaHits: number;
  slaMisses: number;
  reroutes: number;
  escalations: number;
  perRep: RepFigures[];
}

export interface FiguresInput {
  /** Every lead the report may consider (the cached lead table). */
  leads: readonly Lead[];
  events: readonly ReportEvent[];
  roster: readonly Rep[];
  period: Period;
  now: Millis;
  slaMinutes: number;
}

const OPEN = new Set(['NEW', 'CONTACTED']);

const inside = (at: Millis | null, period: Period): at is Millis => at !== null && at >= period.from && at < period.to;

/** Minutes from `start` to the lead's contact, or null when it was never contacted. */
function minutesToContact(lead: Lead, start: Millis | null): number | null {
  if (lead.contactedAt === null || start === null) return null;
  return Math.max(0, (lead.contactedAt - start) / 60_000);
}

/**
 * SLA outcome of a window that opened at `start`: hit when contacted within it, miss when
 * contacted later or still waiting past it, undecided while the window is open.
 */
export function slaOutcome(lead: Lead, start: Millis | null, now: Millis, slaMinutes: number): 'hit' | 'miss' | 'open' {
  if (start === null) return 'open';
  const deadline = start + slaMinutes * 60_000;
  if (lead.contactedAt !== null) return lead.contactedAt <= deadline ? 'hit' : 'miss';
  if (now > deadline) return 'miss';
  return 'open';
}

/** "U0AYU → U0BIMA; …" (run-sweep's detail): the rep the lead was taken from. */
export function reroutedFrom(detail: string): string | undefined {
  const match = /^\s*(\S+)\s*→/.exec(detail);
  return match?.[1];
}

/**
 * The figures of one period, from the lead table and the audit rows: pure, so a report, App Home
 * and the digest all say the same thing about the same data.
 */
export function computeFigures(input: FiguresInput): PeriodFigures {
  const { period, now, slaMinutes } = input;
  const arrived = input.leads.filter((lead) => inside(lead.createdAt, period));
  const waits: number[] = [];
  let hits = 0;
  let misses = 0;
  for (const lead of arrived) {
    const wait = minutesToContact(lead, lead.createdAt);
    if (wait !== null) waits.push(wait);
    const outcome = slaOutcome(lead, lead.createdAt, now, slaMinutes);
    if (outcome === 'hit') hits += 1;
    else if (outcome === 'miss') misses += 1;
  }
  const inPeriod = input.events.filter((event) => inside(event.at, period));
  const reroutes = inPeriod.filter((event) => event.event === 'lead.rerouted');

  const reps = new Map<string, { name: string; leads: number; waits: number[]; hits: number; misses: number; open: number }>();
  const repOf = (slackId: string, name?: string) => {
    let rep = reps.get(slackId);
    if (!rep) {
      rep = { name: name || slackId, leads: 0, waits: [], hits: 0, misses: 0, open: 0 };
      reps.set(slackId, rep);
    }
    return rep;
  };
  for (const rep of input.roster) repOf(rep.slackId, rep.name);
  for (const lead of input.leads) {
    if (!lead.salesSlackId) continue;
    const rep = repOf(lead.salesSlackId, lead.assignedSales);
    if (OPEN.has(lead.stage)) rep.open += 1;
    // The rep's own window: from when the lead reached them (assigned_at moves with each re-route).
    const start = lead.assignedAt ?? lead.createdAt;
    if (!inside(start, period)) continue;
    rep.leads += 1;
    const wait = minutesToContact(lead, start);
    if (wait !== null) rep.waits.push(wait);
    const outcome = slaOutcome(lead, start, now, slaMinutes);
    if (outcome === 'hit') rep.hits += 1;
    else if (outcome === 'miss') rep.misses += 1;
  }
  // A lead taken away from a rep at their deadline is a window they missed, though it is no longer theirs.
  for (const event of reroutes) {
    const from = reroutedFrom(event.detail);
    if (from) repOf(from).misses += 1;
  }
  const rosterOrder = new Map(input.roster.map((rep, index) => [rep.slackId, index]));
  const perRep: RepFigures[] = [...reps.entries()]
    .map(([slackId, rep]) => ({
      slackId,
      name: rep.name,
      leads: rep.leads,
      medianMinutes: median(rep.waits),
      slaHitRate: rate(rep.hits, rep.misses),
      slaHits: rep.hits,
      slaMisses: rep.misses,
      openNow: rep.open,
    }))
    .sort((a, b) => (rosterOrder.get(a.slackId) ?? Infinity) - (rosterOrder.get(b.slackId) ?? Infinity) || a.name.localeCompare(b.name));

  return {
    period,
    leadsIn: arrived.length,
    contacted: waits.length,
    medianMinutes: median(waits),
    p90Minutes: percentile(waits, 90),
    slaHitRate: rate(hits, misses),
    slaHits: hits,
    slaMisses: misses,
    reroutes: reroutes.length,
    escalations: inPeriod.filter((event) => event.event === 'lead.escalated').length,
    perRep,
  };
}
