import { pickUnreportedRows } from './pick-unreported-rows.ts';
import { pickNext } from './round-robin.ts';
import { policyInUse, routeLead, Rotations, type PolicyInput, type RouteResult, type RoutingOutcome } from './policy/route-lead.ts';
import type { RoutingRule } from './policy/rules.ts';
import { slaDeadline } from './policy/sla-deadline.ts';
import type { Lead, Millis, Rep, RoutingCursor, SlaPolicy } from './types.ts';

/** routing_state key marking that a lead's current assignment was announced after a crash. */
export const ANNOUNCED_PREFIX = 'announced_';

/** Which assignment of a lead an announcement was for: its owner and how often it was routed. */
export function announcementOf(lead: Pick<Lead, 'salesSlackId' | 'routeCount'>): string {
  return `${lead.salesSlackId}#${lead.routeCount}`;
}

export interface SweepInput {
  /** The leads that may need action (NEW ones will do); others are ignored. */
  leads: readonly Lead[];
  /** Every readable lead in the sheet, for the summary, when `leads` is not all of them. */
  leadCount?: number;
  /** Rows the reader could not understand: skipped and reported, never fatal. */
  unreadable: ReadonlyArray<{ leadId: string; problem: string }>;
  /** routing_state `reported_rows`: the unreadable rows reported before, which are not reported again. */
  reportedRows?: string | undefined;
  roster: readonly Rep[];
  cursor: RoutingCursor;
  escalated: ReadonlyMap<string, string>;
  now: Millis;
  policy: SlaPolicy;
  /**
   * Given to the recovery sweep only (a server's startup sweep): finish the half-done work of a
   * process that died. An owned NEW lead that is not due and has no recorded DM (no slack_ts) was
   * written but its DM was never sent, or sent and never recorded: DM its owner now. Leads in
   * `except` are ones this process has taken on itself (DM sent, in flight or failed), never resent.
   * `announced` (routing_state `announced_<lead_id>`) holds the assignment each lead was announced
   * for already: an assignment is announced once, so however many crashes follow, its owner gets
   * at most one extra DM (if that one never went out, the SLA re-route DMs the next owner).
   */
  announceUnrecorded?: { except: ReadonlySet<string>; announced?: ReadonlyMap<string, string> };
  /** The routing policy (issue 12). Absent, or without rules and policy cells: the plain round-robin, as before. */
  routing?: SweepRouting;
}

/** What the policy needs besides the roster and cursor (see policy/route-lead.ts). */
export interface SweepRouting extends Omit<PolicyInput, 'roster' | 'now' | 'cursor'> {
  rules: readonly RoutingRule[];
}

export type SweepAction =
  | { kind: 'reroute'; before: Lead; after: Lead; from: { name: string; slackId: string }; to: Rep; lateByMs: number; reason: string; routing?: RoutingOutcome }
  | { kind: 'remind'; before: Lead; after: Lead; rep: Rep; lateByMs: number; reason: string; routing?: RoutingOutcome }
  | { kind: 'escalate'; lead: Lead; lateByMs: number; reason: string }
  | { kind: 'assign'; before: Lead; after: Lead; to: Rep; reason: string; routing?: RoutingOutcome }
  | { kind: 'announce'; lead: Lead; reason: string };

export interface SweepPlan {
  actions: SweepAction[];
  /** Leads that needed a rep while nobody is active: they stay put and managers hear once per sweep. */
  stranded: Lead[];
  /** Unreadable rows to report now: each is reported once per content (pick-unreported-rows.ts). */
  skipped: Array<{ leadId: string; problem: string }>;
  /** Every unreadable row, reported now or before. */
  unreadableCount: number;
  /** The new routing_state `reported_rows`, when it changed. */
  reportedRows?: string;
  cursor: RoutingCursor;
  leadCount: number;
  dueCount: number;
  /** The earliest moment a lead left untouched becomes due; drives the precise SLA timer. */
  nextDueAt: Millis | null;
  /** Policy only: stranded leads nobody eligible could take, each with its team and reason (`no_eligible_rep`). */
  noEligible?: Array<{ lead: Lead; team: string; reason: string }>;
  /** Policy only: routing_state entries (`rr_<team>` rotations) to write. */
  stateEntries?: Array<[string, string]>;
}

/**
 * When the owner's SLA window closes; an admin-cleared assigned_at falls back to created_at.
 * Given the owner (and TIMEZONE), counted in their working minutes when they have working_hours.
 */
export function deadlineOf(lead: Lead, policy: SlaPolicy, owner?: Rep, timeZone = 'UTC'): Millis | null {
  const start = lead.assignedAt ?? lead.createdAt;
  if (start === null) return null;
  return owner?.workingHours ? slaDeadline(start, policy.slaMinutes, owner, timeZone) : start + policy.slaMinutes * 60_000;
}

/** The lead with a new owner, who joins its routing history. */
function handTo(lead: Lead, rep: Rep): Lead {
  return { ...lead, assignedSales: rep.name, salesSlackId: rep.slackId, ownerHistory: [...lead.ownerHistory, rep.slackId] };
}

/** Escalated leads keep their owner and leave the SLA loop for good. */
/**
 * NEW and not escalated; or escalated and then given to someone by a manager (assigned after the
 * escalation mark): that owner's SLA is timed again, though the lead is never escalated twice.
 */
function watched(lead: Lead, escalated: ReadonlyMap<string, string>): boolean {
  if (lead.stage !== 'NEW') return false;
  const mark = escalated.get(lead.leadId);
  if (mark === undefined) return true;
  const escalatedAt = Date.parse(mark);
  return Number.isFinite(escalatedAt) && lead.assignedAt !== null && lead.assignedAt > escalatedAt;
}

export function planSweep(input: SweepInput): SweepPlan {
  const { now, policy, roster } = input;
  let cursor = input.cursor;
  const actions: SweepAction[] = [];
  const stranded: Lead[] = [];
  let nextDueAt: Millis | null = null;
  let dueCount = 0;
  const hasActiveRep = roster.some((rep) => rep.active);
  const routing = input.routing && policyInUse(roster, input.routing.rules) ? input.routing : undefined;
  const owners = new Map<string, Rep>();
  if (routing) for (const rep of roster) if (!owners.has(rep.slackId)) owners.set(rep.slackId, rep);
  const ownerOf = (lead: Lead) => owners.get(lead.salesSlackId);
  const timeZone = routing?.timeZone;
  // Leads this plan moves change who is at their cap for the next decision.
  const openDelta = new Map<string, number>();
  const rotations = routing ? new Rotations({ state: routing.state, cursor }) : undefined;
  const noEligible: NonNullable<SweepPlan['noEligible']> = [];
  const stateEntries = new Map<string, string>();
  const route = (lead: Lead, owner: Rep | undefined): RouteResult => {
    const policyInput: PolicyInput = {
      ...(routing as SweepRouting),
      roster,
      now,
      cursor,
      openCount: (slackId) => (routing as SweepRouting).openCount(slackId) + (openDelta.get(slackId) ?? 0),
    };
    const facts = { name: lead.name, email: lead.email, phone: lead.phone, phoneValid: lead.phoneValid, company: lead.company, source: lead.source, message: lead.message };
    const routed = routeLead(policyInput, rotations as Rotations, { facts, currentOwner: owner });
    if (routed.rep && routed.rep.slackId !== lead.salesSlackId) {
      openDelta.set(routed.rep.slackId, (openDelta.get(routed.rep.slackId) ?? 0) + 1);
      if (lead.salesSlackId) openDelta.set(lead.salesSlackId, (openDelta.get(lead.salesSlackId) ?? 0) - 1);
    }
    for (const [key, value] of routed.stateEntries) stateEntries.set(key, value);
    if (routed.cursor) cursor = routed.cursor;
    if (!routed.rep) noEligible.push({ lead, team: routed.team, reason: routed.reason });
    return routed;
  };
  const outcomeOf = (routed: RouteResult): RoutingOutcome => {
    const { rep: _rep, cursor: _cursor, reason: _reason, ...outcome } = routed;
    return outcome;
  };

  const unassigned = input.leads.filter((lead) => watched(lead, input.escalated) && !lead.salesSlackId);
  const due: Array<{ lead: Lead; deadline: Millis }> = [];
  for (const lead of input.leads) {
    if (!watched(lead, input.escalated) || !lead.salesSlackId) continue;
    const deadline = deadlineOf(lead, policy, ownerOf(lead), timeZone);
    if (deadline === null) {
      // Owned, with neither assigned_at nor created_at readable: nothing to measure, so it is due now.
      due.push({ lead, deadline: now });
      continue;
    }
    if (deadline <= now) due.push({ lead, deadline });
    else if (nextDueAt === null || deadline < nextDueAt) nextDueAt = deadline;
  }
  // Oldest misses first, so when reps are scarce the longest-waiting lead moves first.
  due.sort((a, b) => a.deadline - b.deadline || a.lead.leadId.localeCompare(b.lead.leadId));
  dueCount = due.length + unassigned.length;

  for (const lead of unassigned) {
    if (routing) {
      const routed = route(lead, undefined);
      if (!routed.rep) {
        stranded.push(lead);
        continue;
      }
      const after = handTo({ ...lead, assignedAt: routed.startsAt ?? now }, routed.rep);
      actions.push({ kind: 'assign', before: lead, after, to: routed.rep, reason: `unassigned lead; ${routed.reason}`, routing: outcomeOf(routed) });
      continue;
    }
    const pick = pickNext(roster, cursor);
    if (!pick) {
      stranded.push(lead);
      continue;
    }
    cursor = pick.cursor;
    const after = handTo({ ...lead, assignedAt: now }, pick.rep);
    actions.push({ kind: 'assign', before: lead, after, to: pick.rep, reason: `unassigned lead; ${pick.reason}` });
  }

  for (const { lead, deadline } of due) {
    const lateByMs = now - deadline;
    if (lead.routeCount >= policy.escalationThreshold && !input.escalated.has(lead.leadId)) {
      actions.push({
        kind: 'escalate',
        lead,
        lateByMs,
        reason: `route_count ${lead.routeCount} >= threshold ${policy.escalationThreshold}; SLA missed by ${Math.round(lateByMs / 1000)} s`,
      });
      continue;
    }
    const missed = `${lead.salesSlackId} missed the ${policy.slaMinutes} min SLA by ${Math.round(lateByMs / 1000)} s`;
    if (routing) {
      const owner = ownerOf(lead) ?? { name: lead.assignedSales, email: '', slackId: lead.salesSlackId, active: false };
      const routed = route(lead, owner);
      if (!routed.rep) {
        stranded.push(lead);
        continue;
      }
      const moved = { ...lead, routeCount: lead.routeCount + 1, assignedAt: routed.startsAt ?? now, lastRoutedAt: now };
      if (routed.rep.slackId === lead.salesSlackId) {
        actions.push({ kind: 'remind', before: lead, after: moved, rep: routed.rep, lateByMs, reason: `${missed}; ${routed.reason}, reminder; route_count → ${moved.routeCount}`, routing: outcomeOf(routed) });
        continue;
      }
      const after = handTo(moved, routed.rep);
      actions.push({
        kind: 'reroute',
        before: lead,
        after,
        from: { name: lead.assignedSales, slackId: lead.salesSlackId },
        to: routed.rep,
        lateByMs,
        reason: `${missed}; ${routed.reason}; route_count → ${after.routeCount}`,
        routing: outcomeOf(routed),
      });
      continue;
    }
    if (!hasActiveRep) {
      stranded.push(lead);
      continue;
    }
    const pick = pickNext(roster, cursor, lead.salesSlackId) as NonNullable<ReturnType<typeof pickNext>>;
    const moved = {
      ...lead,
      routeCount: lead.routeCount + 1,
      assignedAt: now,
      lastRoutedAt: now,
    };
    if (pick.rep.slackId === lead.salesSlackId) {
      // The only active rep: nobody to pass it to, but the miss counts so escalation still comes.
      actions.push({ kind: 'remind', before: lead, after: moved, rep: pick.rep, lateByMs, reason: `${missed}; only active rep, reminder; route_count → ${moved.routeCount}` });
      continue;
    }
    cursor = pick.cursor;
    const after = handTo(moved, pick.rep);
    actions.push({
      kind: 'reroute',
      before: lead,
      after,
      from: { name: lead.assignedSales, slackId: lead.salesSlackId },
      to: pick.rep,
      lateByMs,
      reason: `${missed}; ${pick.reason}; route_count → ${after.routeCount}`,
    });
  }

  // A due lead is re-routed (its new owner is DMed) rather than announced to the owner it is leaving.
  const dueIds = new Set(due.map(({ lead }) => lead.leadId));
  const recovery = input.announceUnrecorded;
  const unannounced = recovery
    ? input.leads.filter(
        (lead) =>
          watched(lead, input.escalated) &&
          lead.salesSlackId &&
          !lead.slackTs &&
          !dueIds.has(lead.leadId) &&
          !recovery.except.has(lead.leadId) &&
          recovery.announced?.get(lead.leadId) !== announcementOf(lead),
      )
    : [];
  for (const lead of unannounced) {
    actions.push({ kind: 'announce', lead, reason: `owner ${lead.salesSlackId} has no recorded DM for this NEW lead (left half-done by a process that stopped): DM the owner now` });
  }

  for (const action of actions) {
    if (action.kind === 'escalate' || action.kind === 'announce') continue;
    const deadline = deadlineOf(action.after, policy, routing ? owners.get(action.after.salesSlackId) : undefined, timeZone);
    if (deadline !== null && (nextDueAt === null || deadline < nextDueAt)) nextDueAt = deadline;
  }

  const reported = pickUnreportedRows(input.unreadable, input.reportedRows);
  return {
    actions,
    stranded,
    skipped: reported.fresh,
    unreadableCount: input.unreadable.length,
    ...(reported.changed ? { reportedRows: reported.stored } : {}),
    cursor,
    leadCount: (input.leadCount ?? input.leads.length) + input.unreadable.length,
    dueCount,
    nextDueAt,
    ...(routing ? { noEligible, stateEntries: [...stateEntries] } : {}),
  };
}
