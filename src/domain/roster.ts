import type { Rep } from './types.ts';
import type { CellValue } from './cells.ts';
import { cellText } from './cells.ts';

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

/** Sheet rows -> reps in sheet order. Rows without a slack_id cannot be routed to and are dropped. */
export function parseRoster(rows: readonly RosterRow[]): Rep[] {
  const reps: Rep[] = [];
  for (const row of rows) {
    const slackId = cellText(row.slack_id);
    if (!slackId) continue;
    reps.push({
      name: cellText(row.name) || slackId,
      email: cellText(row.email),
      slackId,
      active: isActiveCell(row.active),
    });
  }
  return reps;
}
