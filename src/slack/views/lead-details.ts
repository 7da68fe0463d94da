import type { KnownBlock } from '@slack/types';
import { clockTime } from '../../domain/time.ts';
import type { Lead } from '../../domain/types.ts';
import { displayPhone, escapeMrkdwn } from './text.ts';

export interface ViewSettings {
  timeZone: string;
  slaMinutes: number;
}

/** The lead as a rep needs it: who, how to reach them (tap to call, WhatsApp), and what they said. */
export function leadDetailBlocks(lead: Lead, settings: ViewSettings): KnownBlock[] {
  const fields: string[] = [];
  if (lead.phone) {
    const shown = escapeMrkdwn(displayPhone(lead.phone, lead.phoneValid));
    fields.push(
      lead.phoneValid
        ? `*Phone*\n<tel:+${lead.phone}|${shown}> · <https://wa.me/${lead.phone}|WhatsApp>`
        : `*Phone*\n${shown}\n:warning: not a valid number, kept as sent`,
    );
  }
  if (lead.email) fields.push(`*Email*\n<mailto:${encodeURI(lead.email)}|${escapeMrkdwn(lead.email)}>`);
  if (lead.company) fields.push(`*Company*\n${escapeMrkdwn(lead.company)}`);
  if (lead.source) fields.push(`*Source*\n${escapeMrkdwn(lead.source)}`);
  if (lead.createdAt !== null) fields.push(`*Received*\n${clockTime(lead.createdAt, settings.timeZone)} (${settings.timeZone})`);
  fields.push(`*Lead*\n${escapeMrkdwn(lead.leadId)}`);

  const blocks: KnownBlock[] = [{ type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text })) }];
  if (lead.message) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `> ${escapeMrkdwn(lead.message).replace(/\n/g, '\n> ')}` } });
  }
  return blocks;
}

export function leadTitle(lead: Lead): string {
  return escapeMrkdwn(lead.name || lead.phone || lead.email || lead.leadId);
}
