import type { KnownBlock } from '@slack/types';
import dayjs from 'dayjs';
import type { PeriodFigures } from '../../domain/report/compute-figures.ts';
import { clockTime } from '../../domain/time.ts';
import type { OpenLead } from '../../use-cases/build-home.ts';
import type { FoundLead } from '../../use-cases/find-lead.ts';
import { figuresBlocks, minutesText } from './figures-blocks.ts';
import type { ViewSettings } from './lead-details.ts';
import { escapeMrkdwn, mention } from './text.ts';

export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}

/** The help text: also the answer to anything /baton does not understand. */
export function helpReply(manager: boolean, problem?: string): Reply {
  const lines = [
    '`/baton status` — your open leads',
    '`/baton away` — away for the rest of today · `/baton away until 2026-12-10` (or `tomorrow`, `friday`) — through that day',
    '`/baton back` — take leads again',
    '`/baton lead <id | phone | email>` — owner, stage and history of a lead',
    ...(manager ? ['`/baton report` (`today` or `week`) — speed-to-lead figures and a link to the charts'] : []),
    '`/baton help` — this list',
  ];
  const head = problem ? `:thinking_face: ${escapeMrkdwn(problem)}\n` : '';
  return { text: `${head}${lines.join('\n')}` };
}

export function statusReply(leads: readonly OpenLead[], now: number, settings: ViewSettings): Reply {
  if (leads.length === 0) return { text: 'You have no open leads.' };
  const lines = leads.slice(0, 30).map(({ lead, deadline }) => {
    const title = `*${escapeMrkdwn(lead.name || lead.leadId)}* (${escapeMrkdwn(lead.leadId)})`;
    if (lead.stage === 'CONTACTED') return `• ${title} — CONTACTED, awaiting an outcome`;
    if (deadline === null) return `• ${title} — NEW`;
    const left = (deadline - now) / 60_000;
    return left >= 0 ? `• ${title} — NEW, ${minutesText(left)} left (by ${clockTime(deadline, settings.timeZone)})` : `• ${title} — NEW, SLA passed ${minutesText(-left)} ago`;
  });
  const more = leads.length > 30 ? `\n…and ${leads.length - 30} more (see the Home tab)` : '';
  return { text: `Your open leads (${leads.length}):\n${lines.join('\n')}${more}` };
}

export function awayReply(outcome: { kind: 'away'; lastDay: string } | { kind: 'back' } | { kind: 'not_on_roster' }, timeZone: string): Reply {
  if (outcome.kind === 'not_on_roster') return { text: 'You are not on the roster (`sales_sheet`), so there is no availability to change.' };
  if (outcome.kind === 'back') return { text: ':large_green_circle: Welcome back: new leads can be routed to you again.' };
  const day = dayjs.tz(outcome.lastDay, 'YYYY-MM-DD', timeZone).format('dddd D MMMM');
  return { text: `:palm_tree: You are away through ${day}: new leads go to others until then. \`/baton back\` any time.` };
}

export function reportReply(figures: { today: PeriodFigures; week: PeriodFigures }, range: 'today' | 'week', settings: ViewSettings, reportUrl: string): Reply {
  const shown = range === 'today' ? figures.today : figures.week;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*Speed to lead, ${range === 'today' ? 'today' : 'last 7 days'}*: ${shown.leadsIn} leads in, median ${minutesText(shown.medianMinutes)} to first contact` } },
    ...figuresBlocks(figures.today, figures.week, settings.slaMinutes),
    { type: 'section', block_id: 'report_link', text: { type: 'mrkdwn', text: `<${reportUrl}|Open the report with charts> (link valid 24 h)` } },
  ];
  return { text: `Speed to lead: ${shown.leadsIn} leads in, median ${minutesText(shown.medianMinutes)}. Charts: ${reportUrl}`, blocks };
}

export function leadReply(query: string, found: readonly FoundLead[], settings: ViewSettings): Reply {
  if (found.length === 0) return { text: `No lead matches \`${escapeMrkdwn(query)}\` (an id like L-…, a phone number or an email).` };
  const parts = found.map(({ lead, history }) => {
    const owners = lead.ownerHistory.length > 0 ? lead.ownerHistory.map(mention).join(' → ') : 'none';
    const events = history.slice(-10).map((event) => `• ${dayjs(event.at).tz(settings.timeZone).format('D MMM HH:mm')} ${escapeMrkdwn(event.event)} ${event.actor.startsWith('U') ? mention(event.actor) : escapeMrkdwn(event.actor)}: ${escapeMrkdwn(event.detail)}`);
    return [
      `*${escapeMrkdwn(lead.name || lead.leadId)}* (${escapeMrkdwn(lead.leadId)}) — *${lead.stage}*, owner ${mention(lead.salesSlackId)}`,
      `Arrived ${lead.createdAt !== null ? dayjs(lead.createdAt).tz(settings.timeZone).format('D MMM HH:mm') : '?'}${lead.contactedAt !== null ? ` · contacted ${dayjs(lead.contactedAt).tz(settings.timeZone).format('D MMM HH:mm')}` : ''} · routed ${lead.routeCount}× · owners ${owners}`,
      events.length > 0 ? events.join('\n') : '_no audit rows in the last two weeks_',
    ].join('\n');
  });
  return { text: parts.join('\n\n') };
}

/** When Baton cannot read the sheet right now. */
export function unavailableReply(error: unknown): Reply {
  return { text: `:warning: Baton cannot read the sheet right now (${escapeMrkdwn(error instanceof Error ? error.message : String(error)).slice(0, 200)}). Try again in a minute.` };
}

