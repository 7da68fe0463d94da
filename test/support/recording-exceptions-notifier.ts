import type { ExceptionsNotifier, LeadStageUpdate } from '../../src/core/exception-ports.ts';
import type { MessageRef } from '../../src/core/ports.ts';
import type { LeadException } from '../../src/domain/exceptions.ts';
import type { Lead } from '../../src/domain/types.ts';

export type ExceptionSent =
  | { kind: 'post'; exception: LeadException; lead: Lead | undefined; refs: MessageRef[] }
  | { kind: 'update'; refs: readonly MessageRef[]; exception: LeadException }
  | { kind: 'remind-managers'; exception: LeadException; which: 'ack' | 'resolve' }
  | { kind: 'remind-owner'; lead: Lead; deadline: number }
  | { kind: 'escalation-note'; exception: LeadException; lead: Lead }
  | { kind: 'lead-update'; ref: MessageRef; update: LeadStageUpdate }
  | { kind: 'handoff'; lead: Lead; from: string }
  | { kind: 'private'; target: { channel: string; user: string }; text: string };

/** The exception queue's Slack side, recorded (use-case tests on memory ports). */
export class RecordingExceptionsNotifier implements ExceptionsNotifier {
  readonly sent: ExceptionSent[] = [];
  private seq = 0;

  async postException(exception: LeadException, lead: Lead | undefined): Promise<MessageRef[]> {
    this.seq += 1;
    const refs = [{ channel: 'C-EXCEPTIONS', ts: `2000.${String(this.seq).padStart(6, '0')}` }];
    this.sent.push({ kind: 'post', exception, lead, refs });
    return refs;
  }
  async updateException(refs: readonly MessageRef[], exception: LeadException): Promise<void> {
    this.sent.push({ kind: 'update', refs, exception });
  }
  async remindManagers(_refs: readonly MessageRef[], exception: LeadException, _lead: Lead | undefined, which: 'ack' | 'resolve'): Promise<void> {
    this.sent.push({ kind: 'remind-managers', exception, which });
  }
  async noteEscalation(_refs: readonly MessageRef[], exception: LeadException, lead: Lead): Promise<void> {
    this.sent.push({ kind: 'escalation-note', exception, lead });
  }
  async remindOwner(lead: Lead, deadline: number): Promise<void> {
    this.sent.push({ kind: 'remind-owner', lead, deadline });
  }
  async updateLeadMessage(ref: MessageRef, update: LeadStageUpdate): Promise<void> {
    this.sent.push({ kind: 'lead-update', ref, update });
  }
  async sendHandoff(lead: Lead, from: string): Promise<MessageRef> {
    this.sent.push({ kind: 'handoff', lead, from });
    return { channel: `D-${lead.salesSlackId}`, ts: '3000.000001' };
  }
  async tellPrivately(target: { channel: string; user: string }, text: string): Promise<void> {
    this.sent.push({ kind: 'private', target, text });
  }

  of<K extends ExceptionSent['kind']>(kind: K): Extract<ExceptionSent, { kind: K }>[] {
    return this.sent.filter((item): item is Extract<ExceptionSent, { kind: K }> => item.kind === kind);
  }
}
