import { describe, expect, it } from 'vitest';
import { pickNext } from '../../src/domain/round-robin.ts';
import type { Rep, RoutingCursor } from '../../src/domain/types.ts';
import { cursorAt, deepFreeze, prng, rep, roster, START } from '../fixtures/domain.ts';

describe('pickNext: nobody to pick', () => {
  it.each([
    ['empty roster', ''],
    ['all inactive', 'A! B! C!'],
  ])('%s -> undefined', (_label, spec) => {
    expect(pickNext(roster(spec), START)).toBeUndefined();
    expect(pickNext(roster(spec), cursorAt(1, 'B'), 'A')).toBeUndefined();
  });
});

describe('pickNext: tables', () => {
  // [label, roster spec, cursor, expected slack id, expected lastIndex (position among active reps)]
  it.each<[string, string, RoutingCursor, string, number]>([
    ['fresh state starts at the top', 'A B C', START, 'A', 0],
    ['after A comes B', 'A B C', cursorAt(0, 'A'), 'B', 1],
    ['after B comes C', 'A B C', cursorAt(1, 'B'), 'C', 2],
    ['after C wraps to A', 'A B C', cursorAt(2, 'C'), 'A', 0],
    ['skips switched-off reps', 'A B! C', cursorAt(0, 'A'), 'C', 1],
    ['skips switched-off reps when wrapping', 'A! B C D!', cursorAt(1, 'C'), 'B', 0],
    // roster edits since the last assignment (B was assigned, at index 1 of A B C)
    ['rep inserted before the last one: no double for B', 'A X B C', cursorAt(1, 'B'), 'C', 3],
    ['rep inserted after the last one: the newcomer is next', 'A B X C', cursorAt(1, 'B'), 'X', 2],
    ['rep inserted at the top', 'X A B C', cursorAt(1, 'B'), 'C', 3],
    ['rep inserted at the end after the last one', 'A B C X', cursorAt(2, 'C'), 'X', 3],
    ['reordered: B now last -> wraps', 'C A B', cursorAt(1, 'B'), 'C', 0],
    ['reordered: B now first', 'B C A', cursorAt(1, 'B'), 'C', 1],
    ['last rep switched off: continues after their position', 'A B! C', cursorAt(1, 'B'), 'C', 1],
    ['last rep switched off at the end: wraps', 'A B C!', cursorAt(2, 'C'), 'A', 0],
    ['last rep switched off, the next ones too', 'A B! C! D!', cursorAt(1, 'B'), 'A', 0],
    ['last rep switched off and moved', 'B! C A', cursorAt(1, 'B'), 'C', 0],
    // the last rep was deleted: last_index says where they stood; whoever took that place is next
    ['last rep deleted from the middle', 'A C', cursorAt(1, 'B'), 'C', 1],
    ['last rep deleted from the end', 'A B', cursorAt(2, 'C'), 'A', 0],
    ['last rep deleted from the top', 'B C', cursorAt(0, 'A'), 'B', 0],
    // the seed's own state: only last_index
    ['last_index only, 0', 'A B C', cursorAt(0), 'B', 1],
    ['last_index only, 2 wraps', 'A B C', cursorAt(2), 'A', 0],
    ['last_index out of range wraps (seed: (i + 1) mod n)', 'A B C', cursorAt(7), 'C', 2],
    ['last_index -1', 'A B C', cursorAt(-1), 'A', 0],
    ['last_index negative', 'A B C', cursorAt(-5), 'A', 0],
    ['last_index NaN', 'A B C', cursorAt(Number.NaN), 'A', 0],
    ['last_index Infinity', 'A B C', cursorAt(Number.POSITIVE_INFINITY), 'A', 0],
    ['last_index fractional', 'A B C', cursorAt(1.5), 'A', 0],
    ['deleted rep with a junk last_index', 'A B C', cursorAt(Number.NaN, 'Z'), 'A', 0],
  ])('%s', (_label, spec, cursor, slackId, lastIndex) => {
    const reps = deepFreeze(roster(spec));
    const pick = pickNext(reps, deepFreeze(cursor));
    expect(pick?.rep.slackId).toBe(slackId);
    expect(pick?.cursor).toEqual({ lastIndex, lastSlackId: slackId });
    const active = reps.filter((one) => one.active);
    expect(active[pick?.cursor.lastIndex ?? -1]).toBe(pick?.rep);
  });
});

describe('pickNext: excluding the current owner', () => {
  it.each<[string, string, RoutingCursor, string, string]>([
    ['next in line is the owner -> the one after', 'A B C', cursorAt(0, 'A'), 'B', 'C'],
    ['owner is next after a wrap', 'A B C', cursorAt(2, 'C'), 'A', 'B'],
    ['owner not next -> no effect', 'A B C', cursorAt(0, 'A'), 'C', 'B'],
    ['owner switched off -> no effect', 'A B! C', cursorAt(0, 'A'), 'B', 'C'],
    ['owner is the only active rep -> the owner', 'A B! C!', cursorAt(0, 'A'), 'A', 'A'],
    ['two active, owner next -> the other', 'A B', cursorAt(1, 'B'), 'A', 'B'],
  ])('%s', (_label, spec, cursor, exclude, slackId) => {
    const pick = pickNext(roster(spec), cursor, exclude);
    expect(pick?.rep.slackId).toBe(slackId);
    expect(pick?.cursor.lastSlackId).toBe(slackId);
  });

  it('says it skipped the owner', () => {
    expect(pickNext(roster('A B C'), cursorAt(0, 'A'), 'B')?.reason).toContain('skipped current owner B');
    expect(pickNext(roster('A B C'), cursorAt(0, 'A'), 'C')?.reason).not.toContain('skipped');
  });
});

describe('pickNext: reasons an admin can check', () => {
  it.each<[string, RoutingCursor, string[]]>([
    ['A B C', cursorAt(1), ['round-robin', '3 active', 'last_index 1', '→ 2', 'C']],
    ['A B! C D', cursorAt(0, 'A'), ['3 active', 'after A', '→ 1', 'C']],
    ['A C', cursorAt(1, 'B'), ['2 active', 'B no longer in roster', 'last_index 1', '→ 1', 'C']],
  ])('%s from %j', (spec, cursor, fragments) => {
    const reason = pickNext(roster(spec), cursor)?.reason ?? '';
    for (const fragment of fragments) expect(reason).toContain(fragment);
  });
});

describe('pickNext: a rep listed twice', () => {
  it('does not starve the reps after the second row', () => {
    // An admin copy-pasted A's row further down. Whatever share A gets, C must still get leads.
    const reps: Rep[] = [rep('A'), rep('B'), rep('A'), rep('C')];
    let cursor = START;
    const picked: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const pick = pickNext(reps, cursor);
      if (!pick) throw new Error('no pick');
      picked.push(pick.rep.slackId);
      cursor = pick.cursor;
    }
    expect(picked.filter((id) => id === 'C')).toHaveLength(2);
    expect(picked.filter((id) => id === 'B')).toHaveLength(2);
  });
});

/**
 * Fairness under roster edits. A seeded simulation assigns 300 leads; between assignments an admin
 * may insert reps anywhere, switch them off or on, or delete them.
 */
describe('round-robin fairness while admins edit the roster', () => {
  interface Step {
    picked: string;
    /** Active slack ids, in sheet order, at the moment of the pick. */
    active: string[];
    editedBefore: boolean;
  }

  type Edit = 'insert' | 'deactivate' | 'activate' | 'delete-other' | 'delete-last' | 'reorder';

  function simulate(seed: number, edits: readonly Edit[], assignments = 300): Step[] {
    const random = prng(seed);
    let reps: Rep[] = roster('R1 R2 R3 R4');
    let nextId = 5;
    let cursor: RoutingCursor = START;
    const steps: Step[] = [];
    while (steps.length < assignments) {
      const roll = random.next();
      const editCount = roll < 0.6 ? 0 : roll < 0.9 ? 1 : 2 + random.int(2);
      for (let e = 0; e < editCount; e += 1) {
        // Deleting the last-assigned rep leaves only last_index to go by, which is exact only when
        // it is the one edit since that assignment.
        const allowed = edits.filter((edit) => edit !== 'delete-last' || editCount === 1);
        const edit = random.pick(allowed);
        const active = reps.filter((one) => one.active);
        const others = reps.filter((one) => one.slackId !== cursor.lastSlackId);
        if (edit === 'insert' && reps.length < 9) {
          const at = random.int(reps.length + 1);
          reps = [...reps.slice(0, at), rep(`R${nextId++}`, random.next() < 0.8), ...reps.slice(at)];
        } else if (edit === 'deactivate' && active.length > 1) {
          const victim = random.pick(active);
          reps = reps.map((one) => (one === victim ? { ...one, active: false } : one));
        } else if (edit === 'activate') {
          const sleeper = reps.find((one) => !one.active);
          if (sleeper) reps = reps.map((one) => (one === sleeper ? { ...one, active: true } : one));
        } else if (edit === 'delete-other' && others.length > 1 && active.length > 1) {
          const victim = random.pick(others);
          if (victim.active === false || active.length > 2) reps = reps.filter((one) => one !== victim);
        } else if (edit === 'delete-last' && active.length > 2) {
          reps = reps.filter((one) => one.slackId !== cursor.lastSlackId);
        } else if (edit === 'reorder') {
          const from = random.int(reps.length);
          const moved = reps[from] as Rep;
          const rest = reps.filter((_, index) => index !== from);
          const to = random.int(rest.length + 1);
          reps = [...rest.slice(0, to), moved, ...rest.slice(to)];
        }
      }
      if (!reps.some((one) => one.active)) reps = reps.map((one, index) => (index === 0 ? { ...one, active: true } : one));
      const pick = pickNext(reps, cursor);
      if (!pick) throw new Error('an active rep exists but nobody was picked');
      expect(pick.rep.active).toBe(true);
      steps.push({ picked: pick.rep.slackId, active: reps.filter((one) => one.active).map((one) => one.slackId), editedBefore: editCount > 0 });
      cursor = pick.cursor;
    }
    return steps;
  }

  /** Stretches of assignments with no roster edit in between. */
  function stretches(steps: Step[]): Step[][] {
    const out: Step[][] = [];
    for (const step of steps) {
      if (step.editedBefore || out.length === 0) out.push([step]);
      else out[out.length - 1]?.push(step);
    }
    return out;
  }

  function expectStretchesFair(steps: Step[]): void {
    for (const stretch of stretches(steps)) {
      const active = stretch[0]?.active ?? [];
      const counts = active.map((id) => stretch.filter((step) => step.picked === id).length);
      expect(Math.max(...counts) - Math.min(...counts), `${active.join(',')}: ${stretch.map((s) => s.picked).join(',')}`).toBeLessThanOrEqual(1);
    }
  }

  const seeds = [1, 7, 42, 2026, 31337];

  it.each(seeds)('seed %i: inserts, switch-offs, switch-ons and deletions never skip or double anyone', (seed) => {
    const steps = simulate(seed, ['insert', 'deactivate', 'activate', 'delete-other', 'delete-last']);
    expect(steps).toHaveLength(300);
    expectStretchesFair(steps);
    // Between two turns of the same rep, everyone who stayed active the whole time had exactly one turn.
    const lastTurn = new Map<string, number>();
    steps.forEach((step, index) => {
      const previous = lastTurn.get(step.picked);
      const window = previous === undefined ? [] : steps.slice(previous, index + 1);
      // Only a rep that itself stayed active can expect a full lap between its turns.
      if (previous !== undefined && window.every((seen) => seen.active.includes(step.picked))) {
        const stayed = step.active.filter((id) => window.every((seen) => seen.active.includes(id)));
        for (const id of stayed) {
          if (id === step.picked) continue;
          const turns = steps.slice(previous + 1, index).filter((seen) => seen.picked === id).length;
          expect(turns, `${id} between turns ${previous} and ${index} of ${step.picked} (seed ${seed})`).toBe(1);
        }
      }
      lastTurn.set(step.picked, index);
    });
    // The simulation really exercised the edits.
    expect(steps.filter((step) => step.editedBefore).length).toBeGreaterThan(60);
    expect(new Set(steps.flatMap((step) => step.active)).size).toBeGreaterThan(6);
  });

  it.each(seeds)('seed %i: with reordering too, stretches stay fair and nobody gets two in a row', (seed) => {
    const steps = simulate(seed, ['insert', 'deactivate', 'activate', 'delete-other', 'reorder']);
    expectStretchesFair(steps);
    steps.forEach((step, index) => {
      const previous = steps[index - 1];
      if (previous && step.active.length > 1 && step.active.includes(previous.picked)) {
        expect(step.picked, `turn ${index} (seed ${seed})`).not.toBe(previous.picked);
      }
    });
  });

  it('over a long stable roster every rep gets the same count', () => {
    const reps = roster('A B! C D E');
    let cursor = START;
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i += 1) {
      const pick = pickNext(reps, cursor);
      if (!pick) throw new Error('no pick');
      counts.set(pick.rep.slackId, (counts.get(pick.rep.slackId) ?? 0) + 1);
      cursor = pick.cursor;
    }
    expect(Object.fromEntries(counts)).toEqual({ A: 75, C: 75, D: 75, E: 75 });
  });
});
