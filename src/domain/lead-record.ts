import type { CellValue } from './cells.ts';
import { cellCount, cellText } from './cells.ts';
import { readRowStage } from './classify-lead-row.ts';
import { parseSheetTime, toIso, type SheetLocale } from './time.ts';
import type { Lead, Millis } from './types.ts';

export { parseStage } from './classify-lead-row.ts';

/** The seed's lead columns, then Baton's own. The sheet adapter adds any that are missing. */
export const LEAD_COLUMNS = [
  'lead_id',
  'name',
  'phone',
  'stage',
  'assigned_sales',
  'sales_slack_id',
  'route_count',
  'created_at',
  'assigned_at',
  'last_routed_at',
  'contacted_at',
  'email',
  'company',
  'source',
  'message',
  'phone_valid',
  'idempotency_key',
  'slack_channel',
  'slack_ts',
  'owner_history',
  'qualified_at',
  'closed_at',
  'lost_reason',
  'handoff_notes',
  'handoff_to',
  'reminded_at',
] as const;
export type LeadColumn = (typeof LEAD_COLUMNS)[number];
export type LeadRecord = Partial<Record<LeadColumn, CellValue>>;

export type ParsedLead = { ok: true; lead: Lead } | { ok: false; leadId: string; problem: string };

const TIME_COLUMNS = [
  ['createdAt', 'created_at'],
  ['assignedAt', 'assigned_at'],
  ['lastRoutedAt', 'last_routed_at'],
  ['contactedAt', 'contacted_at'],
  ['qualifiedAt', 'qualified_at'],
  ['closedAt', 'closed_at'],
  ['remindedAt', 'reminded_at'],
] as const;

/** Reads one cell of the row being parsed, so the adapter need not build a record per row. */
export type LeadCells = (column: LeadColumn) => CellValue | undefined;

/** A lead's phone as stored: digits written as text, or a number an admin typed. */
export function leadPhone(value: CellValue | undefined): string {
  return cellText(value);
}

/** Emails compare case-insensitively, so they are kept lower-case. */
export function leadEmail(value: CellValue | undefined): string {
  return cellText(value).toLowerCase();
}

/** A record of cells by column name -> a Lead, or why it cannot be understood. */
export function parseLeadRecord(record: LeadRecord, sheet: SheetLocale, givenId?: string): ParsedLead {
  return parseLeadCells((column) => record[column], sheet, givenId);
}

/**
 * A lead row (see isLeadRow) -> a Lead, or why it cannot be understood (the sweep skips and
 * reports it). `givenId` names a lead typed without a lead_id.
 */
export function parseLeadCells(cell: LeadCells, sheet: SheetLocale, givenId?: string): ParsedLead {
  const leadId = cellText(cell('lead_id')) || givenId || '';
  if (!leadId) return { ok: false, leadId: '', problem: 'no lead_id' };
  const stageRead = readRowStage(cell);
  if (!stageRead.ok) return { ok: false, leadId, problem: stageRead.problem };
  const { stage } = stageRead;
  const routeCount = cellCount(cell('route_count'));
  if (routeCount === undefined) return { ok: false, leadId, problem: `route_count "${cellText(cell('route_count'))}" is not a number` };

  const times: Partial<Record<(typeof TIME_COLUMNS)[number][0], Millis | null>> = {};
  for (const [key, column] of TIME_COLUMNS) {
    const parsed = parseSheetTime(cell(column), sheet);
    // The problem starts with the value, quoted: `created_at "05/11/2026" is ambiguous …`.
    if (!parsed.ok) return { ok: false, leadId, problem: `${column} ${parsed.problem}` };
    times[key] = parsed.at;
  }
  const phoneValidText = cellText(cell('phone_valid')).toUpperCase();
  return {
    ok: true,
    lead: {
      leadId,
      name: cellText(cell('name')),
      phone: leadPhone(cell('phone')),
      phoneValid: phoneValidText !== 'FALSE' && phoneValidText !== 'NO',
      email: leadEmail(cell('email')),
      company: cellText(cell('company')),
      source: cellText(cell('source')),
      message: cellText(cell('message')),
      stage,
      assignedSales: cellText(cell('assigned_sales')),
      salesSlackId: cellText(cell('sales_slack_id')),
      routeCount,
      createdAt: times.createdAt ?? null,
      assignedAt: times.assignedAt ?? null,
      lastRoutedAt: times.lastRoutedAt ?? null,
      contactedAt: times.contactedAt ?? null,
      idempotencyKey: cellText(cell('idempotency_key')),
      slackChannel: cellText(cell('slack_channel')),
      slackTs: cellText(cell('slack_ts')),
      ownerHistory: cellText(cell('owner_history')).split(/[\s,>]+/).filter(Boolean),
      ...afterContactFields(cell, times),
    },
  };
}

/** The issue-13 fields, only when set: a lead that never got past CONTACTED reads exactly as before. */
function afterContactFields(cell: LeadCells, times: Partial<Record<'qualifiedAt' | 'closedAt' | 'remindedAt', Millis | null>>): Partial<Lead> {
  const out: Partial<Lead> = {};
  if (times.qualifiedAt != null) out.qualifiedAt = times.qualifiedAt;
  if (times.closedAt != null) out.closedAt = times.closedAt;
  if (times.remindedAt != null) out.remindedAt = times.remindedAt;
  const lostReason = cellText(cell('lost_reason'));
  if (lostReason) out.lostReason = lostReason;
  const handoffNotes = cellText(cell('handoff_notes'));
  if (handoffNotes) out.handoffNotes = handoffNotes;
  const handoffTo = cellText(cell('handoff_to'));
  if (handoffTo) out.handoffTo = handoffTo;
  return out;
}

const isoOrBlank = (at: Millis | null): string => (at === null ? '' : toIso(at));

/** Lead -> the cells Baton writes. Phones stay text; the adapter writes everything RAW. */
export function leadToRecord(lead: Lead): Record<LeadColumn, CellValue> {
  return {
    lead_id: lead.leadId,
    name: lead.name,
    phone: lead.phone,
    stage: lead.stage,
    assigned_sales: lead.assignedSales,
    sales_slack_id: lead.salesSlackId,
    route_count: lead.routeCount,
    created_at: isoOrBlank(lead.createdAt),
    assigned_at: isoOrBlank(lead.assignedAt),
    last_routed_at: isoOrBlank(lead.lastRoutedAt),
    contacted_at: isoOrBlank(lead.contactedAt),
    email: lead.email,
    company: lead.company,
    source: lead.source,
    message: lead.message,
    phone_valid: lead.phoneValid ? 'TRUE' : 'FALSE',
    idempotency_key: lead.idempotencyKey,
    slack_channel: lead.slackChannel,
    slack_ts: lead.slackTs,
    owner_history: lead.ownerHistory.join(' > '),
    qualified_at: isoOrBlank(lead.qualifiedAt ?? null),
    closed_at: isoOrBlank(lead.closedAt ?? null),
    lost_reason: lead.lostReason ?? '',
    handoff_notes: lead.handoffNotes ?? '',
    handoff_to: lead.handoffTo ?? '',
    reminded_at: isoOrBlank(lead.remindedAt ?? null),
  };
}

/** Only the cells that differ, so a write never clobbers an admin's edit to another column. */
export function changedColumns(before: Lead, after: Lead): Partial<Record<LeadColumn, CellValue>> {
  const a = leadToRecord(before);
  const b = leadToRecord(after);
  const changed: Partial<Record<LeadColumn, CellValue>> = {};
  for (const column of LEAD_COLUMNS) {
    if (a[column] !== b[column]) changed[column] = b[column];
  }
  return changed;
}
