/**
 * Form-provider adapters: a raw webhook request -> flat lead fields, with provider signature checks.
 * No I/O; multipart bodies are read by busboy (hence async). Never throws or rejects on any input.
 *
 * Detection: a `?source=` query parameter wins (typeform, tally, google-forms, webflow, jotform,
 * hubspot, html, json); otherwise the payload's shape decides, falling back to a flat generic body.
 * Any other `?source=` value (e.g. `?source=landing-page`) is taken as the lead's source when the
 * body names none, and detection goes by shape.
 *
 * A FIELD_MAP, when given, applies first: its fields win over what the adapter found and the result
 * is reported as provider 'field-map' (the detected provider still decides which signature is checked).
 */
import { canonicalFromFlat } from './classify.ts';
import { applyFieldMap } from './field-map.ts';
import { fromGoogleForms, isGoogleForms } from './google-forms.ts';
import { fromHubspot, isHubspot } from './hubspot.ts';
import { fromJotform, isJotform, jotformAnswers } from './jotform.ts';
import { parseMultipart } from './multipart.ts';
import { SIGNATURE_HEADERS, verifySignature, type SignatureScheme } from './signature.ts';
import { fromTally, isTally } from './tally.ts';
import { fromTypeform, isTypeform } from './typeform.ts';
import type { AdapterResult, CanonicalFields, FieldMap, ProviderName, ProviderParse, ProviderSecrets, RawSubmission, SignatureStatus } from './types.ts';
import { headerValue, isForbiddenKey, isRecord, type Json } from './values.ts';
import { fromWebflow, isWebflowV1, isWebflowV2 } from './webflow.ts';
import { fillGaps, scanFields } from './scan-fields.ts';

export type { FieldMap, ProviderName, ProviderParse, ProviderSecrets, RawSubmission, SignatureStatus } from './types.ts';
export { parseFieldMap } from './field-map.ts';

export const ACCEPTED_CONTENT_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] as const;

type Detected = Exclude<ProviderName, 'field-map'>;

const QUERY_SOURCES: Readonly<Record<string, Detected>> = {
  typeform: 'typeform',
  tally: 'tally',
  'google-forms': 'google-forms',
  google_forms: 'google-forms',
  googleforms: 'google-forms',
  gforms: 'google-forms',
  webflow: 'webflow',
  jotform: 'jotform',
  hubspot: 'hubspot',
  html: 'html-form',
  'html-form': 'html-form',
  form: 'html-form',
  json: 'generic-json',
  generic: 'generic-json',
  'generic-json': 'generic-json',
};

const PROVIDER_LABELS: Readonly<Record<Detected, string>> = {
  typeform: 'Typeform',
  tally: 'Tally',
  'google-forms': 'Google Forms',
  webflow: 'Webflow',
  jotform: 'Jotform',
  hubspot: 'HubSpot',
  'html-form': 'HTML form',
  'generic-json': 'JSON',
};

/** The intake token sent as `?token=` by providers that cannot set a header. Never log it. */
export function queryToken(query: URLSearchParams): string | undefined {
  const token = query.get('token')?.trim();
  return token ? token : undefined;
}

type Body =
  | { kind: 'json'; root: Json }
  | { kind: 'form' | 'multipart'; root: Json };

type Failure = Extract<ProviderParse, { ok: false }>;

function fail(status: 400 | 415, error: string, details: string): Failure {
  return { ok: false, status, error, details };
}

function flatObject(entries: Iterable<[string, string]>): Json {
  const out: Json = {};
  for (const [key, value] of entries) {
    if (isForbiddenKey(key) || Object.prototype.hasOwnProperty.call(out, key)) continue;
    out[key] = value;
  }
  return out;
}

async function readBody(contentType: string | undefined, body: Buffer): Promise<Body | Failure> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      return fail(400, 'invalid JSON', error instanceof Error ? error.message : String(error));
    }
    if (!isRecord(value)) return fail(400, 'invalid lead', 'the JSON body must be an object of fields, e.g. {"name": "...", "phone": "..."}');
    return { kind: 'json', root: value };
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', root: flatObject(new URLSearchParams(body.toString('utf8'))) };
  }
  if (type === 'multipart/form-data') {
    const parsed = await parseMultipart(body, contentType ?? '');
    if (!parsed.ok) return fail(400, 'invalid multipart body', parsed.details);
    return { kind: 'multipart', root: flatObject(parsed.fields) };
  }
  return fail(415, 'unsupported content type', `got "${type || 'none'}"; send ${ACCEPTED_CONTENT_TYPES.join(', ')}`);
}

function detectByShape(body: Body): Detected {
  const { root } = body;
  if (body.kind !== 'json') return isJotform(root) ? 'jotform' : 'html-form';
  if (isTypeform(root)) return 'typeform';
  if (isTally(root)) return 'tally';
  if (isGoogleForms(root)) return 'google-forms';
  if (isWebflowV2(root) || isWebflowV1(root)) return 'webflow';
  if (isJotform(root)) return 'jotform';
  if (isHubspot(root)) return 'hubspot';
  return 'generic-json';
}

function runAdapter(provider: Detected, body: Body, jotform: ReturnType<typeof jotformAnswers> | undefined): AdapterResult {
  const { root } = body;
  switch (provider) {
    case 'typeform':
      return fromTypeform(root);
    case 'tally':
      return fromTally(root);
    case 'google-forms':
      return fromGoogleForms(root);
    case 'webflow':
      return fromWebflow(root);
    case 'hubspot':
      return fromHubspot(root);
    case 'jotform':
      return jotform?.ok ? fromJotform(jotform.answers, root) : { ok: false, details: jotform?.details ?? 'no Jotform answers' };
    case 'html-form':
    case 'generic-json':
      return { ok: true, ...canonicalFromFlat(root) };
  }
}

function signatureOf(provider: Detected, sub: RawSubmission, secrets: ProviderSecrets): SignatureStatus {
  const secretOf: Record<SignatureScheme, string | undefined> = { typeform: secrets.typeformSecret, tally: secrets.tallySigningSecret };
  let scheme: SignatureScheme | undefined;
  if (provider === 'typeform' || provider === 'tally') scheme = provider;
  else if (headerValue(sub.headers, SIGNATURE_HEADERS.typeform) !== undefined) scheme = 'typeform';
  else if (headerValue(sub.headers, SIGNATURE_HEADERS.tally) !== undefined) scheme = 'tally';
  if (scheme === undefined) return 'not-configured';
  return verifySignature(scheme, secretOf[scheme], headerValue(sub.headers, SIGNATURE_HEADERS[scheme]), sub.body);
}

function hasEntries(map: FieldMap | undefined): map is FieldMap {
  return map !== undefined && Object.values(map).some((value) => typeof value === 'string' && value !== '');
}

function merge(base: CanonicalFields, mapped: CanonicalFields): CanonicalFields {
  const out: CanonicalFields = { ...base };
  // A mapped name in any form replaces every name the adapter guessed (draftFromFields prefers "name").
  if (mapped.name !== undefined || mapped.first_name !== undefined || mapped.last_name !== undefined) {
    delete out.name;
    delete out.first_name;
    delete out.last_name;
  }
  return { ...out, ...mapped };
}

async function parse(sub: RawSubmission, secrets: ProviderSecrets, fieldMap: FieldMap | undefined): Promise<ProviderParse> {
  const body = await readBody(sub.contentType, sub.body);
  if ('ok' in body) return body;

  const sourceParam = sub.query.get('source')?.trim() ?? '';
  const requested = QUERY_SOURCES[sourceParam.toLowerCase()];
  // Only a short label can be a lead source (draftFromFields refuses a source over 100 characters).
  const sourceLabel = requested === undefined && sourceParam !== '' && sourceParam.length <= 100 ? sourceParam : undefined;
  const provider = requested ?? detectByShape(body);

  const jotform = provider === 'jotform' || isJotform(body.root) ? jotformAnswers(body.root) : undefined;
  if (provider === 'jotform' && jotform && !jotform.ok) return fail(400, 'invalid Jotform rawRequest', jotform.details);
  const adapted = runAdapter(provider, body, jotform);
  // Whatever the shape, a name, phone or email the adapter missed is looked for at any depth, in any language.
  const scanned = scanFields(jotform?.ok && jotform.answers !== body.root ? { root: body.root, answers: jotform.answers } : body.root);
  const generic = provider === 'generic-json' || provider === 'html-form';

  let result: { provider: ProviderName; fields: CanonicalFields; submissionId?: string };
  const mapped = hasEntries(fieldMap)
    ? applyFieldMap(fieldMap, jotform?.ok && jotform.answers !== body.root ? [{ ...body.root, rawRequest: jotform.answers }, jotform.answers] : [body.root])
    : undefined;
  if (mapped && mapped.matched > 0) {
    const base = adapted.ok ? { ...adapted, fields: fillGaps(adapted.fields, scanned.fields, generic) } : { fields: fillGaps({}, scanned.fields, generic), submissionId: undefined };
    const submissionId = mapped.submissionId ?? base.submissionId;
    result = { provider: 'field-map', fields: merge(base.fields, mapped.fields), ...(submissionId ? { submissionId } : {}) };
  } else if (adapted.ok) {
    const fields = fillGaps(adapted.fields, scanned.fields, generic);
    result = { provider, fields, ...(adapted.submissionId ? { submissionId: adapted.submissionId } : {}) };
  } else {
    const how = requested ? `?source=${sourceParam.slice(0, 40)} was given` : 'detected by shape';
    return fail(400, `not a ${PROVIDER_LABELS[provider]} payload`, `${adapted.details} (${how}; got ${body.kind === 'json' ? 'JSON' : body.kind === 'form' ? 'a urlencoded form' : 'multipart/form-data'})`);
  }
  if (sourceLabel !== undefined && result.fields.source === undefined) result.fields = { ...result.fields, source: sourceLabel };
  return { ok: true, ...result, signature: signatureOf(provider, sub, secrets), seen: scanned.seen };
}

/** A raw webhook request -> canonical lead fields, the provider's submission id and its signature status. */
export async function parseSubmission(sub: RawSubmission, secrets: ProviderSecrets, fieldMap?: FieldMap): Promise<ProviderParse> {
  try {
    return await parse(sub, secrets, fieldMap);
  } catch (error) {
    // Defence in depth: every path above is written not to throw; a surprise is a bad request, not a crash.
    return fail(400, 'unreadable body', error instanceof Error ? error.message : String(error));
  }
}
