import { describe, expect, it } from 'vitest';
import { deadlineOf, planSweep, type SweepAction, type SweepInput, type SweepPlan } from '../../src/domain/plan-sweep.ts';
import type { Lead, Rep, RoutingCursor } from '../../src/domain/types.ts';
import { cursorAt, deepFreeze, HOUR, lead, MINUTE, NOW, POLICY, roster, START } from '../fixtures/domain.ts';

interface Setup {
  leads: Lead[];
  reps?: Rep[];
  cursor?: RoutingCursor;
  escalated?: Array<[string, string]>;
  unreadable?: Array<{ leadId: string; problem: string }>;
  /** A recovery sweep, with the leads this process has taken on itself. */
  recovering?: string[];
  /** routing_state `announced_<lead_id>`: the assignment each lead was announced for already. */
  announced?: Array<[string, string]>;
}

function plan(setup: Setup): SweepPlan {
  const input: SweepInput = {
    leads: setup.leads,
    unreadable: setup.unreadable ?? [],
    roster: setup.reps ?? roster('UA UB UC'),
    cursor: setup.cursor ?? START,
    escalated: new Map(setup.escalated ?? []),
    now: NOW,
    policy: POLICY,
    ...(setup.recovering ? { announceUnrecorded: { except: new Set(setup.recovering), announced: new Map(setup.announced ?? []) } } : {}),
  };
  // Pure: the planner must not touch what it was given.
  return planSweep(deepFreeze(input));
}

/** A NEW lead owned by `owner`, assigned `minutesAgo` before NOW. */
function owned(leadId: string, owner: string, minutesAgo: number, overrides: Partial<Lead> = {}): Lead {
  return lead({
    leadId,
    salesSlackId: owner,
    assignedSales: `rep ${owner}`,
    assignedAt: NOW - minutesAgo * MINUTE,
    ownerHistory: [owner],
    ...overrides,
  });
}

function unassigned(leadId: string, overrides: Partial<Lead> = {}): Lead {
  return lead({ leadId, salesSlackId: '', assignedSales: '', assignedAt: null, ownerHistory: [], ...overrides });
}

const summary = (action: SweepAction): string => {
  switch (action.kind) {
    case 'reroute':
      return `${action.before.leadId}:reroute ${action.from.slackId}->${action.to.slackId}`;
    case 'remind':
      return `${action.before.leadId}:remind ${action.rep.slackId}`;
    case 'escalate':
      return `${action.lead.leadId}:escalate`;
    case 'assign':
      return `${action.before.leadId}:assign ${action.to.slackId}`;
    case 'announce':
      return `${action.lead.leadId}:announce ${action.lead.salesSlackId}`;
  }
};

describe('planSweep: the table', () => {
  it.each<[string, Setup, string[], { stranded?: string[]; dueCount: number; cursor?: RoutingCursor; nextDueAt: number | null }]>([
    ['not yet due', { leads: [owned('L1', 'UA', 30), owned('L2', 'UB', 50)] }, [], { dueCount: 0, nextDueAt: NOW + 10 * MINUTE }],
    ['due -> next rep', { leads: [owned('L1', 'UA', 61)], cursor: cursorAt(0, 'UA') }, ['L1:reroute UA->UB'], { dueCount: 1, cursor: cursorAt(1, 'UB'), nextDueAt: NOW + HOUR }],
    ['due, owner is next in line -> the one after', { leads: [owned('L1', 'UB', 61)], cursor: cursorAt(0, 'UA') }, ['L1:reroute UB->UC'], { dueCount: 1, cursor: cursorAt(2, 'UC'), nextDueAt: NOW + HOUR }],
    ['due exactly at the deadline', { leads: [owned('L1', 'UA', 60)], cursor: cursorAt(0, 'UA') }, ['L1:reroute UA->UB'], { dueCount: 1, cursor: cursorAt(1, 'UB'), nextDueAt: NOW + HOUR }],
    ['one ms before the deadline', { leads: [owned('L1', 'UA', 60, { assignedAt: NOW - HOUR + 1 })] }, [], { dueCount: 0, nextDueAt: NOW + 1 }],
    ['below threshold -> re-route', { leads: [owned('L1', 'UA', 90, { routeCount: 9 })], cursor: cursorAt(0, 'UA') }, ['L1:reroute UA->UB'], { dueCount: 1, cursor: cursorAt(1, 'UB'), nextDueAt: NOW + HOUR }],
    ['at threshold -> escalate, no re-route', { leads: [owned('L1', 'UA', 90, { routeCount: 10 })], cursor: cursorAt(0, 'UA') }, ['L1:escalate'], { dueCount: 1, cursor: cursorAt(0, 'UA'), nextDueAt: null }],
    ['above threshold -> escalate', { leads: [owned('L1', 'UA', 90, { routeCount: 14 })] }, ['L1:escalate'], { dueCount: 1, cursor: START, nextDueAt: null }],
    ['already escalated -> nothing', { leads: [owned('L1', 'UA', 600, { routeCount: 12 })], escalated: [['L1', '2026-11-25T01:00:00.000Z']] }, [], { dueCount: 0, nextDueAt: null }],
    ['escalated, then given to UB by a manager, UB late -> re-routed, never escalated again', { leads: [owned('L1', 'UB', 90, { routeCount: 12 })], escalated: [['L1', '2026-11-25T01:00:00.000Z']] }, ['L1:reroute UB->UA'], { dueCount: 1, cursor: cursorAt(0, 'UA'), nextDueAt: NOW + HOUR }],
    ['escalated, then given to UB by a manager, not late yet -> timed', { leads: [owned('L1', 'UB', 30, { routeCount: 12 })], escalated: [['L1', '2026-11-25T01:00:00.000Z']] }, [], { dueCount: 0, nextDueAt: NOW + 30 * MINUTE }],
    ['escalated, route_count reset by an admin -> still nothing', { leads: [owned('L1', 'UA', 600, { routeCount: 0 })], escalated: [['L1', '2026-11-25T01:00:00.000Z']] }, [], { dueCount: 0, nextDueAt: null }],
    ['one active rep, the owner -> reminder', { leads: [owned('L1', 'UA', 61, { routeCount: 3 })], reps: roster('UA UB! UC!'), cursor: cursorAt(0, 'UA') }, ['L1:remind UA'], { dueCount: 1, cursor: cursorAt(0, 'UA'), nextDueAt: NOW + HOUR }],
    ['no active rep -> stranded', { leads: [owned('L1', 'UA', 61)], reps: roster('UA! UB!'), cursor: cursorAt(1, 'UB') }, [], { stranded: ['L1'], dueCount: 1, cursor: cursorAt(1, 'UB'), nextDueAt: null }],
    ['empty roster -> stranded', { leads: [owned('L1', 'UA', 61)], reps: [] }, [], { stranded: ['L1'], dueCount: 1, nextDueAt: null }],
    ['no active rep, at threshold -> still escalates', { leads: [owned('L1', 'UA', 61, { routeCount: 10 })], reps: roster('UA! UB!') }, ['L1:escalate'], { dueCount: 1, nextDueAt: null }],
    ['unassigned + active rep -> assign', { leads: [unassigned('L1')], cursor: cursorAt(0, 'UA') }, ['L1:assign UB'], { dueCount: 1, cursor: cursorAt(1, 'UB'), nextDueAt: NOW + HOUR }],
    ['unassigned + no rep -> stranded', { leads: [unassigned('L1')], reps: roster('UA!') }, [], { stranded: ['L1'], dueCount: 1, nextDueAt: null }],
    ['unassigned but contacted -> ignored', { leads: [unassigned('L1', { stage: 'CONTACTED' })] }, [], { dueCount: 0, nextDueAt: null }],
    ['contacted -> ignored', { leads: [owned('L1', 'UA', 600, { stage: 'CONTACTED', contactedAt: NOW - HOUR })] }, [], { dueCount: 0, nextDueAt: null }],
    ['qualified / closed lost -> ignored', { leads: [owned('L1', 'UA', 600, { stage: 'QUALIFIED' }), owned('L2', 'UA', 600, { stage: 'CLOSED LOST', routeCount: 20 })] }, [], { dueCount: 0, nextDueAt: null }],
    ['owner switched off, one other active -> re-route to the other', { leads: [owned('L1', 'UA', 61)], reps: roster('UA! UB UC!'), cursor: cursorAt(0, 'UB') }, ['L1:reroute UA->UB'], { dueCount: 1, cursor: cursorAt(0, 'UB'), nextDueAt: NOW + HOUR }],
    ['owner deleted from the roster -> re-route', { leads: [owned('L1', 'UZ', 61)], cursor: cursorAt(2, 'UC') }, ['L1:reroute UZ->UA'], { dueCount: 1, cursor: cursorAt(0, 'UA'), nextDueAt: NOW + HOUR }],
    ['nothing at all', { leads: [] }, [], { dueCount: 0, nextDueAt: null }],
  ])('%s', (_label, setup, actions, expected) => {
    const result = plan(setup);
    expect(result.actions.map(summary)).toEqual(actions);
    expect(result.stranded.map((one) => one.leadId)).toEqual(expected.stranded ?? []);
    expect(result.dueCount).toBe(expected.dueCount);
    expect(result.cursor).toEqual(expected.cursor ?? setup.cursor ?? START);
    expect(result.nextDueAt).toBe(expected.nextDueAt);
    expect(result.leadCount).toBe(setup.leads.length);
    expect(result.skipped).toEqual([]);
  });
});

describe('planSweep: the recovery sweep finishes DMs a stopped process left half-done', () => {
  const recorded = { slackChannel: 'D-UA', slackTs: '1700000000.000100' };
  it.each<[string, Setup, string[], { stranded?: string[]; dueCount: number; cursor?: RoutingCursor; nextDueAt: number | null }]>([
    ['owned, not due, no DM recorded -> announce to the owner', { leads: [owned('L1', 'UA', 10)], recovering: [] }, ['L1:announce UA'], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['not a recovery sweep -> nothing', { leads: [owned('L1', 'UA', 10)] }, [], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['DM recorded -> nothing', { leads: [owned('L1', 'UA', 10, recorded)], recovering: [] }, [], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['a channel but no ts -> announce (ts is what names the DM)', { leads: [owned('L1', 'UA', 10, { slackChannel: 'D-UA' })], recovering: [] }, ['L1:announce UA'], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['announced already for this assignment (a crash followed) -> not again', { leads: [owned('L1', 'UA', 10), owned('L2', 'UB', 10)], recovering: [], announced: [['L1', 'UA#0']] }, ['L2:announce UB'], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['announced for an earlier owner, routed since -> the new owner is announced', { leads: [owned('L1', 'UA', 10, { routeCount: 1 })], recovering: [], announced: [['L1', 'UC#0']] }, ['L1:announce UA'], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['taken on by this process (DM in flight, sent or failed) -> nothing', { leads: [owned('L1', 'UA', 10), owned('L2', 'UB', 10)], recovering: ['L1'] }, ['L2:announce UB'], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['due, no DM recorded -> re-routed (the new owner is DMed), not announced', { leads: [owned('L1', 'UA', 61)], recovering: [], cursor: cursorAt(0, 'UA') }, ['L1:reroute UA->UB'], { dueCount: 1, cursor: cursorAt(1, 'UB'), nextDueAt: NOW + HOUR }],
    ['unassigned -> assigned as in any sweep', { leads: [unassigned('L1')], recovering: [] }, ['L1:assign UA'], { dueCount: 1, cursor: cursorAt(0, 'UA'), nextDueAt: NOW + HOUR }],
    ['escalated (after it was assigned), no DM recorded -> nothing', { leads: [owned('L1', 'UA', 10)], escalated: [['L1', '2026-11-25T06:55:00.000Z']], recovering: [] }, [], { dueCount: 0, nextDueAt: null }],
    ['contacted, no DM recorded -> nothing', { leads: [owned('L1', 'UA', 10, { stage: 'CONTACTED', contactedAt: NOW })], recovering: [] }, [], { dueCount: 0, nextDueAt: null }],
    ['owner switched off since -> still the owner until the SLA moves it', { leads: [owned('L1', 'UA', 10)], reps: roster('UA! UB'), recovering: [] }, ['L1:announce UA'], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['nobody active, not due -> announced, nothing stranded', { leads: [owned('L1', 'UA', 10)], reps: roster('UA! UB!'), recovering: [] }, ['L1:announce UA'], { dueCount: 0, nextDueAt: NOW + 50 * MINUTE }],
    ['nobody active, due -> stranded, not announced', { leads: [owned('L1', 'UA', 61)], reps: roster('UA! UB!'), recovering: [] }, [], { stranded: ['L1'], dueCount: 1, nextDueAt: null }],
    [
      'a mix: assign, re-route, then the announcements in sheet order',
      { leads: [owned('L-B', 'UB', 5), owned('L-DUE', 'UA', 70), unassigned('L-U'), owned('L-A', 'UC', 20), owned('L-OK', 'UA', 20, recorded)], recovering: [] },
      ['L-U:assign UA', 'L-DUE:reroute UA->UB', 'L-B:announce UB', 'L-A:announce UC'],
      { dueCount: 2, cursor: cursorAt(1, 'UB'), nextDueAt: NOW + 40 * MINUTE },
    ],
  ])('%s', (_label, setup, actions, expected) => {
    const result = plan(setup);
    expect(result.actions.map(summary)).toEqual(actions);
    expect(result.stranded.map((one) => one.leadId)).toEqual(expected.stranded ?? []);
    expect(result.dueCount).toBe(expected.dueCount);
    expect(result.cursor).toEqual(expected.cursor ?? setup.cursor ?? START);
    expect(result.nextDueAt).toBe(expected.nextDueAt);
  });

  it('an announcement changes nothing on the lead and says why', () => {
    const before = owned('L1', 'UA', 10, { routeCount: 2 });
    const [action] = plan({ leads: [before], recovering: [] }).actions;
    expect(action).toEqual({ kind: 'announce', lead: before, reason: expect.stringContaining('owner UA has no recorded DM') as unknown as string });
  });
});

describe('planSweep: what each action writes', () => {
  it('a re-route moves the lead to the new owner and counts the miss', () => {
    const before = owned('L1', 'UA', 75, { routeCount: 2, ownerHistory: ['UC', 'UA'] });
    const [action] = plan({ leads: [before], cursor: cursorAt(0, 'UA') }).actions;
    expect(action).toEqual({
      kind: 'reroute',
      before,
      after: {
        ...before,
        assignedSales: 'rep UB',
        salesSlackId: 'UB',
        routeCount: 3,
        assignedAt: NOW,
        lastRoutedAt: NOW,
        ownerHistory: ['UC', 'UA', 'UB'],
      },
      from: { name: 'rep UA', slackId: 'UA' },
      to: roster('UA UB UC')[1],
      lateByMs: 15 * MINUTE,
      reason: expect.stringMatching(/UA missed the 60 min SLA by 900 s.*round-robin.*route_count → 3/) as unknown as string,
    });
  });

  it('a reminder keeps the owner, counts the miss and restarts the clock', () => {
    const before = owned('L1', 'UA', 61, { routeCount: 3 });
    const [action] = plan({ leads: [before], reps: roster('UA UB!') }).actions;
    expect(action).toMatchObject({
      kind: 'remind',
      before,
      after: { ...before, routeCount: 4, assignedAt: NOW, lastRoutedAt: NOW },
      rep: { slackId: 'UA' },
      lateByMs: MINUTE,
    });
    expect(action?.reason).toMatch(/only active rep/);
  });

  it('an escalation leaves the lead exactly as it was', () => {
    const before = owned('L1', 'UA', 90, { routeCount: 10 });
    const [action] = plan({ leads: [before] }).actions;
    expect(action).toEqual({ kind: 'escalate', lead: before, lateByMs: 30 * MINUTE, reason: expect.stringContaining('route_count 10 >= threshold 10') as unknown as string });
  });

  it('an assignment sets the owner and starts the clock without counting a miss', () => {
    const before = unassigned('L1', { routeCount: 0 });
    const [action] = plan({ leads: [before] }).actions;
    expect(action).toEqual({
      kind: 'assign',
      before,
      after: { ...before, assignedSales: 'rep UA', salesSlackId: 'UA', assignedAt: NOW, ownerHistory: ['UA'] },
      to: roster('UA')[0],
      reason: expect.stringContaining('unassigned lead') as unknown as string,
    });
  });

  it.each([
    [0, 0],
    [1 / 60, 1000],
    [59, 59 * MINUTE],
    [300, 5 * HOUR],
  ])('lateByMs is now - deadline (%f min late -> %i ms)', (minutesLate, lateByMs) => {
    const due = lead({ leadId: 'L1', salesSlackId: 'UA', assignedAt: NOW - HOUR - Math.round(minutesLate * MINUTE) });
    expect(plan({ leads: [due] }).actions[0]).toMatchObject({ kind: 'reroute', lateByMs });
    expect(deadlineOf(due, POLICY)).toBe(NOW - lateByMs);
  });
});

describe('planSweep: several leads', () => {
  it('due leads move oldest deadline first, rotating the cursor in order', () => {
    const result = plan({
      // ids deliberately out of deadline order
      leads: [owned('L-A', 'UA', 70), owned('L-C', 'UA', 180), owned('L-B', 'UB', 120), owned('L-Z', 'UC', 20)],
      cursor: cursorAt(2, 'UC'),
    });
    expect(result.actions.map(summary)).toEqual(['L-C:reroute UA->UB', 'L-B:reroute UB->UC', 'L-A:reroute UA->UB']);
    expect(result.cursor).toEqual(cursorAt(1, 'UB'));
    expect(result.dueCount).toBe(3);
    expect(result.nextDueAt).toBe(NOW + 40 * MINUTE);
  });

  it('equal deadlines are ordered by lead id', () => {
    const result = plan({ leads: [owned('L-B', 'UC', 90), owned('L-A', 'UC', 90)], cursor: cursorAt(2, 'UC') });
    expect(result.actions.map(summary)).toEqual(['L-A:reroute UC->UA', 'L-B:reroute UC->UB']);
  });

  it('unassigned leads are assigned first, then due ones are re-routed, on one cursor', () => {
    const result = plan({ leads: [owned('L-DUE', 'UA', 61), unassigned('L-U1'), unassigned('L-U2')] });
    expect(result.actions.map(summary)).toEqual(['L-U1:assign UA', 'L-U2:assign UB', 'L-DUE:reroute UA->UC']);
    expect(result.cursor).toEqual(cursorAt(2, 'UC'));
  });

  it('with nobody active every lead that needs a rep is stranded, escalations still go out', () => {
    const result = plan({
      leads: [unassigned('L-U'), owned('L-DUE', 'UA', 61), owned('L-ESC', 'UA', 61, { routeCount: 10 }), owned('L-OK', 'UA', 10)],
      reps: roster('UA! UB!'),
    });
    expect(result.actions.map(summary)).toEqual(['L-ESC:escalate']);
    expect(result.stranded.map((one) => one.leadId)).toEqual(['L-U', 'L-DUE']);
    expect(result.dueCount).toBe(3);
    expect(result.nextDueAt).toBe(NOW + 50 * MINUTE);
  });

  it('unreadable rows are skipped and reported; the rest is still planned', () => {
    const unreadable = [
      { leadId: 'L-BAD1', problem: 'unknown stage "WON"' },
      { leadId: '', problem: 'no lead_id' },
    ];
    const result = plan({ leads: [owned('L1', 'UA', 61)], unreadable, cursor: cursorAt(0, 'UA') });
    expect(result.skipped).toEqual(unreadable);
    expect(result.actions.map(summary)).toEqual(['L1:reroute UA->UB']);
    expect(result.leadCount).toBe(3);
  });

  it('nextDueAt is the earliest of the untouched and the freshly restarted deadlines', () => {
    const result = plan({ leads: [owned('L-SOON', 'UB', 55), owned('L-DUE', 'UA', 61)] });
    expect(result.nextDueAt).toBe(NOW + 5 * MINUTE);
  });

  it('a re-route never goes to the current owner while someone else is active, from any cursor', () => {
    const reps = roster('UA UB! UC UD');
    const ids = ['UA', 'UB', 'UC', 'UD', 'UZ'];
    for (const owner of ['UA', 'UC', 'UD']) {
      for (const [index, last] of [[-1, ''], ...ids.map((id, i) => [i, id] as const)] as Array<[number, string]>) {
        const [action] = plan({ leads: [owned('L1', owner, 61)], reps, cursor: cursorAt(index, last) }).actions;
        expect(action?.kind, `${owner} from ${last}`).toBe('reroute');
        if (action?.kind === 'reroute') {
          expect(action.to.slackId).not.toBe(owner);
          expect(action.to.active).toBe(true);
        }
      }
    }
  });

  it('a sweep plans against 1000 leads without trouble', () => {
    const leads = Array.from({ length: 1000 }, (_, i) => owned(`L-${String(i).padStart(4, '0')}`, ['UA', 'UB', 'UC'][i % 3] as string, i % 2 === 0 ? 61 : 30));
    const result = plan({ leads });
    expect(result.dueCount).toBe(500);
    expect(result.actions).toHaveLength(500);
    for (const action of result.actions) {
      if (action.kind !== 'reroute') throw new Error(action.kind);
      expect(action.to.slackId).not.toBe(action.from.slackId);
    }
    const counts = new Map<string, number>();
    for (const action of result.actions) if (action.kind === 'reroute') counts.set(action.to.slackId, (counts.get(action.to.slackId) ?? 0) + 1);
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(2);
  });
});
