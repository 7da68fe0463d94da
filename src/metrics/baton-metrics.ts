import type { ChangeSet } from '../ports.ts';
import { Counter, Gauge, Histogram, Registry } from './registry.ts';

/** Audit events are Baton's decisions; counting them at commit time counts only what was durable. */
const EVENT_COUNTERS: Record<string, string> = {
  'lead.assigned': 'assignments',
  'lead.duplicate': 'duplicates',
  'lead.rerouted': 'reroutes',
  'lead.reminded': 'reminders',
  'lead.escalated': 'escalations',
  'lead.contacted': 'contacted',
  'action.rejected': 'clicksRejected',
};

export class BatonMetrics {
  readonly registry = new Registry();
  readonly received = this.registry.add(new Counter('baton_leads_received_total', 'Intake requests received, by HTTP status answered'));
  readonly created = this.registry.add(new Counter('baton_leads_created_total', 'Leads written to the sheet'));
  readonly duplicates = this.registry.add(new Counter('baton_leads_duplicate_total', 'Submissions matched to an existing lead (idempotency key, phone or email)'));
  readonly rejected = this.registry.add(new Counter('baton_leads_rejected_total', 'Intake requests refused, by HTTP status'));
  readonly queued = this.registry.add(new Counter('baton_leads_queued_total', 'Leads journaled to the outbox because the sheet was unavailable'));
  readonly assignments = this.registry.add(new Counter('baton_assignments_total', 'Round-robin assignments (new and previously unassigned leads)'));
  readonly reroutes = this.registry.add(new Counter('baton_reroutes_total', 'Leads re-routed after a missed SLA'));
  readonly reminders = this.registry.add(new Counter('baton_reminders_total', 'Missed SLAs with only one active rep (reminder instead of re-route)'));
  readonly escalations = this.registry.add(new Counter('baton_escalations_total', 'Leads escalated to managers'));
  readonly contacted = this.registry.add(new Counter('baton_contacted_total', 'Leads marked CONTACTED'));
  readonly clicksRejected = this.registry.add(new Counter('baton_clicks_rejected_total', 'Mark as CONTACTED clicks refused'));
  readonly timeToContact = this.registry.add(
    new Histogram('baton_time_to_contact_seconds', 'From assignment to Mark as CONTACTED', [60, 300, 600, 1800, 3600, 7200, 14400, 86400]),
  );
  readonly sweepDuration = this.registry.add(new Histogram('baton_sweep_duration_seconds', 'Duration of one SLA sweep', [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]));
  readonly sweeps = this.registry.add(new Counter('baton_sweeps_total', 'SLA sweeps, by trigger and outcome'));
  readonly sheetsRequests = this.registry.add(new Counter('baton_sheets_requests_total', 'Google Sheets API requests, by kind and outcome'));
  readonly slackRequests = this.registry.add(new Counter('baton_slack_requests_total', 'Slack Web API calls, by method and outcome'));

  constructor(outboxDepth: () => number) {
    this.registry.add(new Gauge('baton_outbox_depth', 'Leads accepted and journaled, waiting for the sheet', outboxDepth));
  }

  /** Counts what a commit made durable. */
  observeCommit(change: ChangeSet): void {
    for (const entry of change.audit) {
      const counter = EVENT_COUNTERS[entry.event];
      if (counter) (this[counter as keyof this] as Counter).inc();
      if (entry.event === 'lead.assigned' && entry.actor === 'webhook') this.created.inc();
      if (entry.event === 'lead.unassigned') this.created.inc();
    }
    for (const { before, after } of change.leadUpdates) {
      if (before.stage === 'NEW' && after.stage === 'CONTACTED' && after.contactedAt !== null) {
        const start = after.assignedAt ?? after.createdAt;
        if (start !== null) this.timeToContact.observe(Math.max(0, (after.contactedAt - start) / 1000));
      }
    }
  }
}
