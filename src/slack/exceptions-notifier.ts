import type { WebClient } from '@slack/web-api';
import type { ExceptionsNotifier, LeadStageUpdate } from '../core/exception-ports.ts';
import type { MessageRef } from '../core/ports.ts';
import type { LeadException } from '../domain/exceptions.ts';
import type { Lead } from '../domain/types.ts';
import type { Logger } from '../log.ts';
import { escalationNoteText, exceptionBlocks, exceptionReminderText } from './views/exception-message.ts';
import type { ViewSettings } from './views/lead-details.ts';
import { handoffMessage, ownerReminderText, stageUpdateMessage } from './views/stage-views.ts';
import { ephemeralUnreachable, reportSlackCall, type SlackCallListener } from './report-slack-call.ts';

export interface SlackExceptionsOptions extends ViewSettings {
  /** EXCEPTIONS_CHANNEL: one message per exception there; unset, a DM to each manager. */
  channel?: string | undefined;
  managerIds: readonly string[];
  ackMinutes: number;
  resolveMinutes: number;
  log: Logger;
  onCall?: SlackCallListener;
}

/** The ExceptionsNotifier port on Slack's Web API. */
export class SlackExceptionsNotifier implements ExceptionsNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly options: SlackExceptionsOptions,
  ) {}

  private call<T>(method: string, run: () => Promise<T>): Promise<T> {
    return reportSlackCall(this.options.onCall, method, run);
  }

  private async post(channel: string, message: { text: string; blocks?: unknown[] }, threadTs?: string): Promise<MessageRef> {
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({ channel, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}), unfurl_links: false, ...(threadTs ? { thread_ts: threadTs } : {}) }),
    );
    if (!result.channel || !result.ts) throw new Error('chat.postMessage answered without channel/ts');
    return { channel: result.channel, ts: result.ts };
  }

  /** Where an exception is said: the channel, else every manager's DM. */
  private targets(): string[] {
    return this.options.channel ? [this.options.channel] : [...this.options.managerIds];
  }

  async postException(exception: LeadException, lead: Lead | undefined): Promise<MessageRef[]> {
    const message = exceptionBlocks(exception, lead, this.options);
    const targets = this.targets();
    if (targets.length === 0) {
      this.options.log.warn({ exceptionId: exception.exceptionId }, 'no EXCEPTIONS_CHANNEL and no MANAGER_SLACK_IDS: nobody was told of an exception');
      return [];
    }
    const refs: MessageRef[] = [];
    const failures: string[] = [];
    for (const target of targets) {
      try {
        refs.push(await this.post(target, message));
      } catch (error) {
        failures.push(`${target}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) this.options.log.error({ failures, exceptionId: exception.exceptionId }, 'exception message not delivered everywhere');
    if (refs.length === 0) throw new Error(`no one could be told of exception ${exception.exceptionId} (${failures.join('; ')})`);
    return refs;
  }

  async updateException(refs: readonly MessageRef[], exception: LeadException, lead: Lead | undefined): Promise<void> {
    const message = exceptionBlocks(exception, lead, this.options);
    for (const ref of refs) {
      await this.call('chat.update', () => this.client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks }));
    }
  }

  async remindManagers(refs: readonly MessageRef[], exception: LeadException, lead: Lead | undefined, which: 'ack' | 'resolve'): Promise<void> {
    const minutes = which === 'ack' ? this.options.ackMinutes : this.options.resolveMinutes;
    const text = exceptionReminderText(exception, this.options.managerIds, which, minutes);
    await this.updateException(refs, exception, lead).catch((error: unknown) => this.options.log.warn({ err: String(error) }, 'could not show the reminder on the exception message'));
    if (refs.length === 0) {
      for (const target of this.targets()) await this.post(target, { text });
      return;
    }
    // A reply in each thread where the exception was posted reaches every manager once.
    for (const ref of refs) await this.post(ref.channel, { text }, ref.ts);
  }

  async noteEscalation(refs: readonly MessageRef[], exception: LeadException, lead: Lead, threshold: number): Promise<void> {
    const text = escalationNoteText(exception, lead, threshold);
    if (refs.length === 0) {
      for (const target of this.targets()) await this.post(target, { text });
      return;
    }
    for (const ref of refs) await this.post(ref.channel, { text }, ref.ts);
  }

  async remindOwner(lead: Lead, deadline: number): Promise<void> {
    const text = ownerReminderText(lead, deadline, this.options);
    if (lead.slackChannel && lead.slackTs) await this.post(lead.slackChannel, { text }, lead.slackTs);
    else await this.post(lead.salesSlackId, { text });
  }

  async updateLeadMessage(ref: MessageRef, update: LeadStageUpdate): Promise<void> {
    const message = stageUpdateMessage(update, this.options);
    await this.call('chat.update', () => this.client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks }));
  }

  async sendHandoff(lead: Lead, from: string): Promise<MessageRef> {
    return this.post(lead.salesSlackId, handoffMessage(lead, from, this.options));
  }

  async tellPrivately(target: { channel: string; user: string }, text: string): Promise<void> {
    if (!target.channel) {
      await this.post(target.user, { text });
      return;
    }
    try {
      await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel: target.channel, user: target.user, text }));
    } catch (error) {
      if (!ephemeralUnreachable(error)) throw error;
      await this.post(target.user, { text });
    }
  }
}
