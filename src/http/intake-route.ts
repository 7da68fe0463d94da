import type { IncomingMessage, ServerResponse } from 'node:http';
import { draftFromFields } from '../domain/intake.ts';
import { withFormFields } from './form-fields.ts';
import { intakeLead } from '../use-cases/intake-lead.ts';
import type { UseCaseContext } from '../use-cases/context.ts';
import { isAuthorized, matchesSecret } from './intake-auth.ts';
import { parseSubmission, queryToken, type FieldMap, type ProviderSecrets } from './providers/index.ts';
import { BodyTooLarge, readBody } from './read-body.ts';
import { sendJson } from './respond.ts';

export const INTAKE_PATH = '/webhooks/lead';
const BODY_LIMIT = 64 * 1024;
const RETRY_AFTER_SECONDS = 30;

export interface IntakeRouteOptions {
  intakeToken: string;
  providerSecrets: ProviderSecrets;
  fieldMap?: FieldMap;
  /** Told the status of every answer (metrics). */
  onAnswer?: (status: number) => void;
}

/** POST /webhooks/lead: authenticate, recognise the form provider, validate, then the intake use case decides. */
export function createIntakeHandler(ctx: UseCaseContext, options: IntakeRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const log = ctx.log.child({ route: INTAKE_PATH });
    const respond = (status: number, body: unknown, headers?: Record<string, string>) => {
      options.onAnswer?.(status);
      sendJson(res, status, body, headers);
    };
    let body: Buffer;
    try {
      body = await readBody(req, BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        respond(413, { error: 'payload too large', details: error.message });
        return;
      }
      // The client went away mid-body (aborted, reset): nobody to answer, nothing to write. Rethrowing
      // would be an unhandled rejection (Bolt does not await custom routes), which ends the process.
      log.info({ err: error instanceof Error ? error.message : String(error) }, 'intake: request body not received in full; dropped');
      res.destroy();
      return;
    }
    const query = new URL(req.url ?? '/', 'http://intake.local').searchParams;
    const parsed = await parseSubmission({ contentType: req.headers['content-type'], body, query, headers: req.headers }, options.providerSecrets, options.fieldMap);
    // Typeform, Webflow, Jotform and plain HTML forms cannot send headers: ?token= or a valid provider signature also count.
    const signed = parsed.ok && parsed.signature === 'valid';
    const tokenOk = isAuthorized(req, options.intakeToken) || matchesSecret(queryToken(query), options.intakeToken);
    if ((!tokenOk && !signed) || (parsed.ok && parsed.signature === 'invalid')) {
      log.warn({ signature: parsed.ok ? parsed.signature : 'n/a' }, 'intake: refused, missing or wrong token or signature');
      respond(401, { error: 'unauthorized', details: 'send the intake token as "Authorization: Bearer <token>", "X-Intake-Token" or ?token=, or a valid provider signature' });
      return;
    }
    if (!parsed.ok) {
      // Not the details: parser messages quote the body ("budi@exa"… is not valid JSON). The sender gets them.
      log.info({ status: parsed.status, error: parsed.error }, 'intake: refused body');
      respond(parsed.status, { error: parsed.error, details: parsed.details });
      return;
    }
    const draft = draftFromFields(parsed.fields);
    if (!draft.ok) {
      // The values sent stay out of the log; the contacts appear only masked (the logger masks phone and email).
      const problems = draft.problems.map(({ field, problem }) => ({ field, problem }));
      log.info({ problems, phone: parsed.fields.phone, email: parsed.fields.email, provider: parsed.provider }, 'intake: invalid lead');
      respond(400, { error: 'invalid lead', details: draft.problems });
      return;
    }
    const keyHeader = req.headers['idempotency-key'];
    const idempotencyKey = typeof keyHeader === 'string' && keyHeader.trim() ? keyHeader.trim() : (parsed.submissionId ?? '');
    if (idempotencyKey.length > 200) {
      respond(400, { error: 'invalid Idempotency-Key', details: 'at most 200 characters' });
      return;
    }

    try {
      // The labels the form sent travel with the lead (names only) so a missing_fields exception can list them.
      const submitted = parsed.seen && parsed.seen.length > 0 ? { ...draft.draft, seen: parsed.seen } : draft.draft;
      const outcome = await intakeLead(ctx, withFormFields(submitted, parsed.fields), idempotencyKey);
      if (outcome.kind === 'queued') {
        respond(202, { lead_id: outcome.leadId, queued: true, details: 'accepted and saved on disk; it will be written to the sheet as soon as it is reachable' });
        return;
      }
      if (outcome.kind === 'duplicate') {
        respond(200, { lead_id: outcome.leadId, duplicate: true, matched_by: outcome.matchedBy });
        return;
      }
      const { lead } = outcome;
      respond(201, {
        lead_id: lead.leadId,
        assigned_sales: lead.assignedSales || null,
        sales_slack_id: lead.salesSlackId || null,
        provider: parsed.provider,
        ...(outcome.assigned ? {} : { unassigned: true, details: 'no active rep: the lead is saved and managers were told' }),
        ...warningsOf(lead.phoneValid, draft.draft.gaps),
      });
    } catch (error) {
      // Only when even the local journal failed (disk full, read-only): the caller must retry.
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'intake: lead could not be written or journaled');
      respond(
        503,
        { error: 'lead not saved', details: 'neither the spreadsheet nor the local journal could take it; retry later with the same Idempotency-Key' },
        { 'retry-after': String(RETRY_AFTER_SECONDS) },
      );
    }
  };
}

/** What the sender should know about an accepted lead: Baton kept it, and a manager will look at what it could not read. */
function warningsOf(phoneValid: boolean, gaps: readonly string[] | undefined): { warnings?: string[] } {
  const warnings = [
    ...(phoneValid ? [] : ['phone is not a valid number; kept as sent']),
    ...(gaps && gaps.length > 0 ? [`accepted with fields missing or unreadable (${gaps.join('; ')}); a manager was asked to complete it`] : []),
  ];
  return warnings.length > 0 ? { warnings } : {};
}
