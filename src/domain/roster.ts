import type { Rep } from './types.ts';
import type { CellValue } from './cells.ts';
import { cellText } from './cells.ts';
import { readRepPolicy, type PolicyCells, type PolicyDefaults } from './policy/read-rep-policy.ts';

const ACTIVE_WORDS = new Set(['ON', 'TRUE', 'YES', '1', 'Y', 'ACTIVE']);

/** ON / TRUE / YES / 1 in any case; a checkbox arrives as boolean true. */
export function isActiveCell(value: CellValue | undefined): boolean {
  if (value === true) return true;
  if (value === 1) return true;
  return ACTIVE_WORDS.has(cellText(value).toUpperCase());
}

export interface RosterRow {
  name?: CellValue;
  email?: CellValue;
  slack_id?: CellValue;
  active?: CellValue;
}

/** Rows with the routing policy's optional columns too (read-rep-policy.ts). */
export type PolicyRosterRow = RosterRow & PolicyCells;

/**
 * Sheet rows -> reps in sheet order. Rows without a slack_id cannot be routed to and are dropped.
 * Given `policy` (the default time zone), the optional routing columns are read too; a cell that
 * cannot be read counts as blank here, and `npm run doctor` names it.
 */
export function parseRoster(rows: readonly PolicyRosterRow[], policy?: PolicyDefaults): Rep[] {
  const reps: Rep[] = [];
  for (const row of rows) {
    const slackId = cellText(row.slack_id);
    if (!slackId) continue;
    const rep: Rep = {
      name: cellText(row.name) || slackId,
      email: cellText(row.email),
      slackId,
      active: isActiveCell(row.active),
    };
    reps.push(policy ? Object.assign(rep, readRepPolicy(row, policy).policy) : rep);
  }
  return reps;
}
