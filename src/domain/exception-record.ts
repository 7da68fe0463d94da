import type { CellValue } from './cells.ts';
import { cellText } from './cells.ts';
import { EXCEPTION_KINDS, type ExceptionKind, type ExceptionResolution, type LeadException } from './exceptions.ts';
import { parseSheetTime, toIso, type SheetLocale } from './time.ts';
import type { Millis } from './types.ts';

/** The `exceptions` tab: the columns, then Baton's own bookkeeping. Found by header name. */
export const EXCEPTION_COLUMNS = [
  'exception_id',
  'lead_id',
  'kind',
  'detail',
  'opened_at',
  'acknowledged_at',
  'acknowledged_by',
  'resolved_at',
  'resolved_by',
  'resolution',
  'cause',
  'ack_reminded_at',
  'resolve_reminded_at',
  'slack_messages',
] as const;
export type ExceptionColumn = (typeof EXCEPTION_COLUMNS)[number];

const isoOrBlank = (at: Millis | null): string => (at === null ? '' : toIso(at));

export function exceptionToRecord(exception: LeadException): Record<ExceptionColumn, CellValue> {
  return {
    exception_id: exception.exceptionId,
    lead_id: exception.leadId,
    kind: exception.kind,
    detail: exception.detail,
    opened_at: isoOrBlank(exception.openedAt),
    acknowledged_at: isoOrBlank(exception.acknowledgedAt),
    acknowledged_by: exception.acknowledgedBy,
    resolved_at: isoOrBlank(exception.resolvedAt),
    resolved_by: exception.resolvedBy,
    resolution: exception.resolution,
    cause: exception.cause,
    ack_reminded_at: isoOrBlank(exception.ackRemindedAt),
    resolve_reminded_at: isoOrBlank(exception.resolveRemindedAt),
    slack_messages: exception.slackMessages,
  };
}

/** Only the cells that differ, so a write never clobbers an admin's note in another column. */
export function changedExceptionColumns(before: LeadException | null, after: LeadException): Partial<Record<ExceptionColumn, CellValue>> {
  const b = exceptionToRecord(after);
  if (!before) return b;
  const a = exceptionToRecord(before);
  const changed: Partial<Record<ExceptionColumn, CellValue>> = {};
  for (const column of EXCEPTION_COLUMNS) if (a[column] !== b[column]) changed[column] = b[column];
  return changed;
}

const RESOLUTIONS: readonly ExceptionResolution[] = ['', 'assigned', 'dismissed', 'closed', 'resolved'];

/** A row of the tab -> an exception, or undefined for a row Baton cannot use (blank id, unknown kind). */
export function parseExceptionRecord(cell: (column: ExceptionColumn) => CellValue | undefined, sheet: SheetLocale): LeadException | undefined {
  const exceptionId = cellText(cell('exception_id'));
  const kind = cellText(cell('kind')).toLowerCase() as ExceptionKind;
  if (!exceptionId || !EXCEPTION_KINDS.includes(kind)) return undefined;
  const time = (column: ExceptionColumn): Millis | null => {
    const parsed = parseSheetTime(cell(column), sheet);
    return parsed.ok ? parsed.at : null;
  };
  const opened = time('opened_at');
  const typed = cellText(cell('resolution')).toLowerCase() as ExceptionResolution;
  const resolution: ExceptionResolution = RESOLUTIONS.includes(typed) ? typed : 'resolved';
  let resolvedAt = time('resolved_at');
  // An admin who types any resolution by hand closes it, even without a time.
  if (resolvedAt === null && typed) resolvedAt = opened ?? 0;
  return {
    exceptionId,
    leadId: cellText(cell('lead_id')),
    kind,
    detail: cellText(cell('detail')),
    openedAt: opened ?? 0,
    acknowledgedAt: time('acknowledged_at'),
    acknowledgedBy: cellText(cell('acknowledged_by')),
    resolvedAt,
    resolvedBy: cellText(cell('resolved_by')),
    resolution: resolvedAt === null ? '' : resolution,
    cause: cellText(cell('cause')),
    ackRemindedAt: time('ack_reminded_at'),
    resolveRemindedAt: time('resolve_reminded_at'),
    slackMessages: cellText(cell('slack_messages')),
  };
}

/** "C1:1.2 D2:3.4" <-> refs. */
export function messageRefsOf(text: string): Array<{ channel: string; ts: string }> {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((part) => {
      const at = part.indexOf(':');
      return at > 0 ? [{ channel: part.slice(0, at), ts: part.slice(at + 1) }] : [];
    });
}

export function messageRefsText(refs: ReadonlyArray<{ channel: string; ts: string }>): string {
  return refs.map((ref) => `${ref.channel}:${ref.ts}`).join(' ');
}
