import type { SqlClient } from './sql-client.ts';

/**
 * Baton's schema, as numbered SQL steps. A step once released is never edited: a change is a new
 * step. Applied at startup in one transaction under an advisory lock, so instances starting
 * together migrate once and a failed step leaves nothing half-applied.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'leads, routing_state, audit_log',
    sql: `
CREATE TABLE leads (
  lead_id         text PRIMARY KEY,
  name            text NOT NULL DEFAULT '',
  phone           text NOT NULL DEFAULT '',
  phone_valid     boolean NOT NULL DEFAULT true,
  email           text NOT NULL DEFAULT '',
  company         text NOT NULL DEFAULT '',
  source          text NOT NULL DEFAULT '',
  message         text NOT NULL DEFAULT '',
  stage           text NOT NULL DEFAULT 'NEW' CHECK (stage IN ('NEW', 'CONTACTED', 'QUALIFIED', 'CLOSED LOST')),
  assigned_sales  text NOT NULL DEFAULT '',
  sales_slack_id  text NOT NULL DEFAULT '',
  route_count     integer NOT NULL DEFAULT 0,
  created_at      timestamptz,
  assigned_at     timestamptz,
  last_routed_at  timestamptz,
  contacted_at    timestamptz,
  idempotency_key text NOT NULL DEFAULT '',
  slack_channel   text NOT NULL DEFAULT '',
  slack_ts        text NOT NULL DEFAULT '',
  owner_history   text[] NOT NULL DEFAULT '{}',
  -- Lead fields added after this schema (issue 13's qualified_at, lost_reason, …) until they get columns.
  extra           jsonb NOT NULL DEFAULT '{}'
);
-- A provider's retry never makes a second lead, even from another instance: the insert conflicts.
CREATE UNIQUE INDEX leads_idempotency_key ON leads (idempotency_key) WHERE idempotency_key <> '';
-- What makes a lead due: a sweep reads this index's head, not the table.
CREATE INDEX leads_new_by_sla_start ON leads ((coalesce(assigned_at, created_at))) WHERE stage = 'NEW';
CREATE INDEX leads_new_unassigned ON leads (lead_id) WHERE stage = 'NEW' AND sales_slack_id = '';
-- Duplicate checks of an intake.
CREATE INDEX leads_phone ON leads (phone);
CREATE INDEX leads_email ON leads (email);

-- Exact lead count without counting a million rows (the sweep summary's "N leads").
CREATE TABLE lead_count (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), n bigint NOT NULL);
INSERT INTO lead_count VALUES (true, 0);
CREATE FUNCTION lead_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE lead_count SET n = n + (SELECT count(*) FROM added); RETURN NULL; END $$;
CREATE FUNCTION lead_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE lead_count SET n = n - (SELECT count(*) FROM removed); RETURN NULL; END $$;
CREATE TRIGGER leads_counted_in AFTER INSERT ON leads REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION lead_count_added();
CREATE TRIGGER leads_counted_out AFTER DELETE ON leads REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION lead_count_removed();

-- The seed's key/value routing state: last_index, last_slack_id, escalated_<lead_id>, markers.
-- "C" collation: escalated_ keys form one byte-ordered range the load can skip.
CREATE TABLE routing_state (
  key        text COLLATE "C" PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO routing_state (key, value) VALUES ('last_index', '-1'), ('last_slack_id', '');

CREATE TABLE audit_log (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL,
  event   text NOT NULL,
  lead_id text NOT NULL DEFAULT '',
  actor   text NOT NULL DEFAULT '',
  detail  text NOT NULL DEFAULT '',
  -- The audit_log row it was copied from by npm run migrate-from-sheet (so a second run copies nothing twice).
  sheet_row integer UNIQUE
);
CREATE INDEX audit_log_lead ON audit_log (lead_id);
`,
  },
  {
    version: 2,
    name: 'exceptions (issue 13)',
    sql: `
CREATE TABLE exceptions (
  exception_id text PRIMARY KEY,
  lead_id      text NOT NULL,
  open         boolean NOT NULL,
  data         jsonb NOT NULL
);
CREATE INDEX exceptions_open ON exceptions (exception_id) WHERE open;
CREATE INDEX exceptions_lead ON exceptions (lead_id);
`,
  },
  {
    version: 3,
    name: 'baton_commit(): a commit in one round trip',
    // A commit used to be seven statements, each a round trip: under load the lane waited on the
    // network, not on PostgreSQL. The same checks, in the same order, now run server-side in one
    // call (one implicit transaction). A refusal is SQLSTATE BC001: the store's CommitConflict.
    sql: `
CREATE FUNCTION baton_commit(change jsonb, read_ids text[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  n bigint;
  want bigint;
  index_now text;
  slack_now text;
  found text;
  x jsonb;
BEGIN
  IF jsonb_array_length(change->'newLeads') > 0 OR change ? 'cursor' THEN
    -- Every intake and assignment of every instance passes through this row lock, in turn.
    PERFORM 1 FROM routing_state WHERE key IN ('last_index', 'last_slack_id') ORDER BY key FOR UPDATE;
    IF change ? 'cursor' THEN
      SELECT value INTO index_now FROM routing_state WHERE key = 'last_index';
      SELECT value INTO slack_now FROM routing_state WHERE key = 'last_slack_id';
      IF index_now IS DISTINCT FROM change->'readCursor'->>'index' OR slack_now IS DISTINCT FROM change->'readCursor'->>'slack' THEN
        RAISE EXCEPTION USING ERRCODE = 'BC001', MESSAGE = format('routing cursor moved since the read (%s → %s): another instance assigned a lead', coalesce(change->'readCursor'->>'slack', '-'), coalesce(slack_now, '-'));
      END IF;
    END IF;
  END IF;

  want := jsonb_array_length(change->'newLeads');
  IF want > 0 THEN
    -- The read saw every open lead with these phones and emails: one it did not see arrived since.
    SELECT l.lead_id INTO found FROM leads l
     WHERE l.stage IN ('NEW', 'CONTACTED')
       AND ((l.phone_valid AND l.phone = ANY (ARRAY(SELECT jsonb_array_elements_text(change->'phones'))))
            OR l.email = ANY (ARRAY(SELECT jsonb_array_elements_text(change->'emails'))))
       AND NOT (l.lead_id = ANY (read_ids))
     LIMIT 1;
    IF found IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'BC001', MESSAGE = format('open lead %s with the same phone or email was written since the read', found);
    END IF;
    INSERT INTO leads (lead_id, name, phone, phone_valid, email, company, source, message, stage, assigned_sales, sales_slack_id, route_count, created_at, assigned_at, last_routed_at, contacted_at, idempotency_key, slack_channel, slack_ts, owner_history, extra) SELECT lead_id, name, phone, phone_valid, email, company, source, message, stage, assigned_sales, sales_slack_id, route_count, created_at, assigned_at, last_routed_at, contacted_at, idempotency_key, slack_channel, slack_ts, owner_history, extra FROM jsonb_populate_recordset(NULL::leads, change->'newLeads') ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> want THEN
      RAISE EXCEPTION USING ERRCODE = 'BC001', MESSAGE = format('%s of %s new leads already written (same lead id or idempotency key)', want - n, want);
    END IF;
  END IF;

  want := jsonb_array_length(change->'updates');
  IF want > 0 THEN
    UPDATE leads l SET name = a.name, phone = a.phone, phone_valid = a.phone_valid, email = a.email, company = a.company, source = a.source, message = a.message, stage = a.stage, assigned_sales = a.assigned_sales, sales_slack_id = a.sales_slack_id, route_count = a.route_count, created_at = a.created_at, assigned_at = a.assigned_at, last_routed_at = a.last_routed_at, contacted_at = a.contacted_at, idempotency_key = a.idempotency_key, slack_channel = a.slack_channel, slack_ts = a.slack_ts, owner_history = a.owner_history, extra = a.extra
      FROM jsonb_array_elements(change->'updates') AS u, jsonb_populate_record(NULL::leads, u->'after') AS a, jsonb_populate_record(NULL::leads, u->'before') AS b
     WHERE l.lead_id = a.lead_id
       AND l.stage = b.stage AND l.assigned_sales = b.assigned_sales AND l.sales_slack_id = b.sales_slack_id AND l.route_count = b.route_count
       AND date_trunc('milliseconds', l.created_at) IS NOT DISTINCT FROM b.created_at
       AND date_trunc('milliseconds', l.assigned_at) IS NOT DISTINCT FROM b.assigned_at
       AND date_trunc('milliseconds', l.last_routed_at) IS NOT DISTINCT FROM b.last_routed_at
       AND date_trunc('milliseconds', l.contacted_at) IS NOT DISTINCT FROM b.contacted_at
       AND l.slack_channel = b.slack_channel AND l.slack_ts = b.slack_ts AND l.owner_history = b.owner_history AND l.extra = b.extra;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> want THEN
      RAISE EXCEPTION USING ERRCODE = 'BC001', MESSAGE = format('%s of %s leads changed since the read', want - n, want);
    END IF;
  END IF;

  IF change ? 'cursor' THEN
    INSERT INTO routing_state (key, value) VALUES ('last_index', change->'cursor'->>'lastIndex'), ('last_slack_id', change->'cursor'->>'lastSlackId')
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now();
  END IF;

  want := jsonb_array_length(change->'marks');
  IF want > 0 THEN
    -- A lead is escalated once: the key's uniqueness decides between racing instances, not a read.
    INSERT INTO routing_state (key, value) SELECT e->>0, e->>1 FROM jsonb_array_elements(change->'marks') AS e ON CONFLICT (key) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> want THEN
      RAISE EXCEPTION USING ERRCODE = 'BC001', MESSAGE = format('%s of %s leads already escalated', want - n, want);
    END IF;
  END IF;
  IF jsonb_array_length(change->'state') > 0 THEN
    INSERT INTO routing_state (key, value) SELECT e->>0, e->>1 FROM jsonb_array_elements(change->'state') AS e
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now();
  END IF;

  FOR x IN SELECT * FROM jsonb_array_elements(change->'exceptions') LOOP
    IF x->'before' = 'null'::jsonb THEN
      INSERT INTO exceptions (exception_id, lead_id, open, data)
        VALUES (x->'after'->>'exceptionId', x->'after'->>'leadId', x->'after'->'resolvedAt' IS NULL OR x->'after'->'resolvedAt' = 'null'::jsonb, x->'after')
        ON CONFLICT DO NOTHING;
    ELSE
      UPDATE exceptions SET lead_id = x->'after'->>'leadId', open = (x->'after'->'resolvedAt' IS NULL OR x->'after'->'resolvedAt' = 'null'::jsonb), data = x->'after'
       WHERE exception_id = x->'after'->>'exceptionId' AND data = x->'before';
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n <> 1 THEN
      RAISE EXCEPTION USING ERRCODE = 'BC001', MESSAGE = format('exception %s changed since the read', x->'after'->>'exceptionId');
    END IF;
  END LOOP;

  INSERT INTO audit_log (at, event, lead_id, actor, detail)
  SELECT (e->>'at')::timestamptz, e->>'event', e->>'lead_id', e->>'actor', e->>'detail'
    FROM jsonb_array_elements(change->'audit') WITH ORDINALITY AS t(e, n) ORDER BY t.n;
END
$fn$;
`,
  },
  {
    version: 4,
    name: 'audit_log by time (App Home, reports)',
    sql: `CREATE INDEX audit_log_at ON audit_log (at);`,
  },
  {
    version: 5,
    name: 'NEW leads per owner (max_open with a scoped read)',
    // A scoped read sees only some NEW leads, but max_open counts all of them: kept per owner by
    // statement triggers, as lead_count is, so a load reads one small row per rep instead of every NEW lead.
    sql: `
CREATE TABLE open_leads_by_owner (sales_slack_id text PRIMARY KEY, n bigint NOT NULL);
INSERT INTO open_leads_by_owner SELECT sales_slack_id, count(*) FROM leads WHERE stage = 'NEW' AND sales_slack_id <> '' GROUP BY 1;
CREATE FUNCTION open_leads_apply(deltas jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO open_leads_by_owner AS o (sales_slack_id, n)
  SELECT key, value::bigint FROM jsonb_each_text(deltas) WHERE value::bigint <> 0
  ON CONFLICT (sales_slack_id) DO UPDATE SET n = o.n + excluded.n;
$$;
CREATE FUNCTION open_leads_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM open_leads_apply((SELECT coalesce(jsonb_object_agg(o, c), '{}') FROM (SELECT sales_slack_id o, count(*) c FROM added WHERE stage = 'NEW' AND sales_slack_id <> '' GROUP BY 1) t));
  RETURN NULL;
END $$;
CREATE FUNCTION open_leads_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM open_leads_apply((SELECT coalesce(jsonb_object_agg(o, -c), '{}') FROM (SELECT sales_slack_id o, count(*) c FROM removed WHERE stage = 'NEW' AND sales_slack_id <> '' GROUP BY 1) t));
  RETURN NULL;
END $$;
CREATE FUNCTION open_leads_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM open_leads_apply((SELECT coalesce(jsonb_object_agg(o, c), '{}') FROM (
    SELECT o, sum(c) c FROM (
      SELECT sales_slack_id o, 1 c FROM added WHERE stage = 'NEW' AND sales_slack_id <> ''
      UNION ALL SELECT sales_slack_id, -1 FROM removed WHERE stage = 'NEW' AND sales_slack_id <> '') d
    GROUP BY o) t));
  RETURN NULL;
END $$;
CREATE TRIGGER leads_open_in AFTER INSERT ON leads REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION open_leads_added();
CREATE TRIGGER leads_open_out AFTER DELETE ON leads REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION open_leads_removed();
CREATE TRIGGER leads_open_moved AFTER UPDATE ON leads REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION open_leads_updated();`,
  },
];

/** Any fixed number: the key every Baton instance locks before migrating. */
const MIGRATION_LOCK = 7_245_011;

/** Applies the steps this database lacks; returns what it applied, in words. */
export async function migrate(sql: SqlClient): Promise<string[]> {
  return sql.transaction(async (tx) => {
    // Held until this transaction ends: a second instance waits here, then finds nothing to do.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: string[] = [];
    for (const step of MIGRATIONS) {
      if (applied.has(step.version)) continue;
      await tx.exec(step.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      done.push(`applied migration ${step.version} (${step.name})`);
    }
    const newest = Math.max(...applied, 0);
    const known = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (newest > known) throw new Error(`the database is at schema version ${newest}, newer than this Baton knows (${known}): run the newer Baton, or restore a matching backup`);
    return done;
  });
}
