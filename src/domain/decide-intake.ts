import type { LeadDraft } from './intake.ts';
import { normalizePhone } from './phone.ts';
import { pickNext } from './round-robin.ts';
import { policyInUse, routeLead, Rotations, type PolicyInput, type RoutingOutcome } from './policy/route-lead.ts';
import type { RoutingRule } from './policy/rules.ts';
import { slaDeadline } from './policy/sla-deadline.ts';
import type { Lead, Millis, Rep, RoutingCursor } from './types.ts';

/** How a decision finds earlier leads; the caller keeps these indexes over its snapshot. */
export interface LeadLookup {
  byIdempotencyKey(key: string): Lead | undefined;
  openByPhone(digits: string): Lead | undefined;
  openByEmail(email: string): Lead | undefined;
}

export interface IntakeInput {
  draft: LeadDraft;
  idempotencyKey: string;
  leadId: string;
  now: Millis;
  /** When the form was received; differs from `now` for a lead written later from the outbox. */
  receivedAt?: Millis;
  defaultCountry: string;
  roster: readonly Rep[];
  cursor: RoutingCursor;
  lookup: LeadLookup;
  /** The routing policy (issue 12). Absent, or without rules and policy cells: the plain round-robin, as before. */
  routing?: IntakeRouting;
}

/** What the policy needs besides the roster and cursor (see policy/route-lead.ts). */
export interface IntakeRouting extends Omit<PolicyInput, 'roster' | 'now' | 'cursor'> {
  rules: readonly RoutingRule[];
  /** For the working-minutes deadline of the new lead. */
  slaMinutes: number;
}

export type IntakeDecision =
  | { kind: 'duplicate'; existing: Lead; matchedBy: 'idempotency_key' | 'phone' | 'email'; reason: string }
  | {
      kind: 'create';
      lead: Lead;
      assignedTo: Rep | undefined;
      cursor: RoutingCursor;
      reason: string;
      /** Present when the routing policy decided: team, outcome, review, cursor keys to write. */
      routing?: RoutingOutcome;
      /** The owner's SLA deadline, in their working minutes (policy only). */
      dueAt?: Millis;
    };

export function decideIntake(input: IntakeInput): IntakeDecision {
  const { draft, lookup } = input;
  const key = input.idempotencyKey || draft.submissionId;
  const phone = draft.phoneRaw ? normalizePhone(draft.phoneRaw, input.defaultCountry) : { value: '', valid: true };

  if (key) {
    const existing = lookup.byIdempotencyKey(key);
    if (existing) return { kind: 'duplicate', existing, matchedBy: 'idempotency_key', reason: `same idempotency key as ${existing.leadId}` };
  }
  // Only a valid number identifies a person; text kept as sent ("call me", "abc") would match strangers.
  if (phone.valid && phone.value) {
    const existing = lookup.openByPhone(phone.value);
    if (existing) return { kind: 'duplicate', existing, matchedBy: 'phone', reason: `same phone as open lead ${existing.leadId} (${existing.stage})` };
  }
  if (draft.email && draft.emailValid) {
    const existing = lookup.openByEmail(draft.email);
    if (existing) return { kind: 'duplicate', existing, matchedBy: 'email', reason: `same email as open lead ${existing.leadId} (${existing.stage})` };
  }

  if (input.routing && policyInUse(input.roster, input.routing.rules)) return routedIntake(input, input.routing, key, phone);

  const pick = pickNext(input.roster, input.cursor);
  const lead = newLead(input, key, phone, pick?.rep, pick ? input.now : null);
  const flags = flagsOf(draft, phone);
  if (!pick) {
    return { kind: 'create', lead, assignedTo: undefined, cursor: input.cursor, reason: `no active rep in roster (${input.roster.length} listed): left unassigned${flags}` };
  }
  return { kind: 'create', lead, assignedTo: pick.rep, cursor: pick.cursor, reason: `${pick.reason}${flags}` };
}

/** The lead an intake creates, whichever way its owner was chosen (none: left unassigned). */
function newLead(input: IntakeInput, key: string, phone: { value: string; valid: boolean }, rep: Rep | undefined, assignedAt: Millis | null): Lead {
  const { draft } = input;
  return {
    leadId: input.leadId,
    name: draft.name,
    phone: phone.value,
    phoneValid: phone.valid,
    email: draft.email,
    company: draft.company,
    source: draft.source,
    message: draft.message,
    stage: 'NEW',
    assignedSales: rep?.name ?? '',
    salesSlackId: rep?.slackId ?? '',
    routeCount: 0,
    createdAt: input.receivedAt ?? input.now,
    assignedAt,
    lastRoutedAt: null,
    contactedAt: null,
    idempotencyKey: key,
    slackChannel: '',
    slackTs: '',
    ownerHistory: rep ? [rep.slackId] : [],
  };
}

/** What the intake kept as sent though it looks wrong, appended to the reason ("; phone … "). */
function flagsOf(draft: LeadDraft, phone: { valid: boolean }): string {
  return [phone.valid ? '' : `phone "${draft.phoneRaw}" is not a valid number, kept as sent`, draft.emailValid ? '' : `email "${draft.email}" looks wrong`]
    .filter(Boolean)
    .map((flag) => `; ${flag}`)
    .join('');
}

/** A new lead routed by the policy: rules → team → eligible rep, or the wait, overflow, or nobody. */
function routedIntake(input: IntakeInput, routing: IntakeRouting, key: string, phone: { value: string; valid: boolean; country?: string }): IntakeDecision {
  const { draft } = input;
  const rotations = new Rotations({ state: routing.state, cursor: input.cursor });
  const routed = routeLead({ ...routing, roster: input.roster, now: input.now, cursor: input.cursor }, rotations, {
    facts: {
      name: draft.name,
      email: draft.email,
      phone: phone.value,
      phoneValid: phone.valid,
      company: draft.company,
      source: draft.source,
      message: draft.message,
      form: draft.form ?? {},
      phoneCountry: phone.valid ? (phone.country ?? '') : '',
    },
  });
  const rep = routed.rep;
  const assignedAt = rep ? (routed.startsAt ?? input.now) : null;
  const lead = newLead(input, key, phone, rep, assignedAt);
  const { rep: _rep, cursor, reason, ...outcome } = routed;
  return {
    kind: 'create',
    lead,
    assignedTo: rep,
    cursor: cursor ?? input.cursor,
    reason: `${reason}${flagsOf(draft, phone)}`,
    routing: outcome,
    ...(rep && assignedAt !== null ? { dueAt: slaDeadline(assignedAt, routing.slaMinutes, rep, routing.timeZone) } : {}),
  };
}
