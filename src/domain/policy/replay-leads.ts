import type { Lead, Millis, Rep } from '../types.ts';
import { DEFAULT_TEAM } from './read-rep-policy.ts';
import { routeLead, Rotations, type PolicyInput } from './route-lead.ts';
import type { LeadFacts, RoutingRule } from './rules.ts';

/** A past lead as the replay needs it: its fields, when it came, who actually got it, when it was contacted. */
export interface ReplayLead {
  leadId: string;
  facts: LeadFacts;
  at: Millis;
  /** Who actually owns it now (name or slack id as the sheet has it); '' when unassigned. */
  actualRep: string;
  contactedAt: Millis | null;
}

export interface ReplayPick {
  lead: ReplayLead;
  rep: Rep | undefined;
  team: string;
  outcome: string;
  reason: string;
}

export interface ReplayRow {
  key: string;
  simulated: number;
  actual: number;
}

export interface ReplayResult {
  picks: ReplayPick[];
  byRep: ReplayRow[];
  byTeam: ReplayRow[];
  /** How many would have been left without a rep. */
  unassigned: number;
  /** Rules on form fields, which a replay of stored leads cannot see (a CSV with those columns can). */
  formRules: number;
}

export function replayLeadOf(lead: Lead): ReplayLead {
  return {
    leadId: lead.leadId,
    facts: { name: lead.name, email: lead.email, phone: lead.phone, phoneValid: lead.phoneValid, company: lead.company, source: lead.source, message: lead.message },
    at: lead.createdAt ?? lead.assignedAt ?? 0,
    actualRep: lead.salesSlackId,
    contactedAt: lead.contactedAt,
  };
}

/**
 * What the current roster and rules would have done with these leads, in arrival order, from a
 * fresh rotation: who gets each and why, and the distribution per rep and team beside what
 * actually happened. Pure: nothing is written; `max_open` counts the replay's own assignments,
 * each open until the real lead was contacted.
 */
export function replayLeads(input: { leads: readonly ReplayLead[]; roster: readonly Rep[]; rules: readonly RoutingRule[]; timeZone: string; offHoursWaitMinutes: number; overflowTeam?: string | undefined }): ReplayResult {
  const leads = [...input.leads].sort((a, b) => a.at - b.at || a.leadId.localeCompare(b.leadId));
  const state = new Map<string, string>();
  let cursor = { lastIndex: -1, lastSlackId: '' };
  const open = new Map<string, Array<Millis | null>>();
  const picks: ReplayPick[] = [];
  for (const lead of leads) {
    const policy: PolicyInput = {
      roster: input.roster,
      rules: input.rules,
      now: lead.at,
      timeZone: input.timeZone,
      offHoursWaitMinutes: input.offHoursWaitMinutes,
      overflowTeam: input.overflowTeam,
      openCount: (slackId) => (open.get(slackId) ?? []).filter((until) => until === null || until > lead.at).length,
      state: (key) => state.get(key),
      cursor,
    };
    const routed = routeLead(policy, new Rotations(policy), { facts: lead.facts });
    for (const [key, value] of routed.stateEntries) state.set(key, value);
    if (routed.cursor) cursor = routed.cursor;
    if (routed.rep) open.set(routed.rep.slackId, [...(open.get(routed.rep.slackId) ?? []), lead.contactedAt]);
    picks.push({ lead, rep: routed.rep, team: routed.rep ? routed.team : '-', outcome: routed.outcome, reason: routed.reason });
  }

  const nameOf = new Map(input.roster.map((rep) => [rep.slackId, rep.name]));
  const teamOf = (slackId: string) => input.roster.find((rep) => rep.slackId === slackId)?.teams?.[0] ?? (nameOf.has(slackId) ? DEFAULT_TEAM : '(not in roster)');
  const reps = new Map<string, ReplayRow>();
  const teams = new Map<string, ReplayRow>();
  const bump = (rows: Map<string, ReplayRow>, key: string, which: 'simulated' | 'actual') => {
    const row = rows.get(key) ?? { key, simulated: 0, actual: 0 };
    row[which] += 1;
    rows.set(key, row);
  };
  for (const pick of picks) {
    bump(reps, pick.rep ? pick.rep.name : '(unassigned)', 'simulated');
    bump(teams, pick.rep ? pick.team : '(unassigned)', 'simulated');
    const actual = pick.lead.actualRep;
    bump(reps, actual ? (nameOf.get(actual) ?? actual) : '(unassigned)', 'actual');
    bump(teams, actual ? teamOf(actual) : '(unassigned)', 'actual');
  }
  const order = (rows: Map<string, ReplayRow>) => [...rows.values()].sort((a, b) => b.simulated - a.simulated || b.actual - a.actual || a.key.localeCompare(b.key));
  return {
    picks,
    byRep: order(reps),
    byTeam: order(teams),
    unassigned: picks.filter((pick) => !pick.rep).length,
    formRules: input.rules.filter((rule) => rule.field.startsWith('form.')).length,
  };
}
