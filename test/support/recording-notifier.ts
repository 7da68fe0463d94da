import type { ContactRejection } from '../../src/domain/decide-contact.ts';
import type { Lead } from '../../src/domain/types.ts';
import type { LeadNotice, ManagerNotice, MessageRef, Notifier, OwnerUpdate } from '../../src/core/ports.ts';

export type Sent =
  | { kind: 'lead'; notice: LeadNotice; ref: MessageRef }
  | { kind: 'update'; ref: MessageRef; update: OwnerUpdate }
  | { kind: 'duplicate'; lead: Lead }
  | { kind: 'managers'; notice: ManagerNotice }
  | { kind: 'rejection'; target: { channel: string; user: string }; rejection: ContactRejection }
  | { kind: 'queued-click'; target: { channel: string; user: string }; click: { leadId: string; clickedAt: number } };

/** A Notifier that records what Baton would have said on Slack; `failFor` makes DMs to a user fail. */
export class RecordingNotifier implements Notifier {
  readonly sent: Sent[] = [];
  readonly failFor = new Set<string>();
  private seq = 0;

  async sendLead(notice: LeadNotice): Promise<MessageRef> {
    if (this.failFor.has(notice.lead.salesSlackId)) throw new Error('user_not_found');
    this.seq += 1;
    const ref = { channel: `D-${notice.lead.salesSlackId}`, ts: `1000.${String(this.seq).padStart(6, '0')}` };
    this.sent.push({ kind: 'lead', notice, ref });
    return ref;
  }

  async updateOwnerMessage(ref: MessageRef, update: OwnerUpdate): Promise<void> {
    this.sent.push({ kind: 'update', ref, update });
  }

  async notifyDuplicate(lead: Lead): Promise<void> {
    this.sent.push({ kind: 'duplicate', lead });
  }

  async notifyManagers(notice: ManagerNotice): Promise<string[]> {
    this.sent.push({ kind: 'managers', notice });
    return ['UMANAGER'];
  }

  async explainRejection(target: { channel: string; user: string }, rejection: ContactRejection): Promise<void> {
    this.sent.push({ kind: 'rejection', target, rejection });
  }

  async confirmQueuedClick(target: { channel: string; user: string }, click: { leadId: string; clickedAt: number }): Promise<void> {
    this.sent.push({ kind: 'queued-click', target, click });
  }

  of<K extends Sent['kind']>(kind: K): Extract<Sent, { kind: K }>[] {
    return this.sent.filter((item): item is Extract<Sent, { kind: K }> => item.kind === kind);
  }
}
