import { describe, expect, it } from 'vitest';
import { pickPassTarget } from '../../src/domain/pick-pass-target.ts';
import { parseRules } from '../../src/domain/policy/rules.ts';
import type { Rep } from '../../src/domain/types.ts';
import { cursorAt, lead, NOW, rep, roster, START } from '../fixtures/domain.ts';

const teamRep = (slackId: string, teams: string[], extra: Partial<Rep> = {}): Rep => ({ ...rep(slackId), teams, ...extra });
/** One rule: leads from the Jakarta landing page go to team jakarta. */
const JAKARTA = parseRules([{ priority: '1', field: 'source', operator: 'equals', value: 'jkt', team: 'jakarta', review: '', note: '' }]).rules;
const routing = () => ({ rules: JAKARTA, timeZone: 'UTC', offHoursWaitMinutes: 720, openCount: () => 0, state: () => undefined });

describe('pickPassTarget: who takes a lead its owner cannot', () => {
  it.each([
    ['the next active rep after the cursor, never the owner', roster('UA UB UC'), cursorAt(0, 'UA'), 'UB'],
    ['skips the owner when the rotation points at them', roster('UA UB UC'), cursorAt(-1, ''), 'UB'],
    ['nobody when the owner is the only active rep', roster('UA UB! UC!'), START, undefined],
  ])('%s', (_label, reps, cursor, expected) => {
    expect(pickPassTarget({ lead: lead({ salesSlackId: 'UA' }), roster: reps, cursor, now: NOW }).to?.slackId).toBe(expected);
  });

  it('with a routing policy the lead goes where a re-route would send it: its rule\'s team', () => {
    const reps = [teamRep('UA', ['jakarta']), teamRep('UX', ['bandung']), teamRep('UJ', ['jakarta'])];
    const picked = pickPassTarget({ lead: lead({ salesSlackId: 'UA', source: 'jkt' }), roster: reps, cursor: START, now: NOW, routing: routing() });
    expect(picked.to?.slackId).toBe('UJ');
    expect(picked.stateEntries.map(([key]) => key)).toEqual(['rr_jakarta']);
  });

  it('with a routing policy and nobody else in the team (or overflow), nobody takes it', () => {
    const reps = [teamRep('UA', ['jakarta']), teamRep('UX', ['bandung'])];
    expect(pickPassTarget({ lead: lead({ salesSlackId: 'UA', source: 'jkt' }), roster: reps, cursor: START, now: NOW, routing: routing() }).to).toBeUndefined();
  });
});
