import { cellText, type CellValue } from '../../domain/cells.ts';
import { parseSheetTime } from '../../domain/time.ts';
import { STAGES, type Lead } from '../../domain/types.ts';
import type { Logger } from '../../log.ts';
import { LEAD_ROW_COLUMNS, leadToRow } from '../../stores/postgres/lead-rows.ts';
import { migrate } from '../../stores/postgres/migrations.ts';
import type { SqlClient } from '../../stores/postgres/sql-client.ts';
import { wholeTab } from '../../stores/sheets/a1.ts';
import type { SheetsApi } from '../../stores/sheets/client.ts';
import type { Requester } from '../../stores/sheets/requester.ts';
import { STATE_KEYS, TABS } from '../../stores/sheets/schema.ts';
import { SheetLeadStore } from '../../stores/sheets/sheet-store.ts';
import { HeaderMap } from '../../stores/sheets/table.ts';

export interface CopyCounts {
  leads: { read: number; copied: number; alreadyThere: number; unreadable: Array<{ leadId: string; problem: string }>; keysCleared: string[] };
  state: { keys: number; escalations: number; cursor: string };
  audit: { read: number; copied: number; alreadyThere: number; unreadable: number };
  exceptions: { read: number; copied: number };
  schema: string[];
}

/** Sheets bookkeeping of its own lock protocol: meaningless in PostgreSQL. */
const SHEET_ONLY_KEYS = new Set<string>([STATE_KEYS.version, STATE_KEYS.lastCommit]);
const CHUNK = 2_000;

/**
 * lead_sheet, routing_state_sheet and audit_log -> PostgreSQL, idempotently: a lead id already in
 * the database is left as it is, an audit row already copied (by its sheet row) is not copied
 * again, and routing state takes the sheet's values. Leads and state are read by the Sheets
 * store's own reader (same locale rules, same unreadable-row checks).
 */
export async function copySheetToDatabase(input: { api: SheetsApi; requester: Requester; spreadsheetId: string; timeZone: string; sql: SqlClient; log: Logger }): Promise<CopyCounts> {
  const { api, requester, spreadsheetId, timeZone, sql, log } = input;
  const schema = await migrate(sql);
  const sheet = new SheetLeadStore({ api, requester, spreadsheetId, timeZone, log });
  // As Baton's own startup does: tabs or header cells this version reads and the sheet lacks are added.
  await sheet.init();
  const locale = (await api.spreadsheets.get({ spreadsheetId, fields: 'properties.locale' }).catch(() => undefined))?.data.properties?.locale ?? undefined;
  const snapshot = await sheet.load();
  const leads: Lead[] = STAGES.flatMap((stage) => snapshot.leads.atStage(stage));

  // Copies of one row an admin made share its key: the first keeps it, later ones are copied without.
  const seenKeys = new Set<string>();
  const keysCleared: string[] = [];
  const rows = leads.map((lead) => {
    const row = leadToRow(lead);
    if (row.idempotency_key && seenKeys.has(row.idempotency_key)) {
      keysCleared.push(lead.leadId);
      row.idempotency_key = '';
    }
    if (row.idempotency_key) seenKeys.add(row.idempotency_key);
    return row;
  });
  let copied = 0;
  const columns = LEAD_ROW_COLUMNS.join(', ');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const { rowCount } = await sql.query(
      `INSERT INTO leads (${columns})
       SELECT ${LEAD_ROW_COLUMNS.map((c) => (c === 'idempotency_key' ? `CASE WHEN EXISTS (SELECT 1 FROM leads o WHERE o.idempotency_key = r.idempotency_key AND o.lead_id <> r.lead_id AND r.idempotency_key <> '') THEN '' ELSE r.idempotency_key END` : `r.${c}`)).join(', ')}
       FROM jsonb_populate_recordset(NULL::leads, $1::jsonb) r
       ON CONFLICT (lead_id) DO NOTHING`,
      [JSON.stringify(rows.slice(i, i + CHUNK))],
    );
    copied += rowCount;
  }

  const state: Array<[string, string]> = [
    [STATE_KEYS.lastIndex, String(snapshot.cursor.lastIndex)],
    [STATE_KEYS.lastSlackId, snapshot.cursor.lastSlackId],
    ...[...snapshot.escalated].map(([leadId, at]): [string, string] => [`escalated_${leadId}`, at]),
    ...[...snapshot.extraState].filter(([key]) => !SHEET_ONLY_KEYS.has(key) && key !== STATE_KEYS.lastIndex && key !== STATE_KEYS.lastSlackId),
  ];
  await sql.query(
    `INSERT INTO routing_state (key, value) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [state.map(([key]) => key), state.map(([, value]) => value)],
  );

  const exceptions = snapshot.exceptions ?? [];
  let exceptionsCopied = 0;
  if (exceptions.length > 0) {
    const { rowCount } = await sql.query(
      `INSERT INTO exceptions (exception_id, lead_id, open, data)
       SELECT e->>'exceptionId', e->>'leadId', (e->'resolvedAt') IS NULL OR e->'resolvedAt' = 'null'::jsonb, e
       FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (exception_id) DO NOTHING`,
      [JSON.stringify(exceptions)],
    );
    exceptionsCopied = rowCount;
  }

  const audit = await copyAudit({ api, requester, spreadsheetId, sql, timeZone, locale });
  return {
    schema,
    leads: {
      read: leads.length,
      copied,
      alreadyThere: leads.length - copied,
      // Closed rows are decoded on use and are not named when they fail: counted instead.
      unreadable: [...snapshot.unreadable, ...Array.from({ length: Math.max(0, snapshot.leads.size - leads.length) }, () => ({ leadId: '', problem: 'a row past NEW that could not be read (check its times and route_count)' }))],
      keysCleared,
    },
    state: { keys: state.length, escalations: snapshot.escalated.size, cursor: snapshot.cursor.lastSlackId ? `after ${snapshot.cursor.lastSlackId}` : 'at the start' },
    audit,
    exceptions: { read: exceptions.length, copied: exceptionsCopied },
  };
}

async function copyAudit(input: { api: SheetsApi; requester: Requester; spreadsheetId: string; sql: SqlClient; timeZone: string; locale: string | undefined }): Promise<CopyCounts['audit']> {
  const { api, requester, spreadsheetId, sql, timeZone, locale } = input;
  const response = await requester.read('values.get audit_log', () =>
    api.spreadsheets.values.get({ spreadsheetId, range: wholeTab(TABS.audit.title), valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER' }),
  );
  const [headerRow, ...data] = (response.data.values ?? []) as CellValue[][];
  const header = new HeaderMap(headerRow ?? []);
  let unreadable = 0;
  const rows: Array<{ sheet_row: number; at: string; event: string; lead_id: string; actor: string; detail: string }> = [];
  data.forEach((row, index) => {
    const record = header.record(row);
    const at = parseSheetTime(record.at, { timeZone, locale });
    const event = cellText(record.event);
    if (!at.ok || at.at === null || !event) {
      unreadable += 1;
      return;
    }
    // Row 1 is the header: the first data row is sheet row 2, as an admin sees it.
    rows.push({ sheet_row: index + 2, at: new Date(at.at).toISOString(), event, lead_id: cellText(record.lead_id), actor: cellText(record.actor), detail: cellText(record.detail) });
  });
  let copied = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const { rowCount } = await sql.query(
      `INSERT INTO audit_log (sheet_row, at, event, lead_id, actor, detail)
       SELECT a.sheet_row, a.at, a.event, a.lead_id, a.actor, a.detail
       FROM jsonb_to_recordset($1::jsonb) AS a(sheet_row integer, at timestamptz, event text, lead_id text, actor text, detail text)
       ORDER BY a.sheet_row
       ON CONFLICT (sheet_row) DO NOTHING`,
      [JSON.stringify(rows.slice(i, i + CHUNK))],
    );
    copied += rowCount;
  }
  return { read: rows.length, copied, alreadyThere: rows.length - copied, unreadable };
}

/** The counts as the command prints them. */
export function describeCopy(counts: CopyCounts, target: string): string[] {
  const { leads, state, audit } = counts;
  return [
    ...counts.schema.map((line) => `schema: ${line}`),
    `leads: ${leads.read} read from lead_sheet, ${leads.copied} copied, ${leads.alreadyThere} already in ${target}` +
      (leads.unreadable.length ? `, ${leads.unreadable.length} unreadable rows NOT copied (${leads.unreadable.map((row) => `${row.leadId || 'row without lead_id'}: ${row.problem}`).join('; ')})` : '') +
      (leads.keysCleared.length ? `, ${leads.keysCleared.length} copies of another row's idempotency key copied without it (${leads.keysCleared.join(', ')})` : ''),
    `routing state: ${state.keys} keys (cursor ${state.cursor}, ${state.escalations} escalation marks)`,
    `exceptions: ${counts.exceptions.read} read, ${counts.exceptions.copied} copied`,
    `audit_log: ${audit.read} rows read, ${audit.copied} copied, ${audit.alreadyThere} already copied${audit.unreadable ? `, ${audit.unreadable} rows without a readable time or event skipped` : ''}`,
  ];
}
