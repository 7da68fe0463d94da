import { computeDigest, type Digest } from '../domain/report/compute-digest.ts';
import { loadReportView } from './load-report-view.ts';
import type { VisibilityContext } from './visibility-context.ts';

/** Posts one manager's copy of the digest; rejects when Slack refuses. */
export type DigestPoster = (managerId: string, digest: Digest) => Promise<void>;

/** Yesterday's digest to every manager; one manager Slack refuses does not stop the others. */
export async function sendDigest(vctx: VisibilityContext, post: DigestPoster): Promise<{ digest: Digest; reached: string[]; failed: string[] }> {
  const { ctx } = vctx;
  const view = await loadReportView(vctx);
  const digest = computeDigest({ leads: view.leads, events: view.events, roster: view.roster, exceptions: view.exceptions, now: view.now, timeZone: ctx.settings.timeZone, slaMinutes: ctx.settings.slaMinutes });
  const reached: string[] = [];
  const failed: string[] = [];
  for (const managerId of vctx.managerIds) {
    try {
      await post(managerId, digest);
      reached.push(managerId);
    } catch (error) {
      failed.push(managerId);
      ctx.log.warn({ manager: managerId, err: error instanceof Error ? error.message : String(error) }, 'digest: could not reach a manager');
    }
  }
  ctx.log.info({ day: digest.day, reached: reached.length, failed: failed.length, leads: digest.yesterday.leadsIn }, 'digest sent');
  return { digest, reached, failed };
}
