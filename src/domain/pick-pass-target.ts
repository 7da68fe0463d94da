import { policyInUse, routeLead, Rotations, type PolicyInput } from './policy/route-lead.ts';
import { pickNext } from './round-robin.ts';
import type { Lead, Millis, Rep, RoutingCursor } from './types.ts';

export interface PassTarget {
  to: Rep | undefined;
  reason: string;
  /** Rotation changes to write when the lead is passed: the default cursor and `rr_<team>` keys. */
  cursor?: RoutingCursor;
  stateEntries: Array<[string, string]>;
  /** The new owner's shift start when they are off hours now (routing policy): the SLA starts then. */
  startsAt?: Millis;
}

/**
 * Who takes a lead its owner cannot (Can't take it): the same choice a re-route makes, so with a
 * routing policy the lead stays in its team and respects hours, time off and caps; without one,
 * the next active rep round-robin. The owner is never the answer: then nobody can take it.
 */
export function pickPassTarget(input: {
  lead: Lead;
  roster: readonly Rep[];
  cursor: RoutingCursor;
  now: Millis;
  routing?: Omit<PolicyInput, 'roster' | 'now' | 'cursor'> | undefined;
}): PassTarget {
  const { lead, roster, cursor, routing } = input;
  if (routing && policyInUse(roster, routing.rules)) {
    const owner = roster.find((rep) => rep.slackId === lead.salesSlackId);
    const rotations = new Rotations({ state: routing.state, cursor });
    const facts = { name: lead.name, email: lead.email, phone: lead.phone, phoneValid: lead.phoneValid, company: lead.company, source: lead.source, message: lead.message };
    const routed = routeLead({ ...routing, roster, now: input.now, cursor }, rotations, { facts, currentOwner: owner });
    if (!routed.rep || routed.rep.slackId === lead.salesSlackId) return { to: undefined, reason: routed.reason, stateEntries: [] };
    return {
      to: routed.rep,
      reason: routed.reason,
      stateEntries: routed.stateEntries,
      ...(routed.cursor ? { cursor: routed.cursor } : {}),
      ...(routed.startsAt !== undefined ? { startsAt: routed.startsAt } : {}),
    };
  }
  const pick = pickNext(roster, cursor, lead.salesSlackId);
  if (!pick || pick.rep.slackId === lead.salesSlackId) return { to: undefined, reason: 'no other active rep', stateEntries: [] };
  return { to: pick.rep, reason: pick.reason, cursor: pick.cursor, stateEntries: [] };
}
