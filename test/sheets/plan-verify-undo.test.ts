import { describe, expect, it } from 'vitest';
import type { Lead } from '../../src/domain/types.ts';
import { emptyChangeSet, type ChangeSet } from '../../src/core/ports.ts';
import { LockTabs, lockSheetId } from '../../src/stores/sheets/lock-protocol.ts';
import { planCommit, type CommitLayout } from '../../src/stores/sheets/plan-commit.ts';
import { TABS } from '../../src/stores/sheets/schema.ts';
import { HeaderMap } from '../../src/stores/sheets/table.ts';
import { findWrittenRows, planUndo } from '../../src/stores/sheets/undo-commit.ts';
import { EchoedCells, verifyCommit } from '../../src/stores/sheets/verify-commit.ts';
import { lead as makeLead } from '../fixtures/domain.ts';

const LEAD_HEADER = new HeaderMap([...TABS.leads.headers]);
const STATE_HEADER = new HeaderMap(['key', 'value']);
const AUDIT_HEADER = new HeaderMap([...TABS.audit.headers]);

function layout(rows: Record<string, number>): CommitLayout {
  return {
    leads: { title: 'lead_sheet', sheetId: 11, header: LEAD_HEADER, rowOf: (id) => rows[id], rowCount: 10 },
    state: { title: 'routing_state_sheet', sheetId: 22, header: STATE_HEADER, rows: new Map([['version', 1], ['last_commit', 2]]), rowCount: 3 },
    audit: { title: 'audit_log', sheetId: 33, header: AUDIT_HEADER },
  };
}

function plan(change: ChangeSet, rows: Record<string, number> = {}) {
  const tabs = new LockTabs();
  const lock = tabs.plan(4, 0);
  return { lock, planned: planCommit(change, layout(rows), { tabs, plan: lock }, 'commit-1') };
}

const a: Lead = makeLead({ leadId: 'L-A', slackTs: '' });

function updateOf(before: Lead, patch: Partial<Lead>): ChangeSet {
  return { ...emptyChangeSet(), leadUpdates: [{ before, after: { ...before, ...patch } }], audit: [{ at: 0, event: 'x', leadId: before.leadId, actor: 'baton', detail: '' }] };
}

/** What the echo shows when nothing moved: the headers and keys as cached. */
function faithfulEcho(rows: Record<string, number>): EchoedCells {
  const echoed = new EchoedCells();
  LEAD_HEADER.headers.forEach((name, column) => echoed.set('lead_sheet', 0, column, name));
  STATE_HEADER.headers.forEach((name, column) => echoed.set('routing_state_sheet', 0, column, name));
  AUDIT_HEADER.headers.forEach((name, column) => echoed.set('audit_log', 0, column, name));
  for (const [id, row] of Object.entries(rows)) echoed.set('lead_sheet', row, 0, id);
  echoed.set('routing_state_sheet', 1, 0, 'version');
  echoed.set('routing_state_sheet', 2, 0, 'last_commit');
  return echoed;
}

describe('planCommit', () => {
  it('backs up every cell before overwriting it, the lock first and the old link last', () => {
    const { planned } = plan(updateOf(a, { slackTs: '1.2', slackChannel: 'D1' }), { 'L-A': 5 });
    const kinds = planned.requests.map((request) => Object.keys(request)[0]);
    expect(kinds[0]).toBe('addSheet');
    expect(kinds.at(-1)).toBe('deleteSheet');
    // 2 lead cells + version + last_commit, each copied to the lock tab right before it is written.
    const pairs = kinds.slice(1, -2);
    expect(pairs).toEqual(['copyPaste', 'updateCells', 'copyPaste', 'updateCells', 'copyPaste', 'updateCells', 'copyPaste', 'updateCells']);
    expect(planned.expect.backups.map((backup) => backup.backupRow)).toEqual([0, 1, 2, 3]);
    const firstCopy = planned.requests[1]?.copyPaste;
    expect(firstCopy?.destination).toMatchObject({ sheetId: lockSheetId(5), startRowIndex: 0, startColumnIndex: 0 });
    expect(firstCopy?.source).toMatchObject({ sheetId: 11, startRowIndex: 5 });
    expect(planned.requests[0]?.addSheet?.properties?.gridProperties?.rowCount).toBe(4);
  });

  it('echoes row 1 of each tab written and the key cell of each row written by position', () => {
    const { planned } = plan(updateOf(a, { slackTs: '1.2' }), { 'L-A': 5 });
    expect(planned.echoes.map((echo) => echo.range)).toEqual([
      'lead_sheet!1:1',
      'routing_state_sheet!1:1',
      'audit_log!1:1',
      'lead_sheet!A6:A6',
      // last_commit, then version: the order the commit writes them.
      'routing_state_sheet!A3:A3',
      'routing_state_sheet!A2:A2',
    ]);
  });

  it('appends look for themselves around the end of the tab', () => {
    const { planned } = plan({ ...emptyChangeSet(), newLeads: [a] });
    expect(planned.echoes.map((echo) => echo.range)).toContain('lead_sheet!A2:A211');
  });

  it('refuses to write a lead it has no row for', () => {
    expect(() => plan(updateOf(a, { slackTs: '1' }))).toThrow(/no known row/);
  });
});

describe('verifyCommit', () => {
  it('passes when headers and keys are where they were read', () => {
    const { planned } = plan(updateOf(a, { slackTs: '1.2' }), { 'L-A': 5 });
    expect(verifyCommit(planned.expect, faithfulEcho({ 'L-A': 5 })).problems).toEqual([]);
  });

  it('names the columns that moved', () => {
    const { planned } = plan(updateOf(a, { slackTs: '1.2' }), { 'L-A': 5 });
    const echoed = faithfulEcho({ 'L-A': 5 });
    echoed.set('lead_sheet', 0, 1, 'phone');
    echoed.set('lead_sheet', 0, 2, 'name');
    const verdict = verifyCommit(planned.expect, echoed);
    expect(verdict.problems).toEqual(['lead_sheet: columns moved while Baton wrote (name B → C, phone C → B)']);
    expect([...verdict.movedTabs]).toEqual(['lead_sheet']);
  });

  it('a column added at the end or an admin column renamed is no problem', () => {
    const { planned } = plan(updateOf(a, { slackTs: '1.2' }), { 'L-A': 5 });
    const echoed = faithfulEcho({ 'L-A': 5 });
    echoed.set('lead_sheet', 0, 40, 'notes');
    expect(verifyCommit(planned.expect, echoed).problems).toEqual([]);
  });

  it('names a row that holds another lead now (a sort)', () => {
    const { planned } = plan(updateOf(a, { slackTs: '1.2' }), { 'L-A': 5 });
    const verdict = verifyCommit(planned.expect, faithfulEcho({ 'L-B': 5 }));
    expect(verdict.problems).toEqual(['lead_sheet: row 6 holds "L-B", not L-A as when read (rows sorted, inserted or deleted)']);
  });

  it('finds appended rows by their key, even below rows an admin added', () => {
    const { planned } = plan({ ...emptyChangeSet(), newLeads: [a] });
    const echoed = faithfulEcho({ 'L-X': 9, 'L-Y': 10, 'L-A': 11 });
    const verdict = verifyCommit(planned.expect, echoed);
    expect(verdict.appendedRows.get('lead_sheet')?.get('L-A')).toBe(11);
    expect(verdict.rowCounts.get('lead_sheet')).toBe(12);
    expect(verdict.unlocated.size).toBe(0);
  });
});

describe('planUndo', () => {
  it('re-creates the previous link, copies every backup back, removes appended rows bottom first, deletes its own link last', () => {
    const change: ChangeSet = { ...updateOf(a, { slackTs: '1.2' }), newLeads: [makeLead({ leadId: 'L-N1' }), makeLead({ leadId: 'L-N2' })] };
    const { planned, lock } = plan(change, { 'L-A': 5 });
    const verdict = verifyCommit(planned.expect, faithfulEcho({ 'L-A': 5, 'L-N1': 10, 'L-N2': 11 }));
    const requests = planUndo({ expect: planned.expect, verdict, lock, auditRows: [], repairRows: [['t', 'sheet.repaired']], auditSheetId: 33 });
    expect(requests[0]?.addSheet?.properties).toMatchObject({ sheetId: lockSheetId(4), title: '_baton_lock_4', hidden: true });
    const copies = requests.filter((request) => request.copyPaste);
    expect(copies).toHaveLength(planned.expect.backups.length);
    expect(copies[0]?.copyPaste?.source).toMatchObject({ sheetId: lockSheetId(5), startRowIndex: 0 });
    expect(requests.filter((request) => request.deleteDimension).map((request) => request.deleteDimension?.range)).toEqual([
      { sheetId: 11, dimension: 'ROWS', startIndex: 10, endIndex: 12 },
    ]);
    expect(requests.at(-2)?.appendCells?.sheetId).toBe(33);
    expect(requests.at(-1)).toEqual({ deleteSheet: { sheetId: lockSheetId(5) } });
  });
});

describe('findWrittenRows', () => {
  it('finds the last run of rows written, cell for cell', () => {
    const written = [
      ['t1', 'lead.assigned', 'L-1'],
      ['t1', 'lead.assigned', 'L-2'],
    ];
    const rows = [['at', 'event', 'lead_id'], ...written, ['t0', 'other', 'L-0'], ...written];
    expect(findWrittenRows(rows, written)).toEqual([4, 5]);
    expect(findWrittenRows(rows, [['nope']])).toBeUndefined();
  });
});
