import { availabilityOf, type Availability } from '../domain/report/availability.ts';
import { computeFigures, type PeriodFigures } from '../domain/report/compute-figures.ts';
import type { ExceptionFacts } from '../domain/report/compute-digest.ts';
import { standardPeriods } from '../domain/report/periods.ts';
import { deadlineOf } from '../domain/plan-sweep.ts';
import type { Lead, Millis, Rep } from '../domain/types.ts';
import { loadReportView, type ReportView } from './load-report-view.ts';
import { isManager, type VisibilityContext } from './visibility-context.ts';

export interface OpenLead {
  lead: Lead;
  /** SLA deadline of a NEW lead; null for CONTACTED ones. */
  deadline: Millis | null;
}

export interface HomeModel {
  userId: string;
  now: Millis;
  rep: Rep | undefined;
  availability: Availability;
  openLeads: OpenLead[];
  manager: { figures: { today: PeriodFigures; week: PeriodFigures }; exceptions: Array<{ exception: ExceptionFacts; lead: Lead | undefined }> } | undefined;
}

/** Open leads of one person: NEW first, soonest deadline first, then CONTACTED, newest first. */
export function openLeadsOf(view: Pick<ReportView, 'leads'>, userId: string, slaMinutes: number): OpenLead[] {
  const policy = { slaMinutes, escalationThreshold: Number.POSITIVE_INFINITY };
  const mine = view.leads.filter((lead) => lead.salesSlackId === userId && (lead.stage === 'NEW' || lead.stage === 'CONTACTED'));
  const fresh = mine.filter((lead) => lead.stage === 'NEW').map((lead) => ({ lead, deadline: deadlineOf(lead, policy) }));
  fresh.sort((a, b) => (a.deadline ?? Infinity) - (b.deadline ?? Infinity));
  const contacted = mine.filter((lead) => lead.stage === 'CONTACTED').map((lead) => ({ lead, deadline: null }));
  contacted.sort((a, b) => (b.lead.contactedAt ?? 0) - (a.lead.contactedAt ?? 0));
  return [...fresh, ...contacted];
}

export function homeFromView(vctx: VisibilityContext, view: ReportView, userId: string): HomeModel {
  const { slaMinutes, timeZone } = vctx.ctx.settings;
  const rep = view.roster.find((one) => one.slackId === userId);
  const home: HomeModel = { userId, now: view.now, rep, availability: availabilityOf(rep, view.now), openLeads: openLeadsOf(view, userId, slaMinutes), manager: undefined };
  if (isManager(vctx, userId)) {
    const periods = standardPeriods(view.now, timeZone);
    const base = { leads: view.leads, events: view.events, roster: view.roster, now: view.now, slaMinutes };
    const byId = new Map(view.leads.map((lead) => [lead.leadId, lead]));
    home.manager = {
      figures: { today: computeFigures({ ...base, period: periods.today }), week: computeFigures({ ...base, period: periods.week }) },
      exceptions: view.exceptions
        .filter((exception) => exception.resolvedAt === null)
        .sort((a, b) => a.openedAt - b.openedAt)
        .map((exception) => ({ exception, lead: byId.get(exception.leadId) })),
    };
  }
  return home;
}

/** What one person's App Home shows, as of now. */
export async function buildHome(vctx: VisibilityContext, userId: string): Promise<HomeModel> {
  return homeFromView(vctx, await loadReportView(vctx), userId);
}
