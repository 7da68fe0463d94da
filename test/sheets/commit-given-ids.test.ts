/** Leads typed by hand without a lead_id (issue 10, item 4): the commit fills their id and blank stage, and knows their row by its content. */
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/cells.ts';
import { emptyChangeSet } from '../../src/core/ports.ts';
import { givenLeadId } from '../../src/stores/sheets/lead-rows.ts';
import { LockTabs } from '../../src/stores/sheets/lock-protocol.ts';
import { planCommit, type CommitLayout } from '../../src/stores/sheets/plan-commit.ts';
import { TABS } from '../../src/stores/sheets/schema.ts';
import { HeaderMap } from '../../src/stores/sheets/table.ts';
import { EchoedCells, verifyCommit } from '../../src/stores/sheets/verify-commit.ts';
import { lead } from '../fixtures/domain.ts';

const HEADER = new HeaderMap([...TABS.leads.headers]);
const typed = { name: 'Budi', phone: '081234567890', email: '' } as Record<string, CellValue>;
const ID = givenLeadId((column) => typed[column]);
const ROW = 4;

function planned() {
  const layout: CommitLayout = {
    leads: { title: 'lead_sheet', sheetId: 11, header: HEADER, rowOf: (id) => (id === ID ? ROW : undefined), rowCount: 10, givenIds: new Set([ID]), fillIns: new Map([[ID, { lead_id: ID, stage: 'NEW' }]]) },
    state: { title: 'routing_state_sheet', sheetId: 22, header: new HeaderMap(['key', 'value']), rows: new Map([['version', 1], ['last_commit', 2]]), rowCount: 3 },
    audit: { title: 'audit_log', sheetId: 33, header: new HeaderMap([...TABS.audit.headers]) },
  };
  const before = lead({ leadId: ID, name: 'Budi', phone: '081234567890', salesSlackId: '', assignedSales: '', ownerHistory: [], assignedAt: null });
  const after = { ...before, salesSlackId: 'UA', assignedSales: 'Ayu', ownerHistory: ['UA'] };
  const tabs = new LockTabs();
  return planCommit({ ...emptyChangeSet(), leadUpdates: [{ before, after }] }, layout, { tabs, plan: tabs.plan(4, 0) }, 'c-1');
}

function echo(row: Record<string, CellValue>): EchoedCells {
  const echoed = new EchoedCells();
  for (const [title, names] of [['lead_sheet', HEADER.headers], ['routing_state_sheet', ['key', 'value']], ['audit_log', TABS.audit.headers]] as const) {
    names.forEach((name, column) => echoed.set(title, 0, column, name));
  }
  echoed.set('routing_state_sheet', 1, 0, 'version');
  echoed.set('routing_state_sheet', 2, 0, 'last_commit');
  for (const [name, value] of Object.entries(row)) echoed.set('lead_sheet', ROW, HEADER.column(name) as number, value);
  return echoed;
}

describe('a commit to a lead typed without a lead_id', () => {
  it('writes the id Baton gave it and NEW into its blank stage, with the owner', () => {
    const written = planned().requests.flatMap((request) => (request.updateCells?.start?.sheetId === 11 ? [[request.updateCells.start.columnIndex, request.updateCells.rows?.[0]?.values?.[0]?.userEnteredValue?.stringValue]] : []));
    expect(written).toContainEqual([HEADER.column('lead_id'), ID]);
    expect(written).toContainEqual([HEADER.column('stage'), 'NEW']);
    expect(written).toContainEqual([HEADER.column('sales_slack_id'), 'UA']);
  });

  it('holds when the row still has that name, phone and email, and is undone when a sort put another row there', () => {
    const plan = planned();
    expect(plan.echoes.map((one) => one.range)).toEqual(expect.arrayContaining(['lead_sheet!A5:A5', 'lead_sheet!B5:B5', 'lead_sheet!C5:C5', 'lead_sheet!L5:L5']));
    expect(verifyCommit(plan.expect, echo({ ...typed, lead_id: ID })).problems).toEqual([]);
    // The id was just written over whatever row is there, so the id cell alone proves nothing.
    expect(verifyCommit(plan.expect, echo({ name: 'Sari', phone: '0811', email: '', lead_id: ID })).problems).toEqual([
      `lead_sheet: row 5 no longer holds the name, phone and email of ${ID}, typed without a lead_id (rows sorted, inserted or deleted)`,
    ]);
  });
});
