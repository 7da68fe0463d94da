import { describe, expect, it } from 'vitest';
import type { Lead } from '../../src/domain/types.ts';
import { leadMessage, parseButtonValue } from '../../src/slack/views/lead-message.ts';
import { managerMessage } from '../../src/slack/views/manager-notice.ts';
import { ownerUpdateMessage } from '../../src/slack/views/owner-update.ts';
import { rejectionText } from '../../src/slack/views/rejection.ts';

const T = Date.UTC(2026, 10, 25, 7, 5);
const settings = { timeZone: 'Asia/Jakarta', slaMinutes: 60 };
const lead: Lead = {
  leadId: 'L-01KB2Y7Z3M-7K3F',
  name: 'Budi <script>alert(1)</script> & co',
  phone: '6281234567890',
  phoneValid: true,
  email: 'budi@example.com',
  company: 'Toko *Maju*',
  source: 'landing',
  message: 'Call me\nafter lunch',
  stage: 'NEW',
  assignedSales: 'Ayu',
  salesSlackId: 'UAYU',
  routeCount: 0,
  createdAt: T,
  assignedAt: T,
  lastRoutedAt: null,
  contactedAt: null,
  idempotencyKey: '',
  slackChannel: 'D1',
  slackTs: '1.1',
  ownerHistory: ['UAYU'],
};
const json = (value: unknown) => JSON.stringify(value);

describe('lead DM', () => {
  const message = leadMessage({ kind: 'new', lead }, settings);

  it('carries tap-to-call and WhatsApp links, times in TIMEZONE and the SLA deadline', () => {
    expect(json(message.blocks)).toContain('<tel:+6281234567890|+6281234567890>');
    expect(json(message.blocks)).toContain('<https://wa.me/6281234567890|WhatsApp>');
    expect(json(message.blocks)).toContain('14:05 (Asia/Jakarta)');
    expect(json(message.blocks)).toContain('Please contact by *15:05*');
    expect(message.text).toContain('please contact by 15:05');
  });

  it('escapes what the lead typed so it cannot inject mrkdwn links or mentions', () => {
    expect(json(message.blocks)).not.toContain('<script>');
    expect(json(message.blocks)).toContain('&lt;script&gt;');
    expect(json(message.blocks)).toContain('&amp; co');
  });

  it('has one Mark as CONTACTED button whose value names the lead and the addressee, then Can\'t take it', () => {
    const actions = message.blocks.find((block) => block.type === 'actions') as { elements: Array<{ action_id: string; value: string }> };
    expect(actions.elements.map((element) => element.action_id)).toEqual(['mark_contacted', 'pass_lead']);
    expect(actions.elements[0]?.action_id).toBe('mark_contacted');
    expect(parseButtonValue(actions.elements[0]?.value)).toEqual({ leadId: lead.leadId, addressedTo: 'UAYU' });
  });

  it('says why a re-routed lead arrived', () => {
    const rerouted = leadMessage({ kind: 'rerouted', lead: { ...lead, routeCount: 2 }, from: { name: 'Bima', slackId: 'UBIMA' }, slaMinutes: 60 }, settings);
    expect(json(rerouted.blocks)).toContain('re-routed: <@UBIMA> did not respond within 60 min · route 2');
  });

  it('flags an invalid phone instead of linking it', () => {
    const odd = leadMessage({ kind: 'new', lead: { ...lead, phone: '12345', phoneValid: false } }, settings);
    expect(json(odd.blocks)).not.toContain('wa.me');
    expect(json(odd.blocks)).toContain('not a valid number, kept as sent');
  });
});

describe('parseButtonValue', () => {
  it.each([
    ['{"lead_id":"L-1","to":"U1"}', { leadId: 'L-1', addressedTo: 'U1' }],
    ['L-PLAIN-1', { leadId: 'L-PLAIN-1', addressedTo: '' }],
    ['', undefined],
    ['{"lead_id":5}', undefined],
    ['{broken', undefined],
    ['<script>', undefined],
    [42, undefined],
    ['x'.repeat(3000), undefined],
  ])('reads %j', (value, expected) => {
    expect(parseButtonValue(value)).toEqual(expected);
  });
});

describe('owner DM updates', () => {
  it('shows who contacted and how fast, without a button', () => {
    const update = ownerUpdateMessage({ kind: 'contacted', lead: { ...lead, stage: 'CONTACTED', contactedAt: T + 12 * 60_000 }, minutesAfterAssignment: 12 }, settings);
    expect(json(update.blocks)).not.toContain('mark_contacted');
    expect(json(update.blocks)).toContain('Contacted by <@UAYU> at 14:17 (12 min after assignment)');
  });

  it('shows where a re-routed lead went', () => {
    const update = ownerUpdateMessage({ kind: 'moved', lead: { ...lead, salesSlackId: 'UBIMA', lastRoutedAt: T + 61 * 60_000 }, to: { name: 'Bima', slackId: 'UBIMA' }, slaMinutes: 60 }, settings);
    expect(json(update.blocks)).not.toContain('mark_contacted');
    expect(json(update.blocks)).toContain('Re-routed to <@UBIMA> at 15:06 after the 1 h SLA');
  });
});

describe('rejection replies', () => {
  it.each([
    [{ code: 'not_owner' as const, lead }, 'This lead is assigned to <@UAYU>; only they can mark it contacted.'],
    [{ code: 'already_contacted' as const, lead: { ...lead, contactedAt: T + 15 * 60_000 } }, 'Already contacted at 14:20; nothing more to do.'],
    [{ code: 'rerouted' as const, lead: { ...lead, salesSlackId: 'UBIMA', lastRoutedAt: T + 61 * 60_000 } }, 'This lead was re-routed to <@UBIMA> at 15:06 after the 1 h SLA; nothing was changed.'],
    [{ code: 'not_new' as const, lead: { ...lead, stage: 'QUALIFIED' as const } }, 'This lead is QUALIFIED now, not NEW; nothing was changed.'],
    [{ code: 'unknown_lead' as const, leadId: 'L-GONE' }, "I can't find lead L-GONE in the lead sheet any more; nothing was changed."],
  ])('%#: explains %j', (rejection, text) => {
    expect(rejectionText(rejection, settings)).toBe(text);
  });
});

describe('manager notices', () => {
  it('gives the escalation with owner and routing history', () => {
    const message = managerMessage({ kind: 'escalation', lead: { ...lead, routeCount: 10, ownerHistory: ['UAYU', 'UBIMA', 'UCITRA'] }, threshold: 10 }, settings);
    expect(json(message.blocks)).toContain('<@UAYU> → <@UBIMA> → <@UCITRA>');
    expect(json(message.blocks)).toContain('routed 10 times without contact (threshold 10)');
  });

  it('lists waiting leads once, capped', () => {
    const leads = Array.from({ length: 25 }, (_, i) => ({ ...lead, leadId: `L-${i}`, name: `Lead ${i}` }));
    const message = managerMessage({ kind: 'no-active-rep', leads }, settings);
    expect(json(message.blocks)).toContain('…and 5 more');
    expect(message.text).toBe('No active sales rep: 25 lead(s) waiting');
  });
});
