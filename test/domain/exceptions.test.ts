import { describe, expect, it } from 'vitest';
import {
  decideExceptionAction,
  DEFAULT_EXCEPTION_POLICY,
  heldLeads,
  newException,
  planExceptionTimers,
  shouldOpen,
  unreachable,
  type ExceptionAction,
  type LeadException,
} from '../../src/domain/exceptions.ts';
import { changedExceptionColumns, exceptionToRecord, EXCEPTION_COLUMNS, messageRefsOf, messageRefsText, parseExceptionRecord } from '../../src/domain/exception-record.ts';
import { HOUR, lead, MINUTE, NOW, rep } from '../fixtures/domain.ts';

const MANAGERS = ['UMGR'];
const open = (overrides: Partial<LeadException> = {}): LeadException => ({
  ...newException({ exceptionId: 'X-1', leadId: 'L-1', kind: 'escalated', detail: 'route_count 3 >= 3', now: NOW - 10 * MINUTE }),
  ...overrides,
});

describe('decideExceptionAction: who may do what, from which state', () => {
  const owned = lead({ leadId: 'L-1', salesSlackId: 'UA' });
  const assign = (repId: string, cause = 'territory', note = ''): ExceptionAction => ({ kind: 'assign', rep: repId === 'UB' ? rep('UB') : undefined, repId, cause, note });
  const table: Array<[string, { exception?: LeadException; actor?: string; action: ExceptionAction; lead?: typeof owned }, string]> = [
    ['unknown exception', { action: { kind: 'ack' } }, 'reject:unknown_exception'],
    ['a rep acks', { exception: open(), actor: 'UA', action: { kind: 'ack' } }, 'reject:not_manager'],
    ['a rep assigns', { exception: open(), actor: 'UA', action: assign('UB') }, 'reject:not_manager'],
    ['a rep dismisses', { exception: open(), actor: 'UA', action: { kind: 'dismiss', cause: 'junk', note: '' } }, 'reject:not_manager'],
    ['a manager acks an open one', { exception: open(), action: { kind: 'ack' } }, 'accept:exception.acknowledged'],
    ['a manager acks twice', { exception: open({ acknowledgedAt: NOW, acknowledgedBy: 'UMGR' }), action: { kind: 'ack' } }, 'reject:already_acknowledged'],
    ['a manager acks a resolved one', { exception: open({ resolvedAt: NOW, resolvedBy: 'UMGR', resolution: 'assigned' }), action: { kind: 'ack' } }, 'reject:already_resolved'],
    ['assign without a cause', { exception: open(), action: assign('UB', ' ') }, 'reject:missing_cause'],
    ['assign to someone not on the roster', { exception: open(), action: assign('UZ') }, 'reject:unknown_rep'],
    ['assign a closed lead', { exception: open(), lead: { ...owned, stage: 'CLOSED LOST' }, action: assign('UB') }, 'reject:lead_closed'],
    ['assign', { exception: open(), action: assign('UB') }, 'accept:exception.assigned'],
    ['assign after ack', { exception: open({ acknowledgedAt: NOW, acknowledgedBy: 'UMGR' }), action: assign('UB') }, 'accept:exception.assigned'],
    ['assign twice', { exception: open({ resolvedAt: NOW, resolvedBy: 'UMGR', resolution: 'assigned' }), action: assign('UB') }, 'reject:already_resolved'],
    ['dismiss without a cause', { exception: open(), action: { kind: 'dismiss', cause: '', note: 'x' } }, 'reject:missing_cause'],
    ['dismiss', { exception: open(), action: { kind: 'dismiss', cause: 'junk', note: 'spam bot' } }, 'accept:exception.dismissed'],
    ['dismiss twice', { exception: open({ resolvedAt: NOW, resolvedBy: 'UMGR', resolution: 'dismissed' }), action: { kind: 'dismiss', cause: 'junk', note: '' } }, 'reject:already_resolved'],
  ];
  it.each(table)('%s -> %s', (_label, input, expected) => {
    const decision = decideExceptionAction({ exceptionId: 'X-1', exception: input.exception, lead: input.lead ?? owned, actorId: input.actor ?? 'UMGR', managers: MANAGERS, action: input.action, now: NOW });
    expect(decision.kind === 'accept' ? `accept:${decision.event}` : `reject:${decision.code}`).toBe(expected);
  });

  it('assign hands the lead to the rep (history kept), resolves with the cause and acknowledges on the way', () => {
    const decision = decideExceptionAction({ exceptionId: 'X-1', exception: open(), lead: owned, actorId: 'UMGR', managers: MANAGERS, action: assign('UB', 'capacity', 'Ayu is out'), now: NOW });
    if (decision.kind !== 'accept') throw new Error(decision.reason);
    expect(decision.after).toMatchObject({ resolvedAt: NOW, resolvedBy: 'UMGR', resolution: 'assigned', cause: 'capacity: Ayu is out', acknowledgedAt: NOW, acknowledgedBy: 'UMGR' });
    expect(decision.lead?.after).toMatchObject({ salesSlackId: 'UB', ownerHistory: ['UA', 'UB'], assignedAt: NOW, stage: 'NEW' });
  });

  it('dismiss closes the lead as CLOSED LOST with the cause as its reason', () => {
    const decision = decideExceptionAction({ exceptionId: 'X-1', exception: open(), lead: owned, actorId: 'UMGR', managers: MANAGERS, action: { kind: 'dismiss', cause: 'junk', note: '' }, now: NOW });
    if (decision.kind !== 'accept') throw new Error(decision.reason);
    expect(decision.lead?.after).toMatchObject({ stage: 'CLOSED LOST', closedAt: NOW, lostReason: 'junk' });
  });

  it('dismissing an unreadable row closes only the exception', () => {
    const decision = decideExceptionAction({ exceptionId: 'X-1', exception: open({ kind: 'unreadable_row', leadId: '' }), lead: undefined, actorId: 'UMGR', managers: MANAGERS, action: { kind: 'dismiss', cause: 'other', note: 'fixed by hand' }, now: NOW });
    expect(decision).toMatchObject({ kind: 'accept', event: 'exception.dismissed' });
    expect(decision.kind === 'accept' && decision.lead).toBeFalsy();
  });
});

describe('planExceptionTimers', () => {
  const policy = DEFAULT_EXCEPTION_POLICY;
  const leads = new Map([
    ['L-1', lead({ leadId: 'L-1' })],
    ['L-NOONE', lead({ leadId: 'L-NOONE', phone: '12345', phoneValid: false, email: '' })],
  ]);
  const plan = (exceptions: LeadException[], now: number) => planExceptionTimers({ exceptions, lead: (id) => leads.get(id), now, policy });
  const opened = (overrides: Partial<LeadException> = {}) => ({ ...newException({ exceptionId: 'X-1', leadId: 'L-1', kind: 'missing_fields', detail: 'name', now: NOW }), ...overrides });

  it.each([
    ['nothing before 30 min', opened(), NOW + 29 * MINUTE, [], NOW + 30 * MINUTE],
    ['the ack reminder at 30 min', opened(), NOW + 30 * MINUTE, ['remind_ack'], NOW + 240 * MINUTE],
    ['no second ack reminder', opened({ ackRemindedAt: NOW + 30 * MINUTE }), NOW + 60 * MINUTE, [], NOW + 240 * MINUTE],
    ['no ack reminder once acknowledged', opened({ acknowledgedAt: NOW + MINUTE, acknowledgedBy: 'UMGR' }), NOW + 60 * MINUTE, [], NOW + 240 * MINUTE],
    ['the resolve reminder at 4 h', opened({ ackRemindedAt: NOW + 30 * MINUTE }), NOW + 240 * MINUTE, ['remind_resolve'], null],
    ['no second resolve reminder', opened({ ackRemindedAt: NOW + 30 * MINUTE, resolveRemindedAt: NOW + 240 * MINUTE }), NOW + 10 * HOUR, [], null],
    ['after a long outage: the ack reminder first, the resolve one on the next sweep', opened(), NOW + 5 * HOUR, ['remind_ack'], NOW + 5 * HOUR + 1],
    ['nothing for a resolved one', opened({ resolvedAt: NOW + MINUTE, resolvedBy: 'UMGR', resolution: 'assigned' }), NOW + 10 * HOUR, [], null],
  ] as const)('%s', (_label, exception, now, kinds, nextDueAt) => {
    const result = plan([exception], now);
    expect(result.actions.map((action) => action.kind)).toEqual(kinds);
    expect(result.nextDueAt).toBe(nextDueAt);
  });

  it('closes an unreachable missing_fields lead after 24 h, not before, and only that kind', () => {
    const unreachableOne = opened({ leadId: 'L-NOONE', ackRemindedAt: NOW, resolveRemindedAt: NOW });
    expect(plan([unreachableOne], NOW + 23 * HOUR).actions).toEqual([]);
    expect(plan([unreachableOne], NOW + 23 * HOUR).nextDueAt).toBe(NOW + 24 * HOUR);
    const [close] = plan([unreachableOne], NOW + 24 * HOUR).actions;
    expect(close).toMatchObject({ kind: 'auto_close', after: { resolution: 'closed', resolvedBy: 'baton' }, lead: { after: { stage: 'CLOSED LOST', closedAt: NOW + 24 * HOUR } } });
    expect(plan([{ ...unreachableOne, kind: 'no_eligible_rep' }], NOW + 25 * HOUR).actions).toEqual([]);
    expect(plan([{ ...unreachableOne, leadId: 'L-1' }], NOW + 25 * HOUR).actions).toEqual([]);
  });
});

describe('opening, holding, reachability', () => {
  it('opens at most one of a kind per lead while it is open', () => {
    const one = open();
    expect(shouldOpen('escalated', 'L-1', [one])).toBe(false);
    expect(shouldOpen('missing_fields', 'L-1', [one])).toBe(true);
    expect(shouldOpen('escalated', 'L-1', [{ ...one, resolvedAt: NOW }])).toBe(true);
    expect(shouldOpen('unreadable_row', '', [open({ kind: 'unreadable_row', leadId: '' })])).toBe(true);
  });

  it('an open escalation holds its lead for a manager; a review or missing_fields one does not', () => {
    expect([...heldLeads([open(), open({ exceptionId: 'X-2', leadId: 'L-2', kind: 'review' }), open({ exceptionId: 'X-3', leadId: 'L-3', kind: 'missing_fields' })])]).toEqual(['L-1']);
    expect([...heldLeads([open({ resolvedAt: NOW })])]).toEqual([]);
  });

  it.each([
    [{ phone: '6281234567890', phoneValid: true, email: '' }, false],
    [{ phone: '12345', phoneValid: false, email: 'budi@example.com' }, false],
    [{ phone: '12345', phoneValid: false, email: '' }, true],
    [{ phone: '', phoneValid: true, email: 'not an email' }, true],
  ])('unreachable(%j) = %s', (fields, expected) => {
    expect(unreachable(lead(fields))).toBe(expected);
  });
});

describe('the exceptions tab row', () => {
  it('round-trips through its record, by header name, and writes only changed cells', () => {
    const exception = open({ acknowledgedAt: NOW, acknowledgedBy: 'UMGR', slackMessages: messageRefsText([{ channel: 'C1', ts: '1.2' }, { channel: 'D9', ts: '3.4' }]) });
    const record = exceptionToRecord(exception);
    expect(Object.keys(record)).toEqual([...EXCEPTION_COLUMNS]);
    expect(parseExceptionRecord((column) => record[column], { timeZone: 'UTC' })).toEqual(exception);
    expect(changedExceptionColumns(exception, { ...exception, resolvedAt: NOW, resolvedBy: 'UMGR', resolution: 'assigned' })).toEqual({
      resolved_at: '2026-11-25T07:00:00.000Z',
      resolved_by: 'UMGR',
      resolution: 'assigned',
    });
    expect(messageRefsOf(exception.slackMessages)).toEqual([{ channel: 'C1', ts: '1.2' }, { channel: 'D9', ts: '3.4' }]);
  });

  it('a resolution an admin typed by hand closes it; a row without id or with an unknown kind is skipped', () => {
    const record = { ...exceptionToRecord(open()), resolution: 'fixed it' };
    expect(parseExceptionRecord((column) => record[column], { timeZone: 'UTC' })).toMatchObject({ resolution: 'resolved', resolvedAt: NOW - 10 * MINUTE });
    expect(parseExceptionRecord((column) => ({ ...record, exception_id: '' })[column], { timeZone: 'UTC' })).toBeUndefined();
    expect(parseExceptionRecord((column) => ({ ...record, kind: 'weird' })[column], { timeZone: 'UTC' })).toBeUndefined();
  });
});
