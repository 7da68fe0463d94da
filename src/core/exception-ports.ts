import type { LeadException } from '../domain/exceptions.ts';
import type { Lead } from '../domain/types.ts';
import type { MessageRef } from './ports.ts';

/** How a lead's DM should look after a stage change or a hand-over (issue 13). */
export type LeadStageUpdate =
  | { kind: 'contacted-actions'; lead: Lead }
  | { kind: 'qualified'; lead: Lead }
  | { kind: 'lost'; lead: Lead }
  | { kind: 'passed'; lead: Lead; to: string; reason: string }
  | { kind: 'reassigned'; lead: Lead; to: string; by: string };

/** Slack for the exception queue, stage changes and reminders. Every method rejects when Slack refuses. */
export interface ExceptionsNotifier {
  /** The exception's one message: in EXCEPTIONS_CHANNEL, or a DM to each manager. Where it landed. */
  postException(exception: LeadException, lead: Lead | undefined): Promise<MessageRef[]>;
  /** Edits those messages in place: who did what and when, buttons gone once resolved. */
  updateException(refs: readonly MessageRef[], exception: LeadException, lead: Lead | undefined): Promise<void>;
  /** The one ack or resolve reminder, to every manager, in the exception's thread(s). */
  remindManagers(refs: readonly MessageRef[], exception: LeadException, lead: Lead | undefined, which: 'ack' | 'resolve'): Promise<void>;
  /** A lead an exception already handles reached the escalation threshold: said once in that exception's thread(s). */
  noteEscalation(refs: readonly MessageRef[], exception: LeadException, lead: Lead, threshold: number): Promise<void>;
  /** The owner's one pre-deadline reminder, as a reply in the lead's DM thread. */
  remindOwner(lead: Lead, deadline: number): Promise<void>;
  /** Edits the owner's lead DM after a stage change or a hand-over. */
  updateLeadMessage(ref: MessageRef, update: LeadStageUpdate): Promise<void>;
  /** The handoff DM to the rep a qualified lead goes to, with the notes. */
  sendHandoff(lead: Lead, from: string): Promise<MessageRef>;
  /** A private answer to someone whose action changed nothing, or a confirmation. */
  tellPrivately(target: { channel: string; user: string }, text: string): Promise<void>;
}

/** The exception queue's wiring and settings, handed to the use cases with the context. */
export interface ExceptionsSetup {
  notifier: ExceptionsNotifier;
  managers: readonly string[];
  ackMinutes: number;
  resolveMinutes: number;
  /** Minutes before the SLA deadline the owner is reminded; 0 = never. */
  remindBeforeMinutes: number;
  /** Team a qualified lead is handed to round-robin, when routing knows teams. */
  handoffTeam?: string | undefined;
  newExceptionId: () => string;
}
