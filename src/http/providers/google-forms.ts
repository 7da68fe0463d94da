import { FieldCollector, setByLabel } from './classify.ts';
import type { AdapterResult } from './types.ts';
import { isRecord, listText, own, ownString, scalarText, type Json } from './values.ts';

/**
 * Google Forms has no webhooks; an installable "On form submit" Apps Script trigger posts this shape
 * (Baton's own contract; the Apps Script in sheets-templates/ must produce exactly this):
 *
 *   POST /webhooks/lead?source=google-forms        Content-Type: application/json
 *   Authorization: Bearer <INTAKE_TOKEN>            (or ?token=<INTAKE_TOKEN>)
 *   {
 *     "source": "google-forms",                     // required: marks the shape
 *     "responseId": "2_ABaOnud...",                 // required in practice: FormResponse.getId(), the idempotency key
 *     "formId": "1FAIpQLSe...",                     // optional: FormApp form id
 *     "formTitle": "Contact us",                    // optional
 *     "submittedAt": "2024-05-01T10:00:00.000Z",    // optional: FormResponse.getTimestamp().toISOString()
 *     "respondentEmail": "budi@example.com",        // optional: FormResponse.getRespondentEmail() when the form collects emails
 *     "answers": {                                  // required: item title -> ItemResponse.getResponse()
 *       "Nama lengkap": "Budi Santoso",             //   text, paragraph, multiple choice, dropdown, scale, date: a string
 *       "Nomor WhatsApp": "0812-3456-789",
 *       "Produk yang diminati": ["CRM", "Support"]  //   checkboxes: an array of strings (grids, string[][], are ignored)
 *     }
 *   }
 *
 * A minimal script:
 *   function onFormSubmit(e) {
 *     var answers = {};
 *     e.response.getItemResponses().forEach(function (r) { answers[r.getItem().getTitle()] = r.getResponse(); });
 *     UrlFetchApp.fetch(BATON_URL + '/webhooks/lead?source=google-forms', {
 *       method: 'post', contentType: 'application/json', muteHttpExceptions: true,
 *       headers: { Authorization: 'Bearer ' + INTAKE_TOKEN },
 *       payload: JSON.stringify({ source: 'google-forms', responseId: e.response.getId(), formId: e.source.getId(),
 *         formTitle: e.source.getTitle(), submittedAt: e.response.getTimestamp().toISOString(),
 *         respondentEmail: e.response.getRespondentEmail() || undefined, answers: answers })
 *     });
 *   }
 *
 * Answers map by their title ("Nama lengkap" -> name, "Nomor WhatsApp" -> phone, "Email" -> email...).
 * Checkbox answers can only be a source. respondentEmail fills email when no answer did.
 */
export function isGoogleForms(body: Json): boolean {
  return own(body, 'source') === 'google-forms' && isRecord(own(body, 'answers'));
}

export function fromGoogleForms(body: Json): AdapterResult {
  const answers = own(body, 'answers');
  if (!isRecord(answers)) {
    return { ok: false, details: 'expected the Google Forms Apps Script shape: {"source": "google-forms", "responseId": "...", "answers": {"Question title": "answer"}}' };
  }
  const collector = new FieldCollector();
  for (const title of Object.keys(answers)) {
    const value = own(answers, title);
    if (Array.isArray(value)) setByLabel(collector, title, listText(value), ['source']);
    else setByLabel(collector, title, scalarText(value));
  }
  const respondentEmail = ownString(body, 'respondentEmail');
  if (respondentEmail?.includes('@')) collector.set('email', respondentEmail);
  const submissionId = ownString(body, 'responseId');
  return { ok: true, fields: collector.result(), ...(submissionId ? { submissionId } : {}) };
}
