import type { CellValue } from './cells.ts';
import { cellText } from './cells.ts';
import type { LeadCells } from './lead-record.ts';
import { STAGES, type Stage } from './types.ts';

/**
 * Which rows of lead_sheet are leads. Admins type into that tab too: notes (often in column A,
 * which is lead_id), the header pasted again, totals, a stage filled down the whole column. Baton
 * itself always writes a lead_id, a stage, a name and a phone or email, so:
 *
 * - a row with no lead_id is a lead when it has a name and a phone or email (a lead typed by
 *   hand; Baton names it, see lead-rows.ts);
 * - a row with a lead_id and a stage typed is a lead (a bad stage is then reported);
 * - a row with a lead_id and a blank stage is a lead when it has an owner (reported: the stage
 *   was cleared) or a name and a phone or email (a new lead typed by hand);
 * - anything else is not a lead: it is left alone and never reported.
 */
export function isLeadRow(cell: LeadCells): boolean {
  const leadId = cellText(cell('lead_id'));
  // The header row pasted again below the data.
  if (leadId.toLowerCase() === 'lead_id') return false;
  const stageTyped = cellText(cell('stage')) !== '';
  if (leadId && stageTyped) return true;
  if (leadId && ownerOf(cell)) return true;
  return isReachable(cell);
}

/** A name and a way to reach them: what makes a typed row a lead a rep can work. */
export function isReachable(cell: LeadCells): boolean {
  return cellText(cell('name')) !== '' && (cellText(cell('phone')) !== '' || cellText(cell('email')) !== '');
}

function ownerOf(cell: LeadCells): string {
  return cellText(cell('sales_slack_id')) || cellText(cell('assigned_sales'));
}

/** "contacted", " New ", "closed-lost": admins type stages by hand. A blank cell reads as NEW. */
export function parseStage(value: CellValue | undefined): Stage | undefined {
  const text = cellText(value).toUpperCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  if (text === '') return 'NEW';
  return STAGES.find((stage) => stage === text);
}

export type RowStage = { ok: true; stage: Stage } | { ok: false; problem: string };

/**
 * The stage of a lead row, or why it cannot be trusted. A blank stage is NEW only on a row nobody
 * owns yet: on an owned lead it was cleared by hand, and reading it as NEW would re-route a lead
 * that may long be contacted. A NEW lead nobody owns is routed, so it needs someone to call.
 */
export function readRowStage(cell: LeadCells): RowStage {
  const typed = cell('stage');
  const stage = parseStage(typed);
  if (!stage) return { ok: false, problem: `unknown stage "${cellText(typed)}"` };
  if (stage !== 'NEW') return { ok: true, stage };
  const owner = ownerOf(cell);
  if (cellText(typed) === '' && owner) return { ok: false, problem: `stage is blank on a lead owned by ${owner}; type NEW, CONTACTED, QUALIFIED or CLOSED LOST` };
  if (!owner && !isReachable(cell)) return { ok: false, problem: 'a new lead needs a name and a phone or email before Baton can route it' };
  return { ok: true, stage };
}
