import { FieldCollector } from './classify.ts';
import type { AdapterResult, Canonical } from './types.ts';
import { answerText, isRecord, own, ownCI, ownString, type Json } from './values.ts';

/**
 * HubSpot workflow "Send a webhook" action, contact-based:
 * - classic: { objectId | vid, portalId?, properties: { firstname: { value, versions? }, lastname, email, phone,
 *              mobilephone, company, message?, hs_analytics_source?, ... } }   (values may also be plain strings)
 * - flattened (chosen properties only): { hs_object_id, firstname, lastname, email, phone, company, ... }
 * Only the named contact properties below are read: a contact has hundreds of properties
 * ("hs_email_domain", "hs_sales_email_last_replied") that a fuzzy match would mistake for contact details.
 * Submission id: objectId, else vid, else hs_object_id (the contact id: a retried webhook for the
 * same contact is one lead).
 */
const PROPERTIES: ReadonlyArray<[Canonical, readonly string[]]> = [
  ['first_name', ['firstname']],
  ['last_name', ['lastname']],
  ['phone', ['phone', 'mobilephone', 'hs_whatsapp_phone_number']],
  ['email', ['email']],
  ['company', ['company']],
  ['source', ['lead_source', 'source', 'hs_latest_source', 'hs_analytics_source']],
  ['message', ['message']],
];

export function isHubspot(body: Json): boolean {
  const properties = own(body, 'properties');
  if (isRecord(properties)) return ['objectId', 'vid', 'portalId', 'hs_object_id'].some((key) => own(body, key) !== undefined) || own(properties, 'hs_object_id') !== undefined;
  return own(body, 'hs_object_id') !== undefined;
}

export function fromHubspot(body: Json): AdapterResult {
  const properties = isRecord(own(body, 'properties')) ? own(body, 'properties') : body;
  if (!isRecord(properties)) return { ok: false, details: 'expected a HubSpot webhook: {"objectId": 123, "properties": {"firstname": {"value": "..."}}}' };
  const collector = new FieldCollector();
  for (const [kind, names] of PROPERTIES) {
    for (const name of names) {
      const value = ownCI(properties, name);
      // Classic payloads wrap each value: {"value": "Budi", "versions": [...]}.
      if (collector.set(kind, answerText(isRecord(value) ? own(value, 'value') : value))) break;
    }
  }
  const submissionId =
    ownString(body, 'objectId') ?? ownString(body, 'vid') ?? ownString(body, 'hs_object_id') ?? answerText(own(own(properties, 'hs_object_id'), 'value')) ?? ownString(properties, 'hs_object_id');
  return { ok: true, fields: collector.result(), ...(submissionId ? { submissionId } : {}) };
}
