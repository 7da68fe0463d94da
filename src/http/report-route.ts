import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { CustomRoute } from '@slack/bolt';
import { previousDays, startOfDay } from '../domain/report/periods.ts';
import { computeSeries, type ReportSeries } from '../domain/report/report-series.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { loadReportView } from '../use-cases/load-report-view.ts';
import type { VisibilityContext } from '../use-cases/visibility-context.ts';
import { checkReportLink, REPORT_PATH } from './report-link.ts';

const PAGE_DIR = join(PROJECT_ROOT, 'src', 'http', 'report-page');
const UPLOT_DIR = join(PROJECT_ROOT, 'node_modules', 'uplot', 'dist');

/** Files the page loads, all served by Baton itself: nothing comes from the internet. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'report.js': { path: join(PAGE_DIR, 'report.js'), type: 'text/javascript; charset=utf-8' },
  'report.css': { path: join(PAGE_DIR, 'report.css'), type: 'text/css; charset=utf-8' },
  'uplot.js': { path: join(UPLOT_DIR, 'uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.css': { path: join(UPLOT_DIR, 'uPlot.min.css'), type: 'text/css; charset=utf-8' },
};
const cache = new Map<string, Buffer>();
function asset(name: string): Buffer | undefined {
  const spec = ASSETS[name];
  if (!spec) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(spec.path);
    cache.set(name, body);
  }
  return body;
}

/** Days the report draws: the 13 whole days before today, and today so far. */
export const REPORT_CHART_DAYS = 14;

export interface ReportPageData {
  generatedAt: number;
  timeZone: string;
  slaMinutes: number;
  series: ReportSeries;
}

function deny(res: ServerResponse, why: string): void {
  res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`403: ${why}. Ask Baton for a fresh link: /baton report in Slack, or the daily digest.\n`);
}

/** JSON inside a <script> tag: "<" escaped so "</script>" in a lead's name cannot end it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export async function reportData(vctx: VisibilityContext): Promise<ReportPageData> {
  const view = await loadReportView(vctx);
  const { timeZone, slaMinutes } = vctx.ctx.settings;
  const days = [...previousDays(view.now, REPORT_CHART_DAYS - 1, timeZone), { label: 'today', from: startOfDay(view.now, timeZone), to: view.now + 1 }];
  const byId = new Map(view.leads.map((lead) => [lead.leadId, lead]));
  const openExceptions = view.exceptions
    .filter((exception) => exception.resolvedAt === null)
    .map((exception) => ({ id: exception.exceptionId, label: `${exception.kind} · ${byId.get(exception.leadId)?.name ?? exception.leadId}`, openedAt: exception.openedAt }));
  return { generatedAt: view.now, timeZone, slaMinutes, series: computeSeries({ leads: view.leads, events: view.events, roster: view.roster, days, now: view.now, slaMinutes, openExceptions }) };
}

/**
 * GET /report: the managers' page with charts, only through a signed link that expires (the
 * digest and `/baton report` hand them out). The figures come from the same cached data as
 * App Home: a page view costs at most the audit tail's one read per CACHE_SECONDS.
 */
export function reportRoutes(vctx: VisibilityContext, key: Buffer): CustomRoute[] {
  const page = (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const check = checkReportLink(query, key, vctx.ctx.clock.now());
    if (!check.ok) {
      deny(res, check.why === 'expired' ? 'this report link has expired' : check.why === 'missing' ? 'the report needs a signed link' : 'this report link is not valid');
      return;
    }
    reportData(vctx)
      .then((data) => {
        const html = readFileSync(join(PAGE_DIR, 'report.html'), 'utf8').replace('/*REPORT_DATA*/null', scriptJson(data));
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          // The link is the credential: keep it out of Referer headers and other sites' frames.
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
          'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        });
        res.end(html);
      })
      .catch((error: unknown) => {
        vctx.ctx.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'report: could not read the figures');
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('503: Baton cannot read the sheet right now; try again in a minute.\n');
      });
  };
  const assets = (req: IncomingMessage, res: ServerResponse) => {
    const name = (req as IncomingMessage & { params?: { file?: string } }).params?.file ?? '';
    const body = asset(name);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': ASSETS[name]?.type ?? 'application/octet-stream', 'cache-control': 'public, max-age=3600' });
    res.end(body);
  };
  return [
    { path: REPORT_PATH, method: 'GET', handler: page },
    { path: `${REPORT_PATH}/assets/:file`, method: 'GET', handler: assets },
  ];
}
