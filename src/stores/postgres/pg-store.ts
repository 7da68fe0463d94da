import { escalatedLeadOf, splitState, type AuditEntry, type ChangeSet, type LeadStore, type LoadScope, type Snapshot } from '../../core/ports.ts';
import type { RosterSource } from '../../core/roster-source.ts';
import type { LeadException } from '../../domain/exceptions.ts';
import type { Lead } from '../../domain/types.ts';
import type { Logger } from '../../log.ts';
import { MapLeadTable } from '../memory/map-lead-table.ts';
import { classifyPgError } from './errors.ts';
import { leadToRow, rowToLead, type LeadRow } from './lead-rows.ts';
import { migrate } from './migrations.ts';
import type { SqlClient } from './sql-client.ts';

const CURSOR_KEYS = { lastIndex: 'last_index', lastSlackId: 'last_slack_id' } as const;

/** A scoped read's leads, counting every lead in the table (the sweep summary's "N leads"). */
class CountedLeadTable extends MapLeadTable {
  constructor(
    leads: ReadonlyMap<string, Lead>,
    private readonly total: number,
    /** NEW leads per owner in the whole table, not just the ones read (max_open). */
    readonly openByOwner: ReadonlyMap<string, number>,
  ) {
    super(leads);
  }

  override get size(): number {
    return Math.max(this.total, super.size);
  }
}

/** Not escalated, or given to someone by a manager after its escalation mark (plan-sweep.ts times those again). */
const NOT_ESCALATED = `NOT EXISTS (SELECT 1 FROM routing_state s WHERE s.key = 'escalated_' || l.lead_id
  AND NOT CASE WHEN s.value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' THEN coalesce(l.assigned_at > s.value::timestamptz, false) ELSE false END)`;
const SLA_START = 'coalesce(l.assigned_at, l.created_at)';

/**
 * Each arm is one index range (see migrations.ts): what a scope names costs what it names, however
 * many leads the table holds. $5 is the sweep's moment (null when not sweeping), $6 the recovery flag;
 * a sweep also reads the leads of open exceptions (issue 13's timers look at them).
 */
const SCOPED_LEADS = `
  SELECT l.* FROM leads l WHERE l.lead_id = ANY($1::text[])
  UNION ALL SELECT l.* FROM leads l WHERE l.idempotency_key = ANY($2::text[]) AND l.idempotency_key <> ''
  UNION ALL SELECT l.* FROM leads l WHERE l.phone = ANY($3::text[]) AND l.stage IN ('NEW', 'CONTACTED')
  UNION ALL SELECT l.* FROM leads l WHERE l.email = ANY($4::text[]) AND l.stage IN ('NEW', 'CONTACTED')
  UNION ALL SELECT l.* FROM leads l WHERE l.stage = 'NEW' AND ${SLA_START} <= $5::timestamptz AND ${NOT_ESCALATED}
  UNION ALL SELECT l.* FROM leads l WHERE $5::timestamptz IS NOT NULL AND l.stage = 'NEW' AND ${SLA_START} IS NULL
  UNION ALL SELECT l.* FROM leads l WHERE $5::timestamptz IS NOT NULL AND l.stage = 'NEW' AND l.sales_slack_id = ''
  UNION ALL (SELECT l.* FROM leads l WHERE l.stage = 'NEW' AND ${SLA_START} > $5::timestamptz AND l.sales_slack_id <> '' AND ${NOT_ESCALATED}
             ORDER BY ${SLA_START} LIMIT 1)
  UNION ALL SELECT l.* FROM leads l WHERE $6::boolean AND l.stage = 'NEW' AND l.sales_slack_id <> '' AND l.slack_ts = ''
  UNION ALL SELECT l.* FROM leads l WHERE $5::timestamptz IS NOT NULL AND l.lead_id IN (SELECT e.lead_id FROM exceptions e WHERE e.open)`;

/** One round trip: the leads, the routing state they need, the lead count and the exceptions, as JSON. */
function loadQuery(scoped: boolean): string {
  const picked = scoped ? `SELECT DISTINCT ON (lead_id) * FROM (${SCOPED_LEADS}) p` : 'SELECT * FROM leads';
  // escalated_ keys are one byte-ordered range ("C" collation): only the marks of the leads read are fetched.
  const state = scoped
    ? `key < 'escalated_' OR key >= 'escalated\`' OR key IN (SELECT 'escalated_' || lead_id FROM picked)`
    : 'true';
  return `WITH picked AS (${picked})
SELECT
  (SELECT coalesce(json_agg(picked), '[]'::json) FROM picked) AS leads,
  (SELECT coalesce(json_agg(json_build_array(key, value)), '[]'::json) FROM routing_state WHERE ${state}) AS state,
  (SELECT n FROM lead_count) AS lead_count,
  (SELECT coalesce(json_object_agg(sales_slack_id, n), '{}'::json) FROM open_leads_by_owner WHERE n <> 0) AS open_by_owner,
  (SELECT coalesce(json_agg(data), '[]'::json) FROM exceptions WHERE open OR lead_id IN (SELECT lead_id FROM picked)) AS exceptions`;
}

function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export interface PgStoreOptions {
  sql: SqlClient;
  roster: RosterSource;
  log: Logger;
}

/**
 * The lead store on PostgreSQL (a server through `pg`, or PGlite in process). Leads, routing state,
 * audit log and exceptions live in the database; the roster stays in the admins' spreadsheet.
 *
 * A load reads only what its scope names. A commit is one transaction, applied only if what it was
 * decided against still holds: every updated lead as it was read, the routing cursor as read (its
 * row locked, so intakes of all instances line up on it), no escalation mark already set, no new
 * lead id or idempotency key already taken, no open lead with a new lead's phone or email appeared
 * since the read. Otherwise nothing is written and a CommitConflict sends the ledger to read and
 * decide again: any number of instances assign each lead once and keep round-robin exact.
 */
export class PgLeadStore implements LeadStore {
  readonly readsByScope = true;
  /** The cursor cells and lead ids of the last read: what the next commit was decided against. */
  private readCursor: { index: string | null; slack: string | null } | undefined;
  /** Open leads of the last read by contact ('p:<phone>' / 'e:<email>'): the duplicates the decision saw. */
  private readContacts = new Map<string, string[]>();
  /** Migrations of this process, run once before the first query (a one-off `npm run sweep` never calls init). */
  private schema: Promise<string[]> | undefined;

  constructor(private readonly options: PgStoreOptions) {}

  get sql(): SqlClient {
    return this.options.sql;
  }

  /** Applies missing schema steps (under an advisory lock); returns what changed, in words. */
  async init(): Promise<string[]> {
    this.schema ??= migrate(this.options.sql).catch((error: unknown) => {
      this.schema = undefined;
      throw classifyPgError(error);
    });
    return this.schema;
  }

  async load(scope?: LoadScope): Promise<Snapshot> {
    await this.init();
    const rosterRead = this.options.roster.read();
    let row: Record<string, unknown> | undefined;
    try {
      const params = scope
        ? [
            unique(scope.leadIds),
            unique(scope.idempotencyKeys).filter(Boolean),
            unique(scope.phones).filter(Boolean),
            unique(scope.emails).filter(Boolean),
            scope.dueStartedBy === undefined ? null : new Date(scope.dueStartedBy).toISOString(),
            scope.unannounced === true,
          ]
        : [];
      ({
        rows: [row],
      } = await this.options.sql.query(loadQuery(scope !== undefined), params));
    } catch (error) {
      rosterRead.catch(() => undefined);
      throw classifyPgError(error);
    }
    const view = await rosterRead;
    const roster = view.roster.map((rep) => ({ ...rep }));
    const leads = new Map<string, Lead>();
    for (const leadRow of parseJson<LeadRow[]>(row?.leads)) leads.set(leadRow.lead_id, rowToLead(leadRow));
    const state = new Map(parseJson<Array<[string, string]>>(row?.state));
    const lastIndex = Number.parseInt(state.get(CURSOR_KEYS.lastIndex) ?? '', 10);
    const cursor = { lastIndex: Number.isFinite(lastIndex) ? lastIndex : -1, lastSlackId: state.get(CURSOR_KEYS.lastSlackId) ?? '' };
    this.readCursor = { index: state.get(CURSOR_KEYS.lastIndex) ?? null, slack: state.get(CURSOR_KEYS.lastSlackId) ?? null };
    this.readContacts = new Map();
    for (const lead of leads.values()) this.noteContacts(lead);
    return {
      roster,
      cursor,
      ...splitState(state),
      leads: new CountedLeadTable(leads, Number(row?.lead_count ?? leads.size), new Map(Object.entries(parseJson<Record<string, number>>(row?.open_by_owner ?? {})).map(([owner, n]) => [owner, Number(n)]))),
      unreadable: [],
      exceptions: parseJson<LeadException[]>(row?.exceptions),
      ...(view.rules ? { rules: view.rules } : {}),
    };
  }

  async commit(change: ChangeSet): Promise<void> {
    const readCursor = this.readCursor;
    if (!readCursor) throw new Error('PgLeadStore: load() must run before commit()');
    try {
      await this.init();
      // One call, one round trip, one transaction: the checks and writes are baton_commit()'s (migrations.ts).
      await this.options.sql.query('SELECT baton_commit($1::jsonb, $2::text[])', [JSON.stringify(commitDocument(change, readCursor)), this.seenWithContactsOf(change.newLeads)]);
    } catch (error) {
      const failure = classifyPgError(error);
      // Decided against a view that no longer holds, or maybe written with the answer lost: read again first.
      this.readCursor = undefined;
      throw failure;
    }
    if (change.cursor) this.readCursor = { index: String(change.cursor.lastIndex), slack: change.cursor.lastSlackId };
    for (const lead of change.newLeads) this.noteContacts(lead);
  }

  private noteContacts(lead: Lead): void {
    if (lead.stage !== 'NEW' && lead.stage !== 'CONTACTED') return;
    for (const key of [lead.phone ? `p:${lead.phone}` : '', lead.email ? `e:${lead.email}` : '']) {
      if (!key) continue;
      const ids = this.readContacts.get(key);
      if (ids) ids.push(lead.leadId);
      else this.readContacts.set(key, [lead.leadId]);
    }
  }

  /** The leads read with the new leads' phones or emails: only these need not be news to the commit. */
  private seenWithContactsOf(leads: readonly Lead[]): string[] {
    const ids = new Set<string>();
    for (const lead of leads) {
      for (const id of this.readContacts.get(`p:${lead.phone}`) ?? []) ids.add(id);
      for (const id of this.readContacts.get(`e:${lead.email}`) ?? []) ids.add(id);
    }
    return [...ids];
  }

  /**
   * Audit entries at or after `since`, oldest first (the AuditSource port of App Home and reports,
   * issue 14). Read from the table every time: an indexed range is cheap, so no cache to age.
   */
  async recentAudit(since: number, _options: { maxAgeMs?: number } = {}): Promise<AuditEntry[]> {
    await this.init();
    try {
      const { rows } = await this.options.sql.query<{ at: string; event: string; lead_id: string; actor: string; detail: string }>(
        `SELECT to_json(at) #>> '{}' AS at, event, lead_id, actor, detail FROM audit_log WHERE at >= $1::timestamptz ORDER BY at, id`,
        [new Date(since).toISOString()],
      );
      return rows.map((row) => ({ at: Date.parse(row.at), event: row.event, leadId: row.lead_id, actor: row.actor, detail: row.detail }));
    } catch (error) {
      throw classifyPgError(error);
    }
  }

  async close(): Promise<void> {
    await this.options.sql.close();
  }
}

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}

/** A change set as baton_commit() takes it: rows in the table's JSON shape, escalation marks apart. */
function commitDocument(change: ChangeSet, readCursor: { index: string | null; slack: string | null }): Record<string, unknown> {
  const latest = new Map(change.stateEntries);
  const marks = [...latest].filter(([key]) => escalatedLeadOf(key) !== undefined);
  const state = [...latest].filter(([key]) => escalatedLeadOf(key) === undefined);
  // Lead order, so two instances updating overlapping leads lock them in the same order.
  const updates = [...change.leadUpdates].sort((a, b) => (a.after.leadId < b.after.leadId ? -1 : a.after.leadId > b.after.leadId ? 1 : 0));
  return {
    newLeads: change.newLeads.map(leadToRow),
    // Only a valid number identifies a person (as decideIntake reads it); emails as sent.
    phones: unique(change.newLeads.filter((lead) => lead.phoneValid && lead.phone).map((lead) => lead.phone)),
    emails: unique(change.newLeads.filter((lead) => lead.email).map((lead) => lead.email)),
    updates: updates.map((u) => ({ before: leadToRow(u.before), after: leadToRow(u.after) })),
    ...(change.cursor ? { cursor: { lastIndex: String(change.cursor.lastIndex), lastSlackId: change.cursor.lastSlackId }, readCursor } : {}),
    marks,
    state,
    exceptions: change.exceptions ?? [],
    audit: change.audit.map((entry) => ({ at: new Date(entry.at).toISOString(), event: entry.event, lead_id: entry.leadId, actor: entry.actor, detail: entry.detail })),
  };
}
