import { describe, expect, it } from 'vitest';
import { decideContact, type ContactDecision } from '../../src/domain/decide-contact.ts';
import type { Lead } from '../../src/domain/types.ts';
import { deepFreeze, lead, MINUTE, NOW } from '../fixtures/domain.ts';

/** UA owns it now; UC had it before it was re-routed to UA. */
const owned = (overrides: Partial<Lead> = {}): Lead =>
  deepFreeze(lead({ leadId: 'L-C', salesSlackId: 'UA', assignedSales: 'rep UA', ownerHistory: ['UC', 'UA'], assignedAt: NOW - 17 * MINUTE, ...overrides }));

function decide(leadValue: Lead | undefined, clickerId: string, addressedTo = clickerId): ContactDecision {
  return decideContact({ leadId: 'L-C', lead: leadValue, clickerId, addressedTo, now: NOW });
}

describe('decideContact: accepted', () => {
  it('the owner of a NEW lead marks it CONTACTED, minutes after assignment', () => {
    const before = owned();
    const decision = decide(before, 'UA');
    expect(decision).toEqual({
      kind: 'accept',
      before,
      after: { ...before, stage: 'CONTACTED', contactedAt: NOW },
      minutesAfterAssignment: 17,
      reason: expect.stringContaining('17 min after assignment') as unknown as string,
    });
    expect(before.stage).toBe('NEW');
  });

  it.each<[string, number | null, number | null]>([
    ['right at assignment', NOW, 0],
    ['29.5 s after', NOW - 29_500, 0],
    ['90.5 s after rounds to 2', NOW - 90_500, 2],
    ['three hours after', NOW - 180 * MINUTE, 180],
    ['assigned_at in the future (clock skew) is 0', NOW + 5 * MINUTE, 0],
    ['no assigned_at', null, null],
  ])('%s -> %s min', (_label, assignedAt, minutes) => {
    const decision = decide(owned({ assignedAt }), 'UA');
    expect(decision).toMatchObject({ kind: 'accept', minutesAfterAssignment: minutes });
    if (minutes === null) expect(decision.reason).not.toMatch(/min after/);
  });
});

describe('decideContact: the clicked DM fills a missing DM record', () => {
  const clickedMessage = { channel: 'D-CLICKED', ts: '1700000000.000100' };
  it.each<[string, Partial<Lead>, string, { slackChannel: string; slackTs: string }]>([
    ['no DM recorded (a crash lost the record): the clicked one is recorded', { slackChannel: '', slackTs: '' }, 'UA', { slackChannel: 'D-CLICKED', slackTs: '1700000000.000100' }],
    ['a DM recorded already: kept', { slackChannel: 'D-OLD', slackTs: '1600000000.000100' }, 'UA', { slackChannel: 'D-OLD', slackTs: '1600000000.000100' }],
    ['clicked on a DM addressed to someone else (forwarded): not recorded', { slackChannel: '', slackTs: '' }, 'UC', { slackChannel: '', slackTs: '' }],
  ])('%s', (_label, overrides, addressedTo, recorded) => {
    const decision = decideContact({ leadId: 'L-C', lead: owned(overrides), clickerId: 'UA', addressedTo, now: NOW, clickedMessage });
    expect(decision.kind).toBe('accept');
    if (decision.kind === 'accept') expect({ slackChannel: decision.after.slackChannel, slackTs: decision.after.slackTs }).toEqual(recorded);
  });
});

describe('decideContact: rejected, nothing changes', () => {
  it.each<[string, Partial<Lead> | 'unknown', string, string, string]>([
    ['second click by the owner', { stage: 'CONTACTED', contactedAt: NOW - MINUTE }, 'UA', 'UA', 'already_contacted'],
    ['click after another rep contacted it', { stage: 'CONTACTED' }, 'UC', 'UC', 'already_contacted'],
    ['QUALIFIED', { stage: 'QUALIFIED' }, 'UA', 'UA', 'not_new'],
    ['CLOSED LOST', { stage: 'CLOSED LOST' }, 'UA', 'UA', 'not_new'],
    // A DM is only seen by its addressee, so a stranger clicks a message addressed to someone else.
    ['a stranger clicking a message addressed to the owner', {}, 'UZ', 'UA', 'not_owner'],
    ['a stranger clicking a message addressed to an old owner', {}, 'UZ', 'UC', 'not_owner'],
    ['the previous owner, clicking their old DM', {}, 'UC', 'UC', 'rerouted'],
    ['an old owner by history, whatever the button says', {}, 'UC', 'UA', 'rerouted'],
    ['the DM was addressed to the clicker, history lost', { ownerHistory: [] }, 'UB', 'UB', 'rerouted'],
    ['a stranger on an unassigned lead', { salesSlackId: '', assignedSales: '', ownerHistory: [], assignedAt: null }, 'UZ', 'UQ', 'not_owner'],
    ['an unknown lead', 'unknown', 'UA', 'UA', 'unknown_lead'],
  ])('%s -> %s', (_label, overrides, clickerId, addressedTo, code) => {
    const target = overrides === 'unknown' ? undefined : owned(overrides);
    const decision = decide(target, clickerId, addressedTo);
    expect(decision).toMatchObject({ kind: 'reject', code });
    expect(decision.reason.length).toBeGreaterThan(0);
    if (decision.kind === 'reject' && decision.code !== 'unknown_lead') expect(decision.lead).toBe(target);
  });

  it.each([
    ['not_owner names the owner', 'UZ', 'UA', 'UA'],
    ['rerouted names the new owner', 'UC', 'UC', 'UA'],
    ['unknown names the id', 'UA', 'UA', 'L-C'],
  ])('%s', (_label, clickerId, addressedTo, fragment) => {
    const target = fragment === 'L-C' ? undefined : owned();
    expect(decide(target, clickerId, addressedTo).reason).toContain(fragment);
  });

  it('an unknown lead carries the id it was asked about', () => {
    expect(decideContact({ leadId: 'L-NOPE', lead: undefined, clickerId: 'UA', addressedTo: 'UA', now: NOW })).toMatchObject({
      kind: 'reject',
      code: 'unknown_lead',
      leadId: 'L-NOPE',
    });
  });
});
