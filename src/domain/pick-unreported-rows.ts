/**
 * A row Baton cannot read is reported once (a `sweep.skipped_row` audit row, a mention in the
 * sweep summary), not on every sweep: once per content, remembered in routing_state, so neither a
 * restart nor `npm run sweep` in its own process reports it again. Editing the row (a new problem,
 * or the same problem in another value) reports it again; fixing it forgets it, so if it breaks
 * again later it is news again.
 */

/** routing_state key holding the fingerprints of the unreadable rows already reported. */
export const REPORTED_ROWS_KEY = 'reported_rows';

/** A cell holds at most 50,000 characters: 5,000 fingerprints of 7 characters and a space fit. */
const MAX_REMEMBERED = 5_000;

export interface RowProblem {
  leadId: string;
  problem: string;
}

/** FNV-1a, 32 bits: collisions among a sheet's few broken rows are vanishingly rare and cost one missed report. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Row numbers change when admins sort or insert; the row itself has not, so they are left out. */
export function fingerprintOf(row: RowProblem): string {
  const stable = (text: string) => text.replace(/\brow \d+/g, 'row #');
  return fnv1a(`${stable(row.leadId)}\n${stable(row.problem)}`).toString(36).padStart(7, '0');
}

/**
 * The rows not reported yet, and what `reported_rows` should hold now (every row unreadable now);
 * `changed` is false when it already holds that, so an idle sweep writes nothing.
 */
export function pickUnreportedRows(rows: readonly RowProblem[], reported: string | undefined): { fresh: RowProblem[]; stored: string; changed: boolean } {
  const known = new Set((reported ?? '').split(' ').filter(Boolean));
  const fresh: RowProblem[] = [];
  const now = new Set<string>();
  for (const row of rows) {
    const print = fingerprintOf(row);
    // The same row twice in one read (a copy) is one report.
    if (!known.has(print) && !now.has(print)) fresh.push(row);
    now.add(print);
  }
  // Beyond the cap the rest are reported again each sweep: better noise than silence.
  const stored = [...now].sort().slice(0, MAX_REMEMBERED).join(' ');
  return { fresh, stored, changed: stored !== (reported ?? '') };
}
