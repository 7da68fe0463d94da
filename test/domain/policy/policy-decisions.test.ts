import { describe, expect, it } from 'vitest';
import { decideIntake, type IntakeInput, type IntakeRouting } from '../../../src/domain/decide-intake.ts';
import { deadlineOf, planSweep, type SweepInput } from '../../../src/domain/plan-sweep.ts';
import { parseRules, type RuleRow } from '../../../src/domain/policy/rules.ts';
import { parseWorkingHours } from '../../../src/domain/policy/working-hours.ts';
import type { Lead, Rep, WorkingHours } from '../../../src/domain/types.ts';
import { deepFreeze, lead, MINUTE, POLICY, START } from '../../fixtures/domain.ts';

// Monday 2026-12-07, 16:50 in Jakarta.
const NOW = Date.parse('2026-12-07T16:50:00+07:00');
const OFFICE = hours('Mon-Fri 09:00-17:00');

function hours(text: string): WorkingHours {
  const parsed = parseWorkingHours(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.hours;
}

const rep = (slackId: string, extra: Partial<Rep> = {}): Rep => ({ name: slackId.slice(1), email: '', slackId, active: true, ...extra });

function routing(rules: RuleRow[] = [], state: Record<string, string> = {}, open: Record<string, number> = {}): IntakeRouting {
  return {
    rules: parseRules(rules).rules,
    timeZone: 'Asia/Jakarta',
    offHoursWaitMinutes: 720,
    slaMinutes: 60,
    openCount: (id) => open[id] ?? 0,
    state: (key) => state[key],
  };
}

const noLeads = { byIdempotencyKey: () => undefined, openByPhone: () => undefined, openByEmail: () => undefined };

function intake(roster: Rep[], route: IntakeRouting | undefined, draft: Partial<IntakeInput['draft']> = {}) {
  return decideIntake({
    draft: { name: 'Budi', emailValid: true, phoneRaw: '0812 3456 7890', email: 'budi@example.com', company: '', source: 'web', message: '', submissionId: '', ...draft },
    idempotencyKey: '',
    leadId: 'L-1',
    now: NOW,
    defaultCountry: 'ID',
    roster,
    cursor: START,
    lookup: noLeads,
    ...(route ? { routing: route } : {}),
  });
}

describe('decideIntake with a routing policy', () => {
  it('without rules or policy cells, the decision is exactly the plain one', () => {
    const roster = [rep('UA'), rep('UB')];
    expect(intake(roster, routing())).toEqual(intake(roster, undefined));
  });

  it('routes by rule, says why, asks for review, and keeps the default cursor when another team took it', () => {
    const roster = [rep('UA'), rep('UJ', { teams: ['jakarta'] })];
    const decided = intake(roster, routing([{ priority: 1, field: 'phone_country', operator: 'equals', value: 'ID', team: 'jakarta', review: 'yes', note: 'VIP' }]));
    if (decided.kind !== 'create') throw new Error('expected a new lead');
    expect(decided.assignedTo?.slackId).toBe('UJ');
    expect(decided.cursor).toBe(START);
    expect(decided.routing).toMatchObject({ team: 'jakarta', outcome: 'assigned', review: { rule: 'rule 1 (phone_country = ID) → team jakarta', note: 'VIP' } });
    expect(decided.routing?.stateEntries).toEqual([['rr_jakarta', 'last=UJ']]);
    expect(decided.reason).toBe('rule 1 (phone_country = ID) → team jakarta; round-robin: J → J');
  });

  it('form fields reach the rules', () => {
    const roster = [rep('UA'), rep('UE', { teams: ['enterprise'] })];
    const route = routing([{ priority: 1, field: 'form.Company size', operator: 'in', value: '201-500, 500+', team: 'enterprise' }]);
    const big = intake(roster, route, { form: { company_size: '500+' } });
    const small = intake(roster, route, { form: { company_size: '1-10' } });
    expect(big.kind === 'create' && big.assignedTo?.slackId).toBe('UE');
    expect(small.kind === 'create' && small.assignedTo?.slackId).toBe('UA');
  });

  it('a lead given at 16:50 to a rep working until 17:00 is due at 09:50 the next working day', () => {
    const decided = intake([rep('UA', { workingHours: OFFICE })], routing());
    if (decided.kind !== 'create') throw new Error('expected a new lead');
    expect(decided.lead.assignedAt).toBe(NOW);
    expect(new Date(decided.dueAt as number).toISOString()).toBe('2026-12-08T02:50:00.000Z');
  });

  it('after hours the lead waits for the first to start, its SLA from then; nobody within the wait: unassigned', () => {
    const evening = NOW + 5 * 60 * MINUTE;
    const decided = decideIntake({ ...baseInput([rep('UA', { workingHours: OFFICE })]), now: evening, routing: routing() });
    if (decided.kind !== 'create') throw new Error('expected a new lead');
    expect(decided.routing?.outcome).toBe('waiting_for_shift');
    expect(new Date(decided.lead.assignedAt as number).toISOString()).toBe('2026-12-08T02:00:00.000Z');
    expect(new Date(decided.dueAt as number).toISOString()).toBe('2026-12-08T03:00:00.000Z');

    const friday = Date.parse('2026-12-11T19:00:00+07:00');
    const nobody = decideIntake({ ...baseInput([rep('UA', { workingHours: OFFICE })]), now: friday, routing: routing() });
    if (nobody.kind !== 'create') throw new Error('expected a new lead');
    expect(nobody.assignedTo).toBeUndefined();
    expect(nobody.lead).toMatchObject({ assignedSales: '', salesSlackId: '', assignedAt: null, ownerHistory: [] });
    expect(nobody.routing?.outcome).toBe('no_eligible_rep');
  });
});

function baseInput(roster: Rep[]): IntakeInput {
  return {
    draft: { name: 'Budi', emailValid: true, phoneRaw: '', email: 'budi@example.com', company: '', source: 'web', message: '', submissionId: '' },
    idempotencyKey: '',
    leadId: 'L-1',
    now: NOW,
    defaultCountry: 'ID',
    roster,
    cursor: START,
    lookup: noLeads,
  };
}

describe('planSweep with a routing policy', () => {
  const owned = (leadId: string, owner: string, assignedAt: number, extra: Partial<Lead> = {}) =>
    lead({ leadId, salesSlackId: owner, assignedSales: owner.slice(1), assignedAt, ownerHistory: [owner], phone: '6281234567890', ...extra });
  const sweep = (leads: Lead[], roster: Rep[], route = routing(), now = NOW) =>
    planSweep(
      deepFreeze({
        leads,
        unreadable: [],
        roster,
        cursor: START,
        escalated: new Map(),
        now,
        policy: POLICY,
        routing: route,
      } satisfies SweepInput),
    );

  it('a lead is not due while its owner is off the clock', () => {
    const roster = [rep('UA', { workingHours: OFFICE }), rep('UB', { workingHours: OFFICE })];
    // Assigned at 16:30: 30 working minutes used, 30 left tomorrow from 09:00.
    const plan = sweep([owned('L-1', 'UA', NOW - 20 * MINUTE)], roster, routing(), NOW + 14 * 60 * MINUTE);
    expect(plan.actions).toEqual([]);
    expect(new Date(plan.nextDueAt as number).toISOString()).toBe('2026-12-08T02:30:00.000Z');
    expect(deadlineOf(owned('L-1', 'UA', NOW - 20 * MINUTE), POLICY)).toBe(NOW + 40 * MINUTE);
  });

  it('re-routes inside the lead\'s team, never back to the owner, with the team rotation written', () => {
    const roster = [rep('UA'), rep('UJ1', { teams: ['jakarta'] }), rep('UJ2', { teams: ['jakarta'] })];
    const route = routing([{ priority: 1, field: 'phone_country', operator: 'equals', value: 'ID', team: 'jakarta' }], { rr_jakarta: 'last=UJ1' });
    const plan = sweep([owned('L-1', 'UJ1', NOW - 90 * MINUTE), owned('L-2', 'UJ2', NOW - 80 * MINUTE)], roster, route);
    expect(plan.actions.map((a) => (a.kind === 'reroute' ? `${a.before.leadId} ${a.from.slackId}->${a.to.slackId}` : a.kind))).toEqual(['L-1 UJ1->UJ2', 'L-2 UJ2->UJ1']);
    expect(plan.stateEntries).toEqual([['rr_jakarta', 'last=UJ1']]);
    expect(plan.cursor).toBe(START);
  });

  it('re-route with a form rule: the owner\'s team stands in for the form field the sheet does not keep', () => {
    const roster = [rep('UA'), rep('UE1', { teams: ['enterprise'] }), rep('UE2', { teams: ['enterprise'] })];
    const route = routing([{ priority: 1, field: 'form.budget', operator: '>=', value: '1000', team: 'enterprise' }]);
    const plan = sweep([owned('L-1', 'UE1', NOW - 90 * MINUTE)], roster, route);
    expect(plan.actions[0]?.kind === 'reroute' && plan.actions[0].to.slackId).toBe('UE2');
  });

  it('nobody eligible: stranded with the reason and team; the audit says why', () => {
    const roster = [rep('UA', { teams: ['jakarta'], oooUntil: NOW + 30 * 24 * 60 * MINUTE })];
    const route = routing([{ priority: 1, field: 'source', operator: 'equals', value: 'web', team: 'jakarta' }]);
    const plan = sweep([lead({ leadId: 'L-9', source: 'web', salesSlackId: '', assignedSales: '', assignedAt: null, ownerHistory: [] })], roster, route);
    expect(plan.stranded.map((l) => l.leadId)).toEqual(['L-9']);
    expect(plan.noEligible).toEqual([{ lead: expect.objectContaining({ leadId: 'L-9' }), team: 'jakarta', reason: expect.stringContaining('no eligible rep, left unassigned') }]);
  });

  it('caps count the leads this sweep hands out', () => {
    const roster = [rep('UA', { maxOpen: 1 }), rep('UB', { maxOpen: 1 })];
    const fresh = (id: string) => lead({ leadId: id, salesSlackId: '', assignedSales: '', assignedAt: null, ownerHistory: [] });
    const plan = sweep([fresh('L-1'), fresh('L-2'), fresh('L-3')], roster);
    expect(plan.actions.map((a) => (a.kind === 'assign' ? a.to.slackId : a.kind))).toEqual(['UA', 'UB']);
    expect(plan.stranded.map((l) => l.leadId)).toEqual(['L-3']);
  });
});
