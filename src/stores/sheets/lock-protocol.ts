import type { sheets_v4 } from 'googleapis/build/src/apis/sheets/index.js';

/**
 * The commit lock. Sheets has no compare-and-set, but tab titles and ids are unique and a
 * batchUpdate is all-or-nothing. The lock is a chain of hidden tabs, one per committed version:
 * a commit made from a read of version v creates the tab of v+1 and deletes the tab of v (both
 * derived from the version, so every process knows them). Of two processes that read v only one
 * can create v+1; a process whose read is older than v finds the tab it must delete gone. Either
 * way its batch is refused whole and it reads and decides again.
 *
 * Admins delete, rename and copy these tabs by hand; a refused lock makes the next read list the
 * tabs first (see `absorbListing`) so the chain heals instead of refusing every write forever.
 */
export const LOCK_PREFIX = '_baton_lock_';

export function lockTitle(version: number): string {
  return `${LOCK_PREFIX}${version}`;
}

/** Lock tabs' ids live far above the small ids admins' tabs get. */
const LOCK_ID_BASE = 1_700_000_000;
export function lockSheetId(version: number): number {
  return LOCK_ID_BASE + (version % 400_000_000);
}

/** The version a lock tab's title names, or undefined for any other title. */
export function lockVersionOf(title: string): number | undefined {
  if (!title.startsWith(LOCK_PREFIX)) return undefined;
  const digits = title.slice(LOCK_PREFIX.length);
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}

export interface TabListing {
  sheetId: number;
  title: string;
}

/** What one commit asks of the lock. */
export interface LockPlan {
  /** The version this commit writes. */
  version: number;
  sheetId: number;
  title: string;
  /** Rows the new tab needs: the commit copies every cell it overwrites there first (see plan-commit.ts). */
  rows: number;
  /** Tabs deleted before the lock is taken: squatters on the chain's titles. */
  clearFirst: number[];
  /** Tabs deleted after: the previous link of the chain (the compare part) and leftovers. */
  deleteAfter: number[];
  /** Said in the audit when the chain was healed. */
  healed: string[];
}

export type LockRefusal = { kind: 'taken'; detail: string } | { kind: 'chain-broken'; detail: string };

export class LockTabs {
  private listBeforeRead = false;
  /** The tabs listed before the latest read, kept until that read's commit plans its lock. */
  private listing: readonly TabListing[] | undefined;

  /** True after a refused lock: the next read must list the tabs first. */
  get wantsListing(): boolean {
    return this.listBeforeRead;
  }

  /** A listing made before the routing state is read; `plan` uses it for the version that read finds. */
  absorbListing(tabs: readonly TabListing[]): void {
    this.listing = tabs;
    this.listBeforeRead = false;
  }

  /** A new read without a listing: whatever was listed before is out of date. */
  readWithoutListing(): void {
    this.listing = undefined;
  }

  plan(readVersion: number, backupRows: number): LockPlan {
    const version = readVersion + 1;
    const plan: LockPlan = {
      version,
      sheetId: lockSheetId(version),
      title: lockTitle(version),
      rows: Math.max(1, backupRows),
      clearFirst: [],
      deleteAfter: readVersion > 0 ? [lockSheetId(readVersion)] : [],
      healed: [],
    };
    const listing = this.listing;
    if (!listing) return plan;
    // The listing came before the read of `readVersion`: a real commit of any later version would
    // have raised the version the read found, so lock titles above it are squatters, and a missing
    // tab for `readVersion` is missing for good (not yet to come).
    const current = lockSheetId(readVersion);
    if (readVersion > 0 && !listing.some((tab) => tab.sheetId === current)) {
      plan.deleteAfter = [];
      plan.healed.push(`lock tab ${lockTitle(readVersion)} was missing; chain restarted at ${plan.title}`);
    }
    for (const tab of listing) {
      const named = lockVersionOf(tab.title);
      if (tab.sheetId === current) continue;
      if (named !== undefined && named > readVersion) {
        plan.clearFirst.push(tab.sheetId);
        plan.healed.push(`removed tab "${tab.title}" squatting on the lock chain`);
      } else if (named !== undefined || tab.sheetId === plan.sheetId) {
        // Older links, copies of lock tabs: leftovers. A tab holding the next link's id goes first.
        (tab.sheetId === plan.sheetId ? plan.clearFirst : plan.deleteAfter).push(tab.sheetId);
      }
    }
    return plan;
  }

  /** `first` go before anything that copies into the lock tab, `last` at the end of the batch. */
  requests(plan: LockPlan): { first: sheets_v4.Schema$Request[]; last: sheets_v4.Schema$Request[] } {
    return {
      first: [
        ...plan.clearFirst.map((sheetId) => ({ deleteSheet: { sheetId } })),
        { addSheet: { properties: { sheetId: plan.sheetId, title: plan.title, hidden: true, gridProperties: { rowCount: plan.rows, columnCount: 1 } } } },
      ],
      last: plan.deleteAfter.map((sheetId) => ({ deleteSheet: { sheetId } })),
    };
  }

  committed(): void {
    this.listing = undefined;
  }

  /**
   * Reads a refused commit. Any duplicate-tab refusal (title or id: which Google checks first is
   * undocumented) means the lock is taken; a missing tab of the chain means another process moved
   * on, or an admin removed it. Both: read again, listing the tabs first. Anything else is not the
   * lock's business.
   */
  refusal(message: string, plan: LockPlan): LockRefusal | undefined {
    const missing = /No grid with id:\s*(\d+)/.exec(message);
    if (missing && [...plan.clearFirst, ...plan.deleteAfter].includes(Number(missing[1]))) {
      this.listBeforeRead = true;
      return { kind: 'chain-broken', detail: `lock tab ${missing[1]} is gone (another Baton process committed, or it was deleted by hand)` };
    }
    if (/already exists/i.test(message)) {
      this.listBeforeRead = true;
      return { kind: 'taken', detail: `${plan.title} exists (another Baton process committed version ${plan.version} first, or a tab squats on that name)` };
    }
    return undefined;
  }
}
