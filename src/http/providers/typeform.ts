import { FieldCollector, classifyLabel, plausible } from './classify.ts';
import type { AdapterResult, Canonical } from './types.ts';
import { answerText, isRecord, own, ownString, scalarText, type Json } from './values.ts';

/**
 * Typeform webhook (https://www.typeform.com/developers/webhooks/example-payload/):
 * {
 *   event_id, event_type: "form_response",
 *   form_response: {
 *     form_id, token, landed_at, submitted_at,
 *     hidden: { utm_source: "...", ... },
 *     definition: { id, title, fields: [{ id, ref, title, type, properties, choices? }] },
 *     answers: [{ type: "text"|"email"|"phone_number"|"choice"|"choices"|"boolean"|"number"|"date"|"url"|...,
 *                 text|email|phone_number|choice: {label}|choices: {labels}|..., field: { id, ref, type } }],
 *     variables?, calculated?, ending?
 *   }
 * }
 * Submission id: form_response.token (one per response), else event_id.
 */
export function isTypeform(body: Json): boolean {
  return own(body, 'event_type') === 'form_response' && isRecord(own(body, 'form_response'));
}

/** Answer kinds that can only be a source (a "How did you hear about us?" choice), never a name or contact. */
const CHOICE_TYPES = new Set(['choice', 'choices', 'boolean']);
const CHOICE_ALLOWED: readonly Canonical[] = ['source'];

export function fromTypeform(body: Json): AdapterResult {
  const response = own(body, 'form_response');
  if (!isRecord(response)) return { ok: false, details: 'expected a Typeform webhook: {"event_type": "form_response", "form_response": {...}}' };
  const titles = new Map<string, string>();
  const definitionFields = own(own(response, 'definition'), 'fields');
  if (Array.isArray(definitionFields)) {
    for (const field of definitionFields) {
      const id = own(field, 'id');
      const title = own(field, 'title');
      if (typeof id === 'string' && typeof title === 'string' && !titles.has(id)) titles.set(id, title);
    }
  }

  interface Answer {
    type: string;
    fieldType: string;
    title?: string;
    ref?: string;
    text?: string;
  }
  const answers: Answer[] = [];
  const rawAnswers = own(response, 'answers');
  if (Array.isArray(rawAnswers)) {
    for (const raw of rawAnswers) {
      if (!isRecord(raw)) continue;
      const type = typeof raw.type === 'string' ? raw.type : '';
      const field = own(raw, 'field');
      const id = own(field, 'id');
      const ref = own(field, 'ref');
      const answer: Answer = {
        type,
        fieldType: typeof own(field, 'type') === 'string' ? (own(field, 'type') as string) : '',
        ...(typeof id === 'string' && titles.has(id) ? { title: titles.get(id)! } : {}),
        ...(typeof ref === 'string' ? { ref } : {}),
      };
      const text = answerText(raw);
      if (text !== undefined) answer.text = text;
      answers.push(answer);
    }
  }

  const collector = new FieldCollector();
  // 1. Typed answers: an email field is the email, a phone field the phone.
  for (const answer of answers) {
    if (answer.type === 'email' || answer.fieldType === 'email') collector.set('email', answer.text);
    else if (answer.type === 'phone_number' || answer.fieldType === 'phone_number') collector.set('phone', answer.text);
  }
  // 2. Answers by question title, then by ref (refs are often readable: "full_name", "company").
  for (const answer of answers) {
    const choice = CHOICE_TYPES.has(answer.type);
    for (const label of [answer.title, answer.ref]) {
      if (label === undefined) continue;
      const kind = classifyLabel(label);
      if (kind === undefined) continue;
      if (choice && !CHOICE_ALLOWED.includes(kind)) break;
      if (plausible(kind, answer.text)) collector.set(kind, answer.text);
      break;
    }
  }
  // 3. Hidden fields (utm_source, a pre-filled name or email...).
  const hidden = own(response, 'hidden');
  if (isRecord(hidden)) {
    for (const key of Object.keys(hidden)) {
      const kind = classifyLabel(key);
      const value = scalarText(own(hidden, key));
      if (plausible(kind, value)) collector.set(kind, value);
    }
  }
  // 4. An unlabelled long-text answer is the message.
  if (!collector.has('message')) {
    const long = answers.find((answer) => answer.fieldType === 'long_text' && answer.text !== undefined);
    collector.set('message', long?.text);
  }
  const submissionId = ownString(response, 'token') ?? ownString(body, 'event_id');
  return { ok: true, fields: collector.result(), ...(submissionId ? { submissionId } : {}) };
}
