import { describe, expect, it } from 'vitest';
import { routeLead, Rotations, type PolicyInput, type RouteResult } from '../../../src/domain/policy/route-lead.ts';
import { parseRules, type LeadFacts, type RuleRow } from '../../../src/domain/policy/rules.ts';
import { parseWorkingHours } from '../../../src/domain/policy/working-hours.ts';
import { nextWeighted, readTeamState, writeTeamState, type TeamState } from '../../../src/domain/policy/team-rotation.ts';
import type { Rep, WorkingHours } from '../../../src/domain/types.ts';

const jakarta = (text: string) => Date.parse(`${text}+07:00`);
const MONDAY_10 = jakarta('2026-12-07T10:00:00');

function hours(text: string): WorkingHours {
  const parsed = parseWorkingHours(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.hours;
}

function rep(name: string, extra: Partial<Rep> = {}): Rep {
  return { name, email: '', slackId: `U${name.toUpperCase()}`, active: true, ...extra };
}

const FACTS: LeadFacts = { name: 'Budi', email: 'budi@example.com', phone: '6281234567890', phoneValid: true, company: '', source: 'web', message: '' };

/** A policy world whose routing state persists between decisions as text, as a restart would read it. */
function world(roster: Rep[], options: { rules?: RuleRow[]; now?: number; open?: Record<string, number>; wait?: number; overflow?: string } = {}) {
  const state = new Map<string, string>();
  let cursor = { lastIndex: -1, lastSlackId: '' };
  const open = { ...options.open };
  const input = (): PolicyInput => ({
    roster,
    rules: parseRules(options.rules ?? []).rules,
    now: options.now ?? MONDAY_10,
    timeZone: 'Asia/Jakarta',
    offHoursWaitMinutes: options.wait ?? 720,
    overflowTeam: options.overflow,
    openCount: (id) => open[id] ?? 0,
    state: (key) => state.get(key),
    cursor,
  });
  const route = (facts: Partial<LeadFacts> = {}, currentOwner?: Rep): RouteResult => {
    const result = routeLead(input(), new Rotations(input()), { facts: { ...FACTS, ...facts }, currentOwner });
    for (const [key, value] of result.stateEntries) state.set(key, value);
    if (result.cursor) cursor = result.cursor;
    return result;
  };
  return { route, state, open, names: (n: number, facts: Partial<LeadFacts> = {}) => Array.from({ length: n }, () => route(facts).rep?.name ?? '-').join(' ') };
}

describe('the audit reason', () => {
  it('names the rule, the team, the weights and who was skipped why', () => {
    const roster = [
      rep('Ayu', { teams: ['jakarta'], weight: 2 }),
      rep('Bima', { teams: ['jakarta'] }),
      rep('Citra', { teams: ['jakarta'], oooUntil: jakarta('2026-12-09T00:00:00') }),
      rep('Dewi', { teams: ['jakarta'], maxOpen: 5 }),
    ];
    const rules = [
      { priority: 1, field: 'source', operator: 'equals', value: 'partner', team: 'partners' },
      { priority: 2, field: 'phone_country', operator: 'equals', value: 'ID', team: 'Jakarta' },
    ];
    const w = world(roster, { rules, open: { UDEWI: 5 } });
    const result = w.route();
    expect(result.reason).toBe('rule 2 (phone_country = ID) → team jakarta; weighted: Ayu 2, Bima 1, Citra skipped (ooo through 12-08), Dewi skipped (5/5 open) → Ayu');
    expect(result).toMatchObject({ team: 'jakarta', outcome: 'assigned' });
    expect(result.stateEntries.map(([key]) => key)).toEqual(['rr_jakarta']);
  });

  it('without rules or weights it reads as a round-robin', () => {
    const w = world([rep('Ayu'), rep('Bima', { oooUntil: jakarta('2026-12-07T13:00:00') }), rep('Citra')]);
    expect(w.route().reason).toBe('round-robin: Ayu, Bima skipped (ooo until Mon 13:00), Citra → Ayu');
    expect(w.route().rep?.name).toBe('Citra');
  });
});

describe('eligibility, one row per rule', () => {
  const base = () => [rep('Ayu'), rep('Bima')];
  it.each([
    ['switched off', { active: false }, 'Bima'],
    ['out of office until later today', { oooUntil: jakarta('2026-12-07T12:00:00') }, 'Bima'],
    ['back from leave an hour ago', { oooUntil: jakarta('2026-12-07T09:00:00') }, 'Ayu'],
    ['off shift (evenings only)', { workingHours: hours('daily 18:00-23:00') }, 'Bima'],
    ['on shift', { workingHours: hours('Mon-Fri 09:00-17:00') }, 'Ayu'],
    ['on shift in their own zone (09:00 Berlin is 15:00 Jakarta)', { workingHours: hours('Mon-Fri 09:00-17:00'), timeZone: 'Europe/Berlin' }, 'Bima'],
    ['at the cap', { maxOpen: 3 }, 'Bima'],
    ['under the cap', { maxOpen: 4 }, 'Ayu'],
  ] as Array<[string, Partial<Rep>, string]>)('Ayu %s → %s', (_name, extra, expected) => {
    const [ayu, bima] = base();
    const w = world([{ ...(ayu as Rep), ...extra }, bima as Rep], { open: { UAYU: 3 } });
    expect(w.route().rep?.name).toBe(expected);
  });
});

describe('weighted round-robin', () => {
  it('2:1:1 is spread out and exact per cycle', () => {
    const w = world([rep('A', { weight: 2 }), rep('B'), rep('C')]);
    const seq = w.names(8).split(' ');
    expect(seq.filter((n) => n === 'A')).toHaveLength(4);
    expect(seq.filter((n) => n === 'B')).toHaveLength(2);
    // Never three A in a row: smooth, not in runs.
    expect(seq.join('')).not.toContain('AAA');
  });

  it('a restart reading the stored state continues the same sequence', () => {
    const roster = [rep('A', { weight: 3 }), rep('B', { weight: 2 }), rep('C')];
    const straight = world(roster).names(12);
    const split = world(roster);
    const first = split.names(5);
    // Round-trip through text only (what a new process reads).
    for (const [key, value] of [...split.state]) split.state.set(key, writeTeamState(readTeamState(value)));
    expect(`${first} ${split.names(7)}`).toBe(straight);
  });

  it('a rep back from two weeks of leave is not flooded with catch-up leads', () => {
    const state: TeamState = { last: '', credits: new Map() };
    const reps = [rep('A'), rep('B'), rep('C')];
    let current = state;
    const away = new Set(['UC']);
    for (let i = 0; i < 300; i += 1) current = (nextWeighted(reps, (r) => !away.has(r.slackId), current) as { state: TeamState }).state;
    away.clear();
    const after: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const turn = nextWeighted(reps, () => true, current) as { rep: Rep; state: TeamState };
      after.push(turn.rep.name);
      current = turn.state;
    }
    expect(after.filter((n) => n === 'C').length).toBeLessThanOrEqual(3);
    expect(after.slice(0, 3).filter((n) => n === 'C').length).toBeLessThanOrEqual(2);
  });

  it('a newly added rep joins in turn, without a head start or a wait', () => {
    const roster = [rep('A'), rep('B')];
    const w = world(roster);
    w.names(5);
    roster.push(rep('C'));
    const next = w.names(6).split(' ');
    expect(next.filter((n) => n === 'C')).toHaveLength(2);
  });
});

describe('rotation (no weights) resumes after the last rep whatever the roster edits', () => {
  it('reordering and inserting never repeats or skips', () => {
    const roster = [rep('A'), rep('B'), rep('C')];
    const w = world(roster, { rules: [{ priority: 1, field: 'source', operator: 'equals', value: 'web', team: '' }] });
    expect(w.names(2)).toBe('A B');
    roster.splice(0, 3, rep('C'), rep('D'), rep('A'), rep('B'));
    // B had the last lead: the rotation goes on after B where B now stands, newcomers in their place.
    expect(w.names(4)).toBe('C D A B');
  });
});

describe('nobody eligible now', () => {
  const office = hours('Mon-Fri 09:00-17:00');
  const late = hours('Mon-Fri 13:00-21:00');
  it('goes to whoever in the team starts first within the wait; the SLA starts then', () => {
    const w = world([rep('Ayu', { workingHours: office }), rep('Bima', { workingHours: late })], { now: jakarta('2026-12-07T07:30:00') });
    const result = w.route();
    expect(result).toMatchObject({ outcome: 'waiting_for_shift', startsAt: jakarta('2026-12-07T09:00:00') });
    expect(result.rep?.name).toBe('Ayu');
    expect(result.reason).toContain('Ayu starts first (Mon 09:00 Asia/Jakarta), SLA starts then');
  });

  it('ties in start time go in rotation order', () => {
    const w = world([rep('Ayu', { workingHours: office }), rep('Bima', { workingHours: office })], { now: jakarta('2026-12-07T07:30:00') });
    expect(w.names(3)).toBe('Ayu Bima Ayu');
  });

  it('counts the end of leave as a start', () => {
    const w = world([rep('Ayu', { oooUntil: jakarta('2026-12-07T14:00:00') }), rep('Bima', { active: false })]);
    expect(w.route()).toMatchObject({ outcome: 'waiting_for_shift', startsAt: jakarta('2026-12-07T14:00:00') });
  });

  it('else overflows to OVERFLOW_TEAM', () => {
    const roster = [rep('Ayu', { teams: ['jakarta'], workingHours: office }), rep('Eko', { teams: ['support'] })];
    const rules = [{ priority: 1, field: 'phone_country', operator: 'equals', value: 'ID', team: 'jakarta' }];
    const w = world(roster, { rules, overflow: 'Support', now: jakarta('2026-12-11T18:00:00') });
    const result = w.route();
    expect(result).toMatchObject({ outcome: 'overflow', team: 'support' });
    expect(result.rep?.name).toBe('Eko');
    expect(result.reason).toContain('nobody in team jakarta can take it (Ayu off shift until Mon 09:00)');
    expect(result.reason).toContain('overflow team support; round-robin: Eko → Eko');
  });

  it('else leaves it unassigned with a no_eligible_rep outcome', () => {
    const rules = [{ priority: 1, field: 'source', operator: 'equals', value: 'web', team: 'jakarta', review: 'TRUE', note: 'check' }];
    const w = world([rep('Ayu', { teams: ['jakarta'], workingHours: office })], { rules, now: jakarta('2026-12-11T18:00:00') });
    const result = w.route();
    expect(result.rep).toBeUndefined();
    expect(result).toMatchObject({ outcome: 'no_eligible_rep', team: 'jakarta', review: { note: 'check' }, stateEntries: [] });
    expect(result.reason).toContain('no eligible rep, left unassigned');
    expect(result.reason).toContain('(no OVERFLOW_TEAM set)');
  });

  it('a team nobody is in goes the same way', () => {
    const rules = [{ priority: 1, field: 'source', operator: 'equals', value: 'web', team: 'ghosts' }];
    const result = world([rep('Ayu')], { rules }).route();
    expect(result).toMatchObject({ outcome: 'no_eligible_rep', team: 'ghosts' });
    expect(result.reason).toContain('team ghosts has no reps');
  });

  it('a sheet where every rep has a team still routes unmatched leads to everyone', () => {
    const w = world([rep('Ayu', { teams: ['north'] }), rep('Bima', { teams: ['south'] })]);
    expect(w.names(2)).toBe('Ayu Bima');
  });
});

describe('re-routes', () => {
  it('never go back to the current owner while anyone else can take it', () => {
    const roster = [rep('Ayu'), rep('Bima'), rep('Citra', { active: false })];
    const w = world(roster);
    for (let i = 0; i < 5; i += 1) expect(w.route({}, roster[0]).rep?.name).toBe('Bima');
  });

  it('prefer the overflow team at work now to waiting for a teammate', () => {
    const roster = [rep('Ayu', { teams: ['jakarta'] }), rep('Bima', { teams: ['jakarta'], workingHours: hours('daily 12:00-20:00') }), rep('Eko', { teams: ['support'] })];
    const rules = [{ priority: 1, field: 'phone_country', operator: 'equals', value: 'ID', team: 'jakarta' }];
    const result = world(roster, { rules, overflow: 'support' }).route({}, roster[0]);
    expect(result.rep?.name).toBe('Eko');
  });

  it('go back to the owner only when nobody else can take it now', () => {
    const roster = [rep('Ayu'), rep('Bima', { workingHours: hours('daily 12:00-20:00') })];
    const result = world(roster).route({}, roster[0]);
    expect(result.rep?.name).toBe('Ayu');
    expect(result.reason).toContain('only the current owner Ayu can take it now');
  });
});
