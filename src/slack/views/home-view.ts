import type { KnownBlock, View } from '@slack/types';
import { clockTime } from '../../domain/time.ts';
import type { ExceptionFacts } from '../../domain/report/compute-digest.ts';
import type { HomeModel, OpenLead } from '../../use-cases/build-home.ts';
import type { Lead } from '../../domain/types.ts';
import { figuresBlocks, minutesText } from './figures-blocks.ts';
import { buttonValue } from './lead-message.ts';
import type { ViewSettings } from './lead-details.ts';
import { displayPhone, escapeMrkdwn } from './text.ts';
import dayjs from 'dayjs';

/** Action ids of App Home's own buttons (listeners in src/slack/listeners/home-*.ts). */
export const HOME_ACTIONS = {
  awayToday: 'home_away_today',
  awayUntil: 'home_away_until',
  back: 'home_back',
  markContacted: 'home_mark_contacted',
  refresh: 'home_refresh',
} as const;

/** The exceptions issue's action ids: App Home offers the same buttons as their messages. */
export const EXCEPTION_ACTIONS = { ack: 'exception_ack', assign: 'exception_assign', dismiss: 'exception_dismiss', qualified: 'mark_qualified', lost: 'mark_lost' } as const;

export interface HomeViewOptions extends ViewSettings {
  /** A signed link to the report page, for managers. */
  reportUrl?: string;
  /** Renders an open exception with its actions (the exceptions issue's builder); a plain one otherwise. */
  exceptionBlocks?: (exception: ExceptionFacts, lead: Lead | undefined) => KnownBlock[];
}

function availabilityBlocks(home: HomeModel, options: HomeViewOptions): KnownBlock[] {
  const { availability, rep } = home;
  if (!rep) {
    return [{ type: 'section', block_id: 'availability', text: { type: 'mrkdwn', text: 'You are not on the roster (`sales_sheet`), so Baton does not route leads to you.' } }];
  }
  const zone = availability.timeZone || options.timeZone;
  const state = !availability.active
    ? ':white_circle: *Switched off in the roster* (`active` is OFF): no leads are routed to you.'
    : availability.away && availability.oooUntil !== null
      ? `:palm_tree: *Away* until ${dayjs(availability.oooUntil).tz(zone).format('ddd D MMM HH:mm')} (${zone}): new leads go to others.`
      : ':large_green_circle: *Available*: new leads can be routed to you.';
  const hours = availability.workingHours ? `Working hours: ${escapeMrkdwn(availability.workingHours)} (${zone})` : `Working hours: any time (none set in the roster)`;
  const buttons = availability.away
    ? [{ type: 'button' as const, action_id: HOME_ACTIONS.back, style: 'primary' as const, text: { type: 'plain_text' as const, text: "I'm back" }, value: 'back' }]
    : [
        { type: 'button' as const, action_id: HOME_ACTIONS.awayToday, text: { type: 'plain_text' as const, text: 'Away for today' }, value: 'today' },
        { type: 'datepicker' as const, action_id: HOME_ACTIONS.awayUntil, placeholder: { type: 'plain_text' as const, text: 'Away through…' } },
      ];
  return [
    { type: 'section', block_id: 'availability', text: { type: 'mrkdwn', text: state } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: hours }] },
    { type: 'actions', block_id: 'availability_actions', elements: buttons },
  ];
}

function openLeadBlocks(item: OpenLead, home: HomeModel, options: HomeViewOptions): KnownBlock[] {
  const { lead, deadline } = item;
  const title = escapeMrkdwn(lead.name || lead.phone || lead.email || lead.leadId);
  const reach = lead.phoneValid && lead.phone ? `<tel:+${lead.phone}|${escapeMrkdwn(displayPhone(lead.phone, true))}> · <https://wa.me/${lead.phone}|WhatsApp>` : escapeMrkdwn(lead.phone || lead.email);
  let status: string;
  if (lead.stage === 'NEW') {
    const left = deadline === null ? null : (deadline - home.now) / 60_000;
    status =
      left === null ? 'NEW' : left >= 0 ? `:stopwatch: NEW · ${minutesText(left)} left (contact by ${clockTime(deadline as number, options.timeZone)})` : `:rotating_light: NEW · SLA passed ${minutesText(-left)} ago`;
  } else {
    status = `:telephone_receiver: CONTACTED ${lead.contactedAt !== null ? `at ${clockTime(lead.contactedAt, options.timeZone)}` : ''} · awaiting an outcome`;
  }
  const value = buttonValue(lead.leadId, lead.salesSlackId);
  const elements =
    lead.stage === 'NEW'
      ? [{ type: 'button' as const, action_id: HOME_ACTIONS.markContacted, style: 'primary' as const, text: { type: 'plain_text' as const, text: 'Mark as CONTACTED' }, value }]
      : [
          { type: 'button' as const, action_id: EXCEPTION_ACTIONS.qualified, style: 'primary' as const, text: { type: 'plain_text' as const, text: 'Qualified' }, value },
          { type: 'button' as const, action_id: EXCEPTION_ACTIONS.lost, text: { type: 'plain_text' as const, text: 'Lost' }, value },
        ];
  return [
    { type: 'section', block_id: `lead_${lead.leadId}`.slice(0, 255), text: { type: 'mrkdwn', text: `*${title}* · ${escapeMrkdwn(lead.leadId)}\n${reach}\n${status}` } },
    { type: 'actions', block_id: `lead_actions_${lead.leadId}`.slice(0, 255), elements },
  ];
}

/** An open exception without the exceptions issue's builder: what it is, and its three actions. */
export function plainExceptionBlocks(exception: ExceptionFacts, lead: Lead | undefined): KnownBlock[] {
  const who = lead ? `${escapeMrkdwn(lead.name || lead.leadId)} (${escapeMrkdwn(lead.leadId)})` : escapeMrkdwn(exception.leadId || 'no lead');
  const button = (action_id: string, text: string) => ({ type: 'button' as const, action_id, text: { type: 'plain_text' as const, text }, value: exception.exceptionId });
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `:warning: *${escapeMrkdwn(exception.kind)}* · ${who}\n${escapeMrkdwn(exception.detail)}` } },
    { type: 'actions', block_id: `exception_${exception.exceptionId}`.slice(0, 255), elements: [button(EXCEPTION_ACTIONS.ack, 'Acknowledge'), button(EXCEPTION_ACTIONS.assign, 'Assign…'), button(EXCEPTION_ACTIONS.dismiss, 'Dismiss…')] },
  ];
}

/** Slack allows 100 blocks in a Home view: lists shrink until it fits, with a note of how many are not shown. */
const LIMITS: ReadonlyArray<readonly [leads: number, exceptions: number]> = [
  [20, 10],
  [10, 5],
  [5, 3],
  [3, 1],
  [0, 0],
];
const MAX_BLOCKS = 100;

/** Block ids must be unique in a view; a builder made for one message may reuse its own. */
function uniqueIds(blocks: KnownBlock[], suffix: string): KnownBlock[] {
  return blocks.map((block, index) => ({ ...block, block_id: `${block.block_id ?? "b"}_${index}_${suffix}`.slice(0, 255) }) as KnownBlock);
}

/** One person's Home tab: availability, open leads, and for managers exceptions and figures. */
export function homeView(home: HomeModel, options: HomeViewOptions): View {
  for (const [maxLeads, maxExceptions] of LIMITS) {
    const blocks = homeBlocks(home, options, maxLeads, maxExceptions);
    if (blocks.length <= MAX_BLOCKS) return { type: 'home', blocks };
  }
  return { type: 'home', blocks: homeBlocks(home, options, 0, 0).slice(0, MAX_BLOCKS) };
}

function homeBlocks(home: HomeModel, options: HomeViewOptions, maxLeads: number, maxExceptions: number): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your availability' } }, ...availabilityBlocks(home, options), { type: 'divider' }];
  const fresh = home.openLeads.filter((item) => item.lead.stage === 'NEW').length;
  blocks.push({ type: 'header', text: { type: 'plain_text', text: `Your open leads (${home.openLeads.length})` } });
  if (home.openLeads.length === 0) blocks.push({ type: 'section', block_id: 'no_leads', text: { type: 'mrkdwn', text: 'Nothing waiting for you.' } });
  else blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${fresh} NEW (to call within ${options.slaMinutes} min), ${home.openLeads.length - fresh} CONTACTED awaiting an outcome` }] });
  for (const item of home.openLeads.slice(0, maxLeads)) blocks.push(...openLeadBlocks(item, home, options));
  if (home.openLeads.length > maxLeads) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${home.openLeads.length - maxLeads} more: \`/baton status\`` }] });
  if (home.manager) {
    const { exceptions, figures } = home.manager;
    blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: `Open exceptions (${exceptions.length})` } });
    if (exceptions.length === 0) blocks.push({ type: 'section', block_id: 'no_exceptions', text: { type: 'mrkdwn', text: 'None open.' } });
    const render = options.exceptionBlocks ?? plainExceptionBlocks;
    for (const { exception, lead } of exceptions.slice(0, maxExceptions)) blocks.push(...uniqueIds(render(exception, lead), exception.exceptionId));
    if (exceptions.length > maxExceptions) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${exceptions.length - maxExceptions} more` }] });
    blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'Speed to lead' } }, ...figuresBlocks(figures.today, figures.week, options.slaMinutes));
    if (options.reportUrl) blocks.push({ type: 'section', block_id: 'report_link', text: { type: 'mrkdwn', text: `<${options.reportUrl}|Open the report with charts> (link valid 24 h)` } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${clockTime(home.now, options.timeZone)} (${options.timeZone}) · figures may be up to a minute old` }] });
  return blocks;
}
