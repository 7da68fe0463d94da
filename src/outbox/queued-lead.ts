import type { LeadDraft } from '../domain/intake.ts';

/** A lead Baton accepted (answered 202) but could not write yet. */
export interface QueuedLead {
  leadId: string;
  draft: LeadDraft;
  idempotencyKey: string;
  receivedAt: number;
}

/** Accepted leads waiting for the sheet; durable before the webhook is answered. */
export interface Outbox {
  entries(): readonly QueuedLead[];
  append(entry: QueuedLead): Promise<void>;
  remove(leadIds: readonly string[]): Promise<void>;
}

export class MemoryOutbox implements Outbox {
  private items: QueuedLead[] = [];

  entries(): readonly QueuedLead[] {
    return this.items;
  }

  async append(entry: QueuedLead): Promise<void> {
    this.items = [...this.items, entry];
  }

  async remove(leadIds: readonly string[]): Promise<void> {
    const gone = new Set(leadIds);
    this.items = this.items.filter((entry) => !gone.has(entry.leadId));
  }
}
