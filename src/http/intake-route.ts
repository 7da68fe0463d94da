import type { IncomingMessage, ServerResponse } from 'node:http';
import { draftFromFields } from '../domain/intake.ts';
import { intakeLead } from '../use-cases/intake-lead.ts';
import type { UseCaseContext } from '../use-cases/context.ts';
import { isAuthorized } from './intake-auth.ts';
import { parseLeadBody } from './parse-lead-body.ts';
import { BodyTooLarge, readBody } from './read-body.ts';
import { sendJson } from './respond.ts';

export const INTAKE_PATH = '/webhooks/lead';
const BODY_LIMIT = 64 * 1024;
const RETRY_AFTER_SECONDS = 30;

export interface IntakeRouteOptions {
  intakeToken: string;
}

/** POST /webhooks/lead: authenticate, parse, validate, then the intake use case decides. */
export function createIntakeHandler(ctx: UseCaseContext, options: IntakeRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const log = ctx.log.child({ route: INTAKE_PATH });
    if (!isAuthorized(req, options.intakeToken)) {
      req.resume();
      log.warn('intake: refused, missing or wrong token');
      sendJson(res, 401, { error: 'unauthorized', details: 'send the intake token as "Authorization: Bearer <token>" or "X-Intake-Token"' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendJson(res, 413, { error: 'payload too large', details: error.message });
        return;
      }
      throw error;
    }
    const parsed = parseLeadBody(req.headers['content-type'], body);
    if (!parsed.ok) {
      log.info({ status: parsed.status, details: parsed.details }, 'intake: refused body');
      sendJson(res, parsed.status, { error: parsed.error, details: parsed.details });
      return;
    }
    const draft = draftFromFields(parsed.fields);
    if (!draft.ok) {
      log.info({ problems: draft.problems }, 'intake: invalid lead');
      sendJson(res, 400, { error: 'invalid lead', details: draft.problems });
      return;
    }
    const keyHeader = req.headers['idempotency-key'];
    const idempotencyKey = typeof keyHeader === 'string' ? keyHeader.trim() : '';
    if (idempotencyKey.length > 200) {
      sendJson(res, 400, { error: 'invalid Idempotency-Key', details: 'at most 200 characters' });
      return;
    }

    try {
      const outcome = await intakeLead(ctx, draft.draft, idempotencyKey);
      if (outcome.kind === 'queued') {
        sendJson(res, 202, { lead_id: outcome.leadId, queued: true, details: 'accepted and saved on disk; it will be written to the sheet as soon as it is reachable' });
        return;
      }
      if (outcome.kind === 'duplicate') {
        sendJson(res, 200, { lead_id: outcome.lead.leadId, duplicate: true, matched_by: outcome.matchedBy });
        return;
      }
      const { lead } = outcome;
      sendJson(res, 201, {
        lead_id: lead.leadId,
        assigned_sales: lead.assignedSales || null,
        sales_slack_id: lead.salesSlackId || null,
        ...(outcome.assigned ? {} : { unassigned: true, details: 'no active rep: the lead is saved and managers were told' }),
        ...(lead.phoneValid ? {} : { warnings: ['phone is not a valid number; kept as sent'] }),
      });
    } catch (error) {
      // Only when even the local journal failed (disk full, read-only): the caller must retry.
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'intake: lead could not be written or journaled');
      sendJson(
        res,
        503,
        { error: 'lead not saved', details: 'the spreadsheet is unavailable; retry later with the same Idempotency-Key' },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    }
  };
}
