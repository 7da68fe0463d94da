import { FieldCollector, setByLabel } from './classify.ts';
import type { AdapterResult } from './types.ts';
import { isRecord, own, ownString, scalarText, type Json } from './values.ts';

/**
 * Webflow form_submission webhooks (developers.webflow.com, "Form Submission" event):
 * - v2: { triggerType: "form_submission",
 *         payload: { name: "Contact Us", siteId, data: { "First Name": "...", "email": "...", "Phone Number": 15550000000 },
 *                    schema: [{ fieldName, fieldType, fieldElementId }], submittedAt, id, formId, formElementId?, pageId? } }
 * - v1: { name: "Sample Form", site, data: { name, email, ... }, d: "2022-09-14T12:35:16.117Z", _id }
 * The top-level/payload "name" is the form's name, never the lead's. Data keys are the form's field
 * names and map by label; a schema fieldType naming email/phone marks that field. Checkbox values
 * (booleans) are ignored. Submission id: payload.id (v2) or _id (v1).
 */
export function isWebflowV2(body: Json): boolean {
  return own(body, 'triggerType') === 'form_submission' && isRecord(own(own(body, 'payload'), 'data'));
}

export function isWebflowV1(body: Json): boolean {
  return typeof own(body, '_id') === 'string' && isRecord(own(body, 'data')) && (own(body, 'site') !== undefined || own(body, 'd') !== undefined);
}

export function fromWebflow(body: Json): AdapterResult {
  const v2 = isRecord(own(body, 'payload')) ? (own(body, 'payload') as Json) : undefined;
  const submission = v2 && isRecord(own(v2, 'data')) ? v2 : body;
  const data = own(submission, 'data');
  if (!isRecord(data)) {
    return { ok: false, details: 'expected a Webflow form_submission: {"triggerType": "form_submission", "payload": {"data": {...}}} or {"_id": "...", "data": {...}}' };
  }
  const collector = new FieldCollector();
  const schema = own(submission, 'schema');
  if (Array.isArray(schema)) {
    for (const item of schema) {
      const name = own(item, 'fieldName');
      const type = own(item, 'fieldType');
      if (typeof name !== 'string' || typeof type !== 'string') continue;
      const value = scalarText(own(data, name));
      if (/email/i.test(type)) collector.set('email', value);
      else if (/phone|tel/i.test(type)) collector.set('phone', value);
    }
  }
  for (const key of Object.keys(data)) setByLabel(collector, key, scalarText(own(data, key)));
  const submissionId = v2 ? ownString(v2, 'id') : ownString(body, '_id');
  return { ok: true, fields: collector.result(), ...(submissionId ? { submissionId } : {}) };
}
