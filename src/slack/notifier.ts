import type { WebClient } from '@slack/web-api';
import type { ContactRejection } from '../domain/decide-contact.ts';
import type { Lead, Millis } from '../domain/types.ts';
import type { Logger } from '../log.ts';
import type { LeadNotice, ManagerNotice, MessageRef, Notifier, OwnerUpdate } from '../core/ports.ts';
import type { ViewSettings } from './views/lead-details.ts';
import { leadMessage } from './views/lead-message.ts';
import { duplicateNotice, managerMessage } from './views/manager-notice.ts';
import { ownerUpdateMessage } from './views/owner-update.ts';
import { rejectionText } from './views/rejection.ts';
import { queuedClickText } from './views/queued-click.ts';
import { ephemeralUnreachable, reportSlackCall, type SlackCallListener } from './report-slack-call.ts';

export interface SlackNotifierOptions extends ViewSettings {
  managerIds: readonly string[];
  log: Logger;
  onCall?: SlackCallListener;
}

/** The Notifier port on Slack's Web API. Posting to a user id lands in the bot's DM with them. */
export class SlackNotifier implements Notifier {
  constructor(
    private readonly client: WebClient,
    private readonly options: SlackNotifierOptions,
  ) {}

  private call<T>(method: string, run: () => Promise<T>): Promise<T> {
    return reportSlackCall(this.options.onCall, method, run);
  }

  async sendLead(notice: LeadNotice): Promise<MessageRef> {
    const message = leadMessage(notice, this.options);
    const result = await this.call('chat.postMessage', () => this.client.chat.postMessage({ channel: notice.lead.salesSlackId, text: message.text, blocks: message.blocks, unfurl_links: false }));
    if (!result.channel || !result.ts) throw new Error('chat.postMessage answered without channel/ts');
    return { channel: result.channel, ts: result.ts };
  }

  async updateOwnerMessage(ref: MessageRef, update: OwnerUpdate): Promise<void> {
    const message = ownerUpdateMessage(update, this.options);
    await this.call('chat.update', () => this.client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks }));
  }

  async notifyDuplicate(lead: Lead, submittedAt: Millis): Promise<void> {
    await this.call('chat.postMessage', () => this.client.chat.postMessage({
      channel: lead.slackChannel || lead.salesSlackId,
      text: duplicateNotice(lead, submittedAt, this.options),
      ...(lead.slackChannel && lead.slackTs ? { thread_ts: lead.slackTs } : {}),
    }));
  }

  async notifyManagers(notice: ManagerNotice): Promise<string[]> {
    if (this.options.managerIds.length === 0) {
      this.options.log.warn({ notice: notice.kind }, 'no MANAGER_SLACK_IDS configured; managers were not told');
      return [];
    }
    const message = managerMessage(notice, this.options);
    const reached: string[] = [];
    const failures: string[] = [];
    for (const managerId of this.options.managerIds) {
      try {
        await this.call('chat.postMessage', () => this.client.chat.postMessage({ channel: managerId, text: message.text, blocks: message.blocks, unfurl_links: false }));
        reached.push(managerId);
      } catch (error) {
        failures.push(`${managerId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) this.options.log.error({ failures, notice: notice.kind }, 'some managers could not be reached');
    if (reached.length === 0) throw new Error(`no manager could be reached (${failures.join('; ')})`);
    return reached;
  }

  async explainRejection(target: { channel: string; user: string }, rejection: ContactRejection): Promise<void> {
    await this.postPrivately(target, rejectionText(rejection, this.options));
  }

  async confirmQueuedClick(target: { channel: string; user: string }, click: { leadId: string; clickedAt: Millis }): Promise<void> {
    await this.postPrivately(target, queuedClickText(click, this.options));
  }

  /** An ephemeral message where the click happened, or a DM when that conversation refuses one. */
  private async postPrivately(target: { channel: string; user: string }, text: string): Promise<void> {
    try {
      await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel: target.channel, user: target.user, text }));
    } catch (error) {
      // Someone clicking a button in a conversation they are not in (a forwarded DM) cannot get an
      // ephemeral there; tell them in their own DM instead of leaving the click unanswered.
      if (!ephemeralUnreachable(error)) throw error;
      await this.call('chat.postMessage', () => this.client.chat.postMessage({ channel: target.user, text }));
    }
  }
}
