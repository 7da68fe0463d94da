import { describe, expect, it } from 'vitest';
import { decideStage, type StageAction } from '../../src/domain/stages.ts';
import type { Stage } from '../../src/domain/types.ts';
import { planOwnerReminders } from '../../src/domain/owner-reminders.ts';
import { lead, MINUTE, NOW, POLICY, rep } from '../fixtures/domain.ts';

const qualify: StageAction = { kind: 'qualify', notes: 'budget approved, call back Monday' };
const lose: StageAction = { kind: 'lose', reason: 'not_interested', note: 'went with a competitor' };
const pass: StageAction = { kind: 'pass', reason: "can't take it", to: rep('UB') };

describe('decideStage: who may move a lead from which stage to which', () => {
  const table: Array<[StageAction['kind'], Stage, string, string]> = [];
  const expectations: Record<StageAction['kind'], Record<Stage, string>> = {
    qualify: { NEW: 'reject:not_contacted', CONTACTED: 'accept:lead.qualified', QUALIFIED: 'reject:already_qualified', 'CLOSED LOST': 'reject:already_lost' },
    lose: { NEW: 'reject:not_contacted', CONTACTED: 'accept:lead.closed_lost', QUALIFIED: 'reject:already_qualified', 'CLOSED LOST': 'reject:already_lost' },
    pass: { NEW: 'accept:lead.passed', CONTACTED: 'reject:not_new', QUALIFIED: 'reject:not_new', 'CLOSED LOST': 'reject:not_new' },
  };
  for (const kind of ['qualify', 'lose', 'pass'] as const) {
    for (const stage of ['NEW', 'CONTACTED', 'QUALIFIED', 'CLOSED LOST'] as const) {
      table.push([kind, stage, 'UA', expectations[kind][stage]]);
      table.push([kind, stage, 'UZ', 'reject:not_owner']);
    }
  }
  const actions = { qualify, lose, pass };
  it.each(table)('%s from %s by %s -> %s', (kind, stage, actor, expected) => {
    const decision = decideStage({ leadId: 'L-1', lead: lead({ leadId: 'L-1', stage, salesSlackId: 'UA' }), actorId: actor, action: actions[kind], now: NOW });
    expect(decision.kind === 'accept' ? `accept:${decision.event}` : `reject:${decision.code}`).toBe(expected);
  });

  it.each([
    ['no lead', { lead: undefined, action: qualify }, 'unknown_lead'],
    ['blank handoff notes', { action: { kind: 'qualify', notes: '  ' } as StageAction }, 'missing_notes'],
    ['a reason not on the list', { action: { kind: 'lose', reason: 'bored', note: '' } as StageAction }, 'missing_reason'],
    ['"other" without a note', { action: { kind: 'lose', reason: 'other', note: '' } as StageAction }, 'missing_reason'],
    ['nobody else to pass to', { stage: 'NEW' as Stage, action: { kind: 'pass', reason: '', to: undefined } as StageAction }, 'no_one_to_pass_to'],
    ['passing to oneself', { stage: 'NEW' as Stage, action: { kind: 'pass', reason: '', to: rep('UA') } as StageAction }, 'no_one_to_pass_to'],
  ])('%s -> %s', (_label, input, code) => {
    const given = input as { lead?: undefined; stage?: Stage; action: StageAction };
    const target = 'lead' in given ? given.lead : lead({ leadId: 'L-1', stage: given.stage ?? 'CONTACTED', salesSlackId: 'UA' });
    const decision = decideStage({ leadId: 'L-1', lead: target, actorId: 'UA', action: input.action, now: NOW });
    expect(decision).toMatchObject({ kind: 'reject', code });
  });

  it('qualify records the notes and, with a handoff rep, hands the lead over', () => {
    const contacted = lead({ leadId: 'L-1', stage: 'CONTACTED', salesSlackId: 'UA' });
    const alone = decideStage({ leadId: 'L-1', lead: contacted, actorId: 'UA', action: qualify, now: NOW });
    expect(alone).toMatchObject({ kind: 'accept', after: { stage: 'QUALIFIED', qualifiedAt: NOW, handoffNotes: 'budget approved, call back Monday', handoffTo: '', salesSlackId: 'UA' } });
    const handed = decideStage({ leadId: 'L-1', lead: contacted, actorId: 'UA', action: { ...qualify, handoffTo: rep('UAE') }, now: NOW });
    expect(handed).toMatchObject({ kind: 'accept', after: { stage: 'QUALIFIED', handoffTo: 'UAE', salesSlackId: 'UAE', ownerHistory: ['UA', 'UAE'] } });
  });

  it('lose keeps the reason and the note; pass counts as a route', () => {
    expect(decideStage({ leadId: 'L-1', lead: lead({ leadId: 'L-1', stage: 'CONTACTED' }), actorId: 'UA', action: lose, now: NOW })).toMatchObject({
      after: { stage: 'CLOSED LOST', closedAt: NOW, lostReason: 'not_interested: went with a competitor' },
    });
    expect(decideStage({ leadId: 'L-1', lead: lead({ leadId: 'L-1', routeCount: 1 }), actorId: 'UA', action: pass, now: NOW })).toMatchObject({
      after: { stage: 'NEW', salesSlackId: 'UB', routeCount: 2, assignedAt: NOW, lastRoutedAt: NOW, ownerHistory: ['UA', 'UB'] },
    });
  });
});

describe('planOwnerReminders: once per assignment, before the deadline', () => {
  const assigned = (minutesAgo: number, overrides = {}) => lead({ leadId: 'L-1', assignedAt: NOW - minutesAgo * MINUTE, ...overrides });
  const plan = (leads: ReturnType<typeof lead>[], remind = 15) => planOwnerReminders({ leads, now: NOW, policy: POLICY, remindBeforeMinutes: remind });

  it.each([
    ['44 min in: not yet, due at 45', assigned(44), 0, NOW + MINUTE],
    ['45 min in: remind', assigned(45), 1, null],
    ['59 min in: remind', assigned(59), 1, null],
    ['60 min in: past the deadline, the sweep re-routes instead', assigned(60), 0, null],
    ['reminded already for this assignment', assigned(50, { remindedAt: NOW - 4 * MINUTE }), 0, null],
    ['reminded for an earlier assignment', assigned(50, { remindedAt: NOW - 70 * MINUTE }), 1, null],
    ['CONTACTED', assigned(50, { stage: 'CONTACTED' }), 0, null],
    ['unassigned', assigned(50, { salesSlackId: '' }), 0, null],
  ])('%s', (_label, one, count, nextDueAt) => {
    const result = plan([one]);
    expect(result.reminders).toHaveLength(count);
    expect(result.nextDueAt).toBe(nextDueAt);
    if (count) expect(result.reminders[0]?.after.remindedAt).toBe(NOW);
  });

  it('0 minutes switches reminders off', () => {
    expect(plan([assigned(50)], 0)).toEqual({ reminders: [], nextDueAt: null });
  });
});
