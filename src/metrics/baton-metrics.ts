import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChangeSet } from '../core/ports.ts';

/** Audit events are Baton's decisions; counting them at commit time counts only what was durable. */
const EVENT_COUNTERS = {
  'lead.assigned': 'assignments',
  'lead.duplicate': 'duplicates',
  'lead.rerouted': 'reroutes',
  'lead.reminded': 'reminders',
  'lead.escalated': 'escalations',
  'lead.contacted': 'contacted',
  'action.rejected': 'clicksRejected',
} as const satisfies Record<string, keyof BatonMetrics>;

let processRegistry: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event loop lag, GC), collected once per process: they describe
 * the process, not one Baton, and prom-client cannot stop their collectors (an event loop monitor and
 * a GC observer), so a process that builds many Batons (tests, restarts in place) must not add more.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Baton's metrics on a registry of its own (never prom-client's global one: tests and a local-mode
 * process may build several Batons), served together with the process metrics.
 */
export class BatonMetrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];
  /** Baton's metrics and the process's, as /metrics serves them. */
  private readonly exposed: Registry;

  readonly received = new Counter({ name: 'baton_leads_received_total', help: 'Intake requests received, by HTTP status answered', labelNames: ['status'], registers: this.registers });
  readonly created = new Counter({ name: 'baton_leads_created_total', help: 'Leads written to the sheet', registers: this.registers });
  readonly duplicates = new Counter({
    name: 'baton_leads_duplicate_total',
    help: 'Submissions matched to an existing lead (idempotency key, phone or email)',
    registers: this.registers,
  });
  readonly rejected = new Counter({ name: 'baton_leads_rejected_total', help: 'Intake requests refused, by HTTP status', labelNames: ['status'], registers: this.registers });
  readonly queued = new Counter({ name: 'baton_leads_queued_total', help: 'Leads journaled to the outbox because the sheet was unavailable', registers: this.registers });
  readonly assignments = new Counter({ name: 'baton_assignments_total', help: 'Round-robin assignments (new and previously unassigned leads)', registers: this.registers });
  readonly reroutes = new Counter({ name: 'baton_reroutes_total', help: 'Leads re-routed after a missed SLA', registers: this.registers });
  readonly reminders = new Counter({ name: 'baton_reminders_total', help: 'Missed SLAs with only one active rep (reminder instead of re-route)', registers: this.registers });
  readonly escalations = new Counter({ name: 'baton_escalations_total', help: 'Leads escalated to managers', registers: this.registers });
  readonly contacted = new Counter({ name: 'baton_contacted_total', help: 'Leads marked CONTACTED', registers: this.registers });
  readonly clicksRejected = new Counter({ name: 'baton_clicks_rejected_total', help: 'Mark as CONTACTED clicks refused', registers: this.registers });
  readonly timeToContact = new Histogram({
    name: 'baton_time_to_contact_seconds',
    help: 'From assignment to Mark as CONTACTED',
    buckets: [60, 300, 600, 1800, 3600, 7200, 14400, 86400],
    registers: this.registers,
  });
  readonly sweepDuration = new Histogram({
    name: 'baton_sweep_duration_seconds',
    help: 'Duration of one SLA sweep',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: this.registers,
  });
  readonly sweeps = new Counter({ name: 'baton_sweeps_total', help: 'SLA sweeps, by trigger and outcome', labelNames: ['trigger', 'outcome'], registers: this.registers });
  readonly sheetsRequests = new Counter({
    name: 'baton_sheets_requests_total',
    help: 'Google Sheets API requests, by kind and outcome',
    labelNames: ['kind', 'outcome'],
    registers: this.registers,
  });
  readonly slackRequests = new Counter({ name: 'baton_slack_requests_total', help: 'Slack Web API calls, by method and outcome', labelNames: ['method', 'outcome'], registers: this.registers });

  constructor(outboxDepth: () => number) {
    new Gauge({
      name: 'baton_outbox_depth',
      help: 'Leads accepted and journaled, waiting for the sheet',
      registers: this.registers,
      // Read at scrape time, so it is never stale.
      collect() {
        this.set(outboxDepth());
      },
    });
    this.exposed = Registry.merge([this.registry, processMetrics()]);
  }

  /** The Prometheus text exposition of every metric, and the Content-Type it is served with. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.exposed.metrics(), contentType: this.exposed.contentType };
  }

  /** Counts what a commit made durable. */
  observeCommit(change: ChangeSet): void {
    for (const entry of change.audit) {
      if (Object.hasOwn(EVENT_COUNTERS, entry.event)) this[EVENT_COUNTERS[entry.event as keyof typeof EVENT_COUNTERS]].inc();
      if (entry.event === 'lead.assigned' && entry.actor === 'webhook') this.created.inc();
      if (entry.event === 'lead.unassigned') this.created.inc();
    }
    for (const { before, after } of change.leadUpdates) {
      if (before.stage === 'NEW' && after.stage === 'CONTACTED' && after.contactedAt !== null) {
        const start = after.assignedAt ?? after.createdAt;
        const seconds = start === null ? Number.NaN : Math.max(0, (after.contactedAt - start) / 1000);
        // prom-client throws on a non-finite observation; this runs after the write landed, so it must not throw.
        if (Number.isFinite(seconds)) this.timeToContact.observe(seconds);
      }
    }
  }
}
