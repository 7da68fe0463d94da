import { FieldCollector, classifyLabel, plausible } from './classify.ts';
import type { AdapterResult } from './types.ts';
import { answerText, isRecord, nameParts, own, ownString, type Json } from './values.ts';

/**
 * Jotform webhook: multipart/form-data with text fields
 *   formID, submissionID, formTitle, ip, pretty ("Full Name:Budi Santoso, ..."), username, type, ...
 *   rawRequest: a JSON string of the answers keyed "q<order>_<uniqueName>", e.g.
 *     {"slug": "submit/2412...", "q3_fullName": {"first": "Budi", "last": "Santoso"},
 *      "q4_phoneNumber": {"full": "(0812) 345-6789"}, "q5_email": "budi@example.com",
 *      "q6_companyName": "PT Maju", "q7_message": "...", "event_id": "...", "timeToSubmit": "12", ...}
 * Answers map by the words of the unique name after "q<n>_" (trailing digits ignored: "email12").
 * Name fields {first, middle?, last} become first_name/last_name; phone {full} or {area, phone}.
 * Submission id: submissionID.
 */
export function isJotform(fields: Json): boolean {
  return own(fields, 'rawRequest') !== undefined || (own(fields, 'formID') !== undefined && own(fields, 'submissionID') !== undefined);
}

/** rawRequest as an object: parsed from its JSON string, taken as is when a JSON body already nested it. */
export function jotformAnswers(fields: Json): { ok: true; answers: Json } | { ok: false; details: string } {
  const raw = own(fields, 'rawRequest');
  if (raw === undefined) return { ok: true, answers: fields };
  if (isRecord(raw)) return { ok: true, answers: raw };
  if (typeof raw !== 'string') return { ok: false, details: 'rawRequest must be a JSON string of the answers' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return { ok: false, details: `rawRequest is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(parsed)) return { ok: false, details: 'rawRequest must be a JSON object of the answers, e.g. {"q3_fullName": {...}}' };
  return { ok: true, answers: parsed };
}

const Q_KEY = /^q\d+_(.+)$/;

export function fromJotform(answers: Json, fields: Json): AdapterResult {
  const collector = new FieldCollector();
  for (const key of Object.keys(answers)) {
    const match = Q_KEY.exec(key);
    if (!match) continue;
    const kind = classifyLabel(match[1]!);
    if (kind === undefined) continue;
    const value = own(answers, key);
    if (kind === 'name' || kind === 'first_name' || kind === 'last_name') {
      const parts = kind === 'name' ? nameParts(value) : undefined;
      if (parts) {
        collector.setName(parts);
        continue;
      }
    }
    const text = answerText(value);
    if (plausible(kind, text)) collector.set(kind, text);
  }
  const submissionId = ownString(fields, 'submissionID') ?? ownString(answers, 'submissionID');
  return { ok: true, fields: collector.result(), ...(submissionId ? { submissionId } : {}) };
}
