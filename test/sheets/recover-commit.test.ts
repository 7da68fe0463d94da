import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../src/domain/cells.ts';
import { planRecovery, recoveryRequests, type CommitIntent } from '../../src/stores/sheets/recover-commit.ts';

const HEADER = ['lead_id', 'name', 'slack_ts'];
const write = (row: number, key: string, value: string, column = 2): CommitIntent['writes'][number] => ({
  title: 'lead_sheet',
  sheetId: 11,
  row,
  column,
  backupRow: 0,
  name: 'slack_ts',
  keyName: 'lead_id',
  key,
  value,
});
const intent = (writes: CommitIntent['writes'], appends: CommitIntent['appends'] = []): CommitIntent => ({
  commitId: 'c-1',
  pid: 1,
  lock: { sheetId: 1_700_000_005, title: '_baton_lock_5' },
  auditSheetId: 33,
  writes,
  appends,
});
const tabs = (rows: CellValue[][]) => new Map([['lead_sheet', rows]]);

describe('planRecovery: a commit interrupted before it was checked, judged by content', () => {
  it.each<[string, CommitIntent, CellValue[][], number]>([
    ['landed on its own row: nothing to do', intent([write(1, 'L-A', '111.1')]), [HEADER, ['L-A', 'A', '111.1'], ['L-B', 'B', '222.2']], 0],
    ['landed on another lead\'s row (rows sorted before the write): put back', intent([write(1, 'L-A', '111.1')]), [HEADER, ['L-B', 'B', '111.1'], ['L-A', 'A', '']], 1],
    ['landed right, rows sorted after the write: nothing to do', intent([write(1, 'L-A', '111.1')]), [HEADER, ['L-B', 'B', '222.2'], ['L-A', 'A', '111.1']], 0],
    ['the cell was typed over since: left alone (nothing of ours to undo)', intent([write(1, 'L-A', '111.1')]), [HEADER, ['L-B', 'B', 'typed'], ['L-A', 'A', '']], 0],
    ['columns moved before the write: the value sits under another header, put back', intent([write(1, 'L-A', '111.1')]), [['lead_id', 'slack_ts', 'name'], ['L-A', '', '111.1']], 1],
    ['the row is gone and the cell empty: nothing to put back', intent([write(3, 'L-A', '111.1')]), [HEADER, ['L-B', 'B', '']], 0],
  ])('%s', (_label, interrupted, rows, restores) => {
    const plan = planRecovery(interrupted, tabs(rows));
    expect(plan.restores).toHaveLength(restores);
    expect(plan.problems).toHaveLength(restores);
    if (restores > 0) expect(plan.restores[0]).toEqual({ sheetId: 11, row: interrupted.writes[0]?.row, column: interrupted.writes[0]?.column, backupRow: 0 });
  });

  it('an appended row whose key reads under another header is removed; one in place is kept', () => {
    const appended = intent([], [{ title: 'lead_sheet', sheetId: 11, keyName: 'lead_id', keys: ['L-N', 'L-M'], rows: [['L-N', 'New', ''], ['L-M', 'Moved', '']] }]);
    // The admin swapped lead_id and name before the write: L-M's row reads as name=L-M, lead_id=Moved.
    const moved: CellValue[][] = [['name', 'lead_id', 'slack_ts'], ['Old', 'L-O', ''], ['L-M', 'Moved', '']];
    expect(planRecovery(appended, tabs(moved)).deletes).toEqual(new Map([[11, [2]]]));
    const inPlace: CellValue[][] = [HEADER, ['L-O', 'Old', ''], ['L-N', 'New', '']];
    expect(planRecovery(appended, tabs(inPlace)).deletes.size).toBe(0);
  });

  it('builds one batchUpdate: copies from the lock tab, bottom-first row deletes, the audit row', () => {
    const plan = { restores: [{ sheetId: 11, row: 4, column: 2, backupRow: 3 }], deletes: new Map([[11, [7, 9]]]), problems: ['x'] };
    const requests = recoveryRequests(intent([]), plan, ['t', 'sheet.repaired']);
    expect(requests[0]).toEqual({
      copyPaste: {
        source: { sheetId: 1_700_000_005, startRowIndex: 3, endRowIndex: 4, startColumnIndex: 0, endColumnIndex: 1 },
        destination: { sheetId: 11, startRowIndex: 4, endRowIndex: 5, startColumnIndex: 2, endColumnIndex: 3 },
        pasteType: 'PASTE_NORMAL',
      },
    });
    expect(requests.slice(1, 3).map((request) => request.deleteDimension?.range?.startIndex)).toEqual([9, 7]);
    expect(requests[3]?.appendCells?.sheetId).toBe(33);
  });
});
