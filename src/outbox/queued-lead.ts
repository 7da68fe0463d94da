import type { LeadDraft } from '../domain/intake.ts';

/** A lead Baton accepted (answered 202) but could not write yet. */
export interface QueuedLead {
  leadId: string;
  draft: LeadDraft;
  idempotencyKey: string;
  receivedAt: number;
}

/** A Mark as CONTACTED click the rep was told is saved, waiting for the sheet. */
export interface QueuedClick {
  /** Unique per click: lead, clicker and the click's time. */
  clickId: string;
  leadId: string;
  clickerId: string;
  addressedTo: string;
  channel: string;
  messageTs: string;
  /** When Baton received the click: the lead's contacted_at once it is applied. */
  clickedAt: number;
}

/**
 * Accepted leads and clicks waiting for the sheet; an append is durable before it resolves, and
 * the caller answers (202, "saved") only after that.
 */
export interface Outbox {
  entries(): readonly QueuedLead[];
  append(entry: QueuedLead): Promise<void>;
  remove(leadIds: readonly string[]): Promise<void>;
  clicks(): readonly QueuedClick[];
  appendClick(click: QueuedClick): Promise<void>;
  removeClicks(clickIds: readonly string[]): Promise<void>;
}

export class MemoryOutbox implements Outbox {
  private items: QueuedLead[] = [];
  private clickItems: QueuedClick[] = [];

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

  clicks(): readonly QueuedClick[] {
    return this.clickItems;
  }

  async appendClick(click: QueuedClick): Promise<void> {
    this.clickItems = [...this.clickItems, click];
  }

  async removeClicks(clickIds: readonly string[]): Promise<void> {
    const gone = new Set(clickIds);
    this.clickItems = this.clickItems.filter((click) => !gone.has(click.clickId));
  }
}
