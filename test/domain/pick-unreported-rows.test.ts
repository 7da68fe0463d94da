/** Unreadable rows are reported once per content, not on every sweep (issue 10, item 4). */
import { describe, expect, it } from 'vitest';
import { fingerprintOf, pickUnreportedRows } from '../../src/domain/pick-unreported-rows.ts';

const stage = { leadId: 'L-1', problem: 'unknown stage "maybe"' };
const date = { leadId: 'L-2', problem: 'created_at "05/11/2026" is ambiguous (day/month) in locale ja_JP; type it year first: …' };

describe('pickUnreportedRows', () => {
  it('reports every row the first time, then none while they stay as they are', () => {
    const first = pickUnreportedRows([stage, date], undefined);
    expect(first).toMatchObject({ fresh: [stage, date], changed: true });
    expect(first.stored.split(' ')).toHaveLength(2);
    expect(pickUnreportedRows([date, stage], first.stored)).toEqual({ fresh: [], stored: first.stored, changed: false });
  });

  it('reports a row again when its content changes, and forgets a row once it is fixed', () => {
    const { stored } = pickUnreportedRows([stage, date], undefined);
    const edited = { ...stage, problem: 'unknown stage "perhaps"' };
    const next = pickUnreportedRows([edited, date], stored);
    expect(next.fresh).toEqual([edited]);
    const fixed = pickUnreportedRows([date], next.stored);
    expect(fixed).toMatchObject({ fresh: [], changed: true });
    // Broken again later: news again.
    expect(pickUnreportedRows([stage, date], fixed.stored).fresh).toEqual([stage]);
  });

  it('does not report a row again because sorting moved it', () => {
    const repeated = { leadId: 'L-C', problem: 'lead_id repeated on row 9; the first row is used' };
    const { stored } = pickUnreportedRows([repeated], undefined);
    expect(pickUnreportedRows([{ ...repeated, problem: 'lead_id repeated on row 3; the first row is used' }], stored).fresh).toEqual([]);
    expect(fingerprintOf({ leadId: 'Budi (no lead_id)', problem: 'row 3 repeats the name, phone and email of row 2 and has no lead_id; the first row is used' })).toBe(
      fingerprintOf({ leadId: 'Budi (no lead_id)', problem: 'row 7 repeats the name, phone and email of row 5 and has no lead_id; the first row is used' }),
    );
  });

  it('writes nothing when nothing is unreadable and nothing was', () => {
    expect(pickUnreportedRows([], undefined)).toEqual({ fresh: [], stored: '', changed: false });
    expect(pickUnreportedRows([], '')).toEqual({ fresh: [], stored: '', changed: false });
  });

  it('stays within one cell however many rows are broken', () => {
    const rows = Array.from({ length: 7_000 }, (_, i) => ({ leadId: `L-${i}`, problem: 'unknown stage "x"' }));
    const { stored, fresh } = pickUnreportedRows(rows, undefined);
    expect(fresh).toHaveLength(7_000);
    expect(stored.length).toBeLessThanOrEqual(50_000);
  });
});
