import { describe, expect, it } from 'vitest';
import { LockTabs, lockSheetId, lockTitle, lockVersionOf, type TabListing } from '../../src/stores/sheets/lock-protocol.ts';

const ADMIN_TABS: TabListing[] = [
  { sheetId: 0, title: 'sales_sheet' },
  { sheetId: 1, title: 'lead_sheet' },
];
const link = (version: number): TabListing => ({ sheetId: lockSheetId(version), title: lockTitle(version) });

describe('lock titles', () => {
  it.each([
    ['_baton_lock_7', 7],
    ['_baton_lock_0', 0],
    ['_baton_lock_', undefined],
    ['_baton_lock_7 (copy)', undefined],
    ['Copy of _baton_lock_7', undefined],
    ['_baton_lock_-1', undefined],
    ['lead_sheet', undefined],
  ])('%s names version %s', (title, version) => {
    expect(lockVersionOf(title)).toBe(version);
  });
});

describe('LockTabs.plan', () => {
  it('without a listing: create the next link, delete the one read (the compare part)', () => {
    const plan = new LockTabs().plan(4, 3);
    expect(plan).toMatchObject({ version: 5, title: '_baton_lock_5', sheetId: lockSheetId(5), rows: 3, clearFirst: [], deleteAfter: [lockSheetId(4)], healed: [] });
  });

  it('the first commit on a new sheet has no link to delete', () => {
    expect(new LockTabs().plan(0, 0)).toMatchObject({ version: 1, deleteAfter: [], rows: 1 });
  });

  it('requests: squatters first, then the new tab (hidden, sized for the backups), the old link last', () => {
    const tabs = new LockTabs();
    tabs.absorbListing([...ADMIN_TABS, link(4), { sheetId: 99, title: '_baton_lock_5' }]);
    const plan = tabs.plan(4, 2);
    const { first, last } = tabs.requests(plan);
    expect(first).toEqual([
      { deleteSheet: { sheetId: 99 } },
      { addSheet: { properties: { sheetId: lockSheetId(5), title: '_baton_lock_5', hidden: true, gridProperties: { rowCount: 2, columnCount: 1 } } } },
    ]);
    expect(last).toEqual([{ deleteSheet: { sheetId: lockSheetId(4) } }]);
  });

  // Listings are made before the read of `version`, so what they show is settled (see lock-protocol.ts).
  it.each<[string, TabListing[], number, { clearFirst: number[]; deleteAfter: number[]; healed: RegExp[] }]>([
    ['the chain intact', [...ADMIN_TABS, link(4)], 4, { clearFirst: [], deleteAfter: [lockSheetId(4)], healed: [] }],
    ['the current link deleted by hand', [...ADMIN_TABS], 4, { clearFirst: [], deleteAfter: [], healed: [/_baton_lock_4 was missing/] }],
    ['the current link renamed by hand (same id)', [...ADMIN_TABS, { sheetId: lockSheetId(4), title: 'renamed' }], 4, { clearFirst: [], deleteAfter: [lockSheetId(4)], healed: [] }],
    ['a squatter on the next title', [...ADMIN_TABS, link(4), { sheetId: 77, title: '_baton_lock_5' }], 4, { clearFirst: [77], deleteAfter: [lockSheetId(4)], healed: [/squatting/] }],
    ['a squatter further ahead', [...ADMIN_TABS, link(4), { sheetId: 78, title: '_baton_lock_9' }], 4, { clearFirst: [78], deleteAfter: [lockSheetId(4)], healed: [/squatting/] }],
    ['leftover older links', [...ADMIN_TABS, link(2), link(4)], 4, { clearFirst: [], deleteAfter: [lockSheetId(4), lockSheetId(2)], healed: [] }],
    ['a tab holding the next link id under another name', [...ADMIN_TABS, link(4), { sheetId: lockSheetId(5), title: 'x' }], 4, { clearFirst: [lockSheetId(5)], deleteAfter: [lockSheetId(4)], healed: [] }],
  ])('%s', (_, listing, version, expected) => {
    const tabs = new LockTabs();
    tabs.absorbListing(listing);
    const plan = tabs.plan(version, 1);
    expect(plan.clearFirst).toEqual(expected.clearFirst);
    expect(plan.deleteAfter.sort()).toEqual(expected.deleteAfter.sort());
    expect(plan.healed).toHaveLength(expected.healed.length);
    expected.healed.forEach((pattern, i) => expect(plan.healed[i]).toMatch(pattern));
  });

  it('a listing serves the read it came before only', () => {
    const tabs = new LockTabs();
    tabs.absorbListing([...ADMIN_TABS]);
    tabs.readWithoutListing();
    expect(tabs.plan(4, 1).deleteAfter).toEqual([lockSheetId(4)]);
  });
});

describe('LockTabs.refusal', () => {
  const plan = new LockTabs().plan(4, 1);

  it.each([
    ['Invalid requests[0].addSheet: A sheet with the name "_baton_lock_5" already exists. Please enter another name.', 'taken'],
    [`Invalid requests[0].addSheet: A sheet with id ${lockSheetId(5)} already exists.`, 'taken'],
    [`Invalid requests[9].deleteSheet: No grid with id: ${lockSheetId(4)}`, 'chain-broken'],
  ])('%s -> %s, and the next read lists the tabs first', (message, kind) => {
    const tabs = new LockTabs();
    expect(tabs.refusal(message, plan)?.kind).toBe(kind);
    expect(tabs.wantsListing).toBe(true);
  });

  it.each([
    ['Invalid requests[3].updateCells: No grid with id: 1', 'a missing data tab is not the lock'],
    ['Sheets unavailable: socket hang up', 'an outage is not the lock'],
  ])('%s: %s', (message) => {
    const tabs = new LockTabs();
    expect(tabs.refusal(message, plan)).toBeUndefined();
    expect(tabs.wantsListing).toBe(false);
  });
});
