import { OPEN_STAGES, type Lead, type Stage } from '../../domain/types.ts';
import { addToIndex, keyIndexOf, type LeadIndex } from '../../core/lead-index.ts';
import type { KeyIndex, LeadTable } from '../../core/ports.ts';

/** The LeadTable port over leads already in memory: every lead decoded, nothing lazy. */
export class MapLeadTable implements LeadTable {
  private readonly byKey: LeadIndex = new Map();
  readonly keys: KeyIndex = keyIndexOf(this.byKey);

  constructor(private readonly leads: ReadonlyMap<string, Lead>) {
    for (const lead of leads.values()) addToIndex(this.byKey, lead.idempotencyKey, lead.leadId);
  }

  static of(leads: Iterable<Lead>): MapLeadTable {
    return new MapLeadTable(new Map([...leads].map((lead) => [lead.leadId, lead])));
  }

  get size(): number {
    return this.leads.size;
  }

  get(leadId: string): Lead | undefined {
    return this.leads.get(leadId);
  }

  has(leadId: string): boolean {
    return this.leads.has(leadId);
  }

  atStage(stage: Stage): Lead[] {
    return [...this.leads.values()].filter((lead) => lead.stage === stage);
  }

  eachOpenContact(visit: (leadId: string, phone: string, email: string) => void): void {
    for (const lead of this.leads.values()) if (OPEN_STAGES.includes(lead.stage)) visit(lead.leadId, lead.phone, lead.email);
  }
}
