import type { LeadException } from '../../domain/exceptions.ts';
import type { Lead, Rep, RoutingCursor } from '../../domain/types.ts';
import { MapLeadTable } from './map-lead-table.ts';
import { splitState, type AuditEntry, type ChangeSet, type LeadStore, type Snapshot } from '../../core/ports.ts';

/** The LeadStore port in memory: for use-case tests and anywhere a sheet is not wanted. */
export class MemoryLeadStore implements LeadStore {
  roster: Rep[];
  leads = new Map<string, Lead>();
  cursor: RoutingCursor = { lastIndex: -1, lastSlackId: '' };
  state = new Map<string, string>();
  audit: AuditEntry[] = [];
  unreadable: Snapshot['unreadable'] = [];
  /** The exceptions tab, by exception id (issue 13). */
  exceptions = new Map<string, LeadException>();
  readonly calls = { loads: 0, commits: 0 };
  /** Set to make the next commits fail, as an unavailable sheet would. */
  failCommits = 0;

  constructor(roster: Rep[] = []) {
    this.roster = roster;
  }

  async load(): Promise<Snapshot> {
    this.calls.loads += 1;
    return {
      roster: this.roster.map((rep) => ({ ...rep })),
      cursor: { ...this.cursor },
      ...splitState(this.state),
      leads: MapLeadTable.of([...this.leads.values()].map((lead) => structuredClone(lead))),
      unreadable: [...this.unreadable],
      exceptions: [...this.exceptions.values()].map((exception) => ({ ...exception })),
    };
  }

  async commit(change: ChangeSet): Promise<void> {
    this.calls.commits += 1;
    if (this.failCommits > 0) {
      this.failCommits -= 1;
      throw new Error('memory store: commit refused (simulated outage)');
    }
    for (const lead of change.newLeads) {
      if (this.leads.has(lead.leadId)) throw new Error(`memory store: lead ${lead.leadId} written twice`);
      this.leads.set(lead.leadId, structuredClone(lead));
    }
    for (const { after } of change.leadUpdates) this.leads.set(after.leadId, structuredClone(after));
    if (change.cursor) this.cursor = { ...change.cursor };
    for (const [key, value] of change.stateEntries) this.state.set(key, value);
    this.audit.push(...change.audit);
    for (const { before, after } of change.exceptions ?? []) {
      if (before === null && this.exceptions.has(after.exceptionId)) throw new Error(`memory store: exception ${after.exceptionId} opened twice`);
      this.exceptions.set(after.exceptionId, { ...after });
    }
  }
}
