import type { Lead, Millis, Stage } from '../../domain/types.ts';

/**
 * A lead as PostgreSQL stores it, in the JSON shape both drivers exchange (row_to_json one way,
 * jsonb_populate_recordset the other): times are ISO strings, so pg and PGlite need no type parsers.
 */
export interface LeadRow {
  lead_id: string;
  name: string;
  phone: string;
  phone_valid: boolean;
  email: string;
  company: string;
  source: string;
  message: string;
  stage: Stage;
  assigned_sales: string;
  sales_slack_id: string;
  route_count: number;
  created_at: string | null;
  assigned_at: string | null;
  last_routed_at: string | null;
  contacted_at: string | null;
  idempotency_key: string;
  slack_channel: string;
  slack_ts: string;
  owner_history: string[];
  /** Every Lead field this table has no column for yet, kept as it came. */
  extra: Record<string, unknown>;
}

/** The columns Baton writes, in one order for INSERT and UPDATE. */
export const LEAD_ROW_COLUMNS = [
  'lead_id',
  'name',
  'phone',
  'phone_valid',
  'email',
  'company',
  'source',
  'message',
  'stage',
  'assigned_sales',
  'sales_slack_id',
  'route_count',
  'created_at',
  'assigned_at',
  'last_routed_at',
  'contacted_at',
  'idempotency_key',
  'slack_channel',
  'slack_ts',
  'owner_history',
  'extra',
] as const satisfies ReadonlyArray<keyof LeadRow>;

const iso = (at: Millis | null): string | null => (at === null ? null : new Date(at).toISOString());

function millis(value: string | null | undefined): Millis | null {
  if (value === null || value === undefined) return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : null;
}

export function leadToRow(lead: Lead): LeadRow {
  const {
    leadId,
    name,
    phone,
    phoneValid,
    email,
    company,
    source,
    message,
    stage,
    assignedSales,
    salesSlackId,
    routeCount,
    createdAt,
    assignedAt,
    lastRoutedAt,
    contactedAt,
    idempotencyKey,
    slackChannel,
    slackTs,
    ownerHistory,
    ...extra
  } = lead;
  return {
    lead_id: leadId,
    name,
    phone,
    phone_valid: phoneValid,
    email,
    company,
    source,
    message,
    stage,
    assigned_sales: assignedSales,
    sales_slack_id: salesSlackId,
    route_count: routeCount,
    created_at: iso(createdAt),
    assigned_at: iso(assignedAt),
    last_routed_at: iso(lastRoutedAt),
    contacted_at: iso(contactedAt),
    idempotency_key: idempotencyKey,
    slack_channel: slackChannel,
    slack_ts: slackTs,
    owner_history: ownerHistory,
    extra: JSON.parse(JSON.stringify(extra)) as Record<string, unknown>,
  };
}

export function rowToLead(row: LeadRow): Lead {
  return {
    ...(row.extra ?? {}),
    leadId: row.lead_id,
    name: row.name,
    phone: row.phone,
    phoneValid: row.phone_valid,
    email: row.email,
    company: row.company,
    source: row.source,
    message: row.message,
    stage: row.stage,
    assignedSales: row.assigned_sales,
    salesSlackId: row.sales_slack_id,
    routeCount: Number(row.route_count),
    createdAt: millis(row.created_at),
    assignedAt: millis(row.assigned_at),
    lastRoutedAt: millis(row.last_routed_at),
    contactedAt: millis(row.contacted_at),
    idempotencyKey: row.idempotency_key,
    slackChannel: row.slack_channel,
    slackTs: row.slack_ts,
    ownerHistory: row.owner_history ?? [],
  };
}
