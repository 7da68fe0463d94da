import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeLead, Rotations, type PolicyInput } from '../../../src/domain/policy/route-lead.ts';
import { parseWorkingHours } from '../../../src/domain/policy/working-hours.ts';
import type { Rep } from '../../../src/domain/types.ts';

const LEADS = 10_000;
const FACTS = { name: 'Lead', email: 'lead@example.com', phone: '', phoneValid: false, company: '', source: 'web', message: '' };
const T0 = Date.UTC(2026, 11, 7, 0, 0);

/** Routes `count` leads, keeping state only as routing_state text between decisions (as across restarts). */
function simulate(roster: () => Rep[], count: number, now: (i: number) => number, openCount: (id: string) => number, onPick: (i: number, rep: Rep | undefined, result: ReturnType<typeof routeLead>) => void) {
  const state = new Map<string, string>();
  let cursor = { lastIndex: -1, lastSlackId: '' };
  for (let i = 0; i < count; i += 1) {
    const input: PolicyInput = {
      roster: roster(),
      rules: [],
      now: now(i),
      timeZone: 'UTC',
      offHoursWaitMinutes: 60,
      openCount,
      state: (key) => state.get(key),
      cursor,
    };
    const result = routeLead(input, new Rotations(input), { facts: FACTS });
    for (const [key, value] of result.stateEntries) state.set(key, value);
    if (result.cursor) cursor = result.cursor;
    onPick(i, result.rep, result);
  }
}

describe('routing properties over 10 000 leads (seeded)', () => {
  it('shares follow the weights within 1 %, through roster reorders and restarts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: LEADS - 1 }), { maxLength: 5 }),
        (halfWeights, reorderAt) => {
          let roster: Rep[] = halfWeights.map((half, i) => ({ name: `R${i}`, email: '', slackId: `U${i}`, active: true, weight: half / 2 }));
          const total = roster.reduce((sum, rep) => sum + (rep.weight ?? 1), 0);
          const counts = new Map<string, number>();
          const reorders = new Set(reorderAt);
          simulate(
            () => roster,
            LEADS,
            () => T0,
            () => 0,
            (i, rep) => {
              if (!rep) throw new Error('nobody chosen with everyone eligible');
              counts.set(rep.slackId, (counts.get(rep.slackId) ?? 0) + 1);
              // An admin sorts the roster differently: the shares must not care.
              if (reorders.has(i)) roster = [...roster].reverse();
            },
          );
          for (const rep of roster) {
            const share = (counts.get(rep.slackId) ?? 0) / LEADS;
            expect(Math.abs(share - (rep.weight ?? 1) / total)).toBeLessThanOrEqual(0.01);
          }
        },
      ),
      { seed: 20261207, numRuns: 8 },
    );
  });

  it('never chooses a rep who is off, on leave, off shift or at their cap', () => {
    const shiftOf = (start: number, end: number) => {
      const parsed = parseWorkingHours(`daily ${String(start).padStart(2, '0')}:00-${String(end).padStart(2, '0')}:00`);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.hours;
    };
    const repArb = fc.record({
      weight: fc.integer({ min: 1, max: 4 }),
      active: fc.boolean(),
      shift: fc.option(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 13, max: 24 }))),
      cap: fc.option(fc.integer({ min: 0, max: 6 })),
      leaveEvery: fc.integer({ min: 300, max: 3000 }),
    });
    fc.assert(
      fc.property(fc.array(repArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 1000 }), (specs, churn) => {
        const open = new Map<string, number>();
        // Each lead arrives 7 minutes after the last: 10 000 leads cover 48 days of shifts and leave.
        const now = (i: number) => T0 + i * 7 * 60_000;
        const rosterAt = (i: number): Rep[] =>
          specs.map((spec, index) => ({
            name: `R${index}`,
            email: '',
            slackId: `U${index}`,
            // Switched on and off by an admin now and then.
            active: spec.active || Math.floor(i / (churn + index * 37)) % 2 === 0,
            weight: spec.weight,
            ...(spec.shift ? { workingHours: shiftOf(spec.shift[0], spec.shift[1]) } : {}),
            ...(spec.cap !== null ? { maxOpen: spec.cap } : {}),
            // On leave for 200 leads out of every `leaveEvery`.
            ...(i % spec.leaveEvery < 200 ? { oooUntil: now(i - (i % spec.leaveEvery) + 200) } : {}),
          }));
        let roster: Rep[] = [];
        let assigned = 0;
        let currentLead = 0;
        simulate(
          () => (roster = rosterAt(currentLead)),
          LEADS,
          now,
          (id) => open.get(id) ?? 0,
          (i, rep, result) => {
            currentLead = i + 1;
            if (!rep) return;
            const at = result.startsAt ?? now(i);
            const spec = specs[Number(rep.slackId.slice(1))];
            const chosen = roster.find((one) => one.slackId === rep.slackId) as Rep;
            const hour = new Date(at).getUTCHours();
            expect(chosen.active).toBe(true);
            expect(chosen.oooUntil === undefined || chosen.oooUntil <= at).toBe(true);
            if (spec?.shift) expect(hour >= spec.shift[0] && hour < spec.shift[1]).toBe(true);
            if (spec?.cap !== null && spec?.cap !== undefined) expect(open.get(rep.slackId) ?? 0).toBeLessThan(spec.cap);
            if (result.startsAt !== undefined) expect(result.startsAt - now(i)).toBeLessThanOrEqual(60 * 60_000);
            open.set(rep.slackId, (open.get(rep.slackId) ?? 0) + 1);
            // Reps work their leads off: every third lead, the oldest open one of someone is contacted.
            if (i % 3 === 0) for (const [id, n] of open) if (n > 0) open.set(id, n - 1);
            assigned += 1;
          },
        );
        // The generated rosters are not all hopeless: most leads find someone.
        if (specs.some((spec) => spec.active && spec.cap !== 0 && spec.shift === null)) expect(assigned).toBeGreaterThan(LEADS / 2);
      }),
      { seed: 4242, numRuns: 4 },
    );
  });
});
