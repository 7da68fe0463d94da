import { FieldCollector, classifyLabel, plausible } from './classify.ts';
import type { AdapterResult, Canonical } from './types.ts';
import { answerText, isRecord, own, ownString, type Json } from './values.ts';

/**
 * Tally webhook (https://tally.so/help/webhooks, "Example webhook event"):
 * {
 *   eventId, eventType: "FORM_RESPONSE", createdAt,
 *   data: {
 *     responseId, submissionId, respondentId, formId, formName, createdAt,
 *     fields: [{ key: "question_xxx", label: "Your name", type: "INPUT_TEXT"|"INPUT_EMAIL"|"INPUT_PHONE_NUMBER"|
 *                "TEXTAREA"|"MULTIPLE_CHOICE"|"DROPDOWN"|"CHECKBOXES"|"HIDDEN_FIELDS"|..., value,
 *                options?: [{ id, text }] }]
 *   }
 * }
 * Choice values are option ids (an array of ids today, a single id in older payloads) -> their texts.
 * CHECKBOXES also arrive as one boolean field per option: booleans are never a lead field.
 * Submission id: data.submissionId, else data.responseId, else eventId.
 */
export function isTally(body: Json): boolean {
  return own(body, 'eventType') === 'FORM_RESPONSE' && Array.isArray(own(own(body, 'data'), 'fields'));
}

const CHOICE_TYPES = new Set(['MULTIPLE_CHOICE', 'DROPDOWN', 'CHECKBOXES', 'MULTI_SELECT', 'RANKING']);
const CHOICE_ALLOWED: readonly Canonical[] = ['source'];

function choiceText(value: unknown, options: unknown): string | undefined {
  if (!Array.isArray(options)) return answerText(value);
  const ids = Array.isArray(value) ? value : [value];
  const labels: string[] = [];
  for (const id of ids) {
    if (typeof id !== 'string') continue;
    const option = options.find((candidate) => own(candidate, 'id') === id);
    // An id with no matching option is kept as sent rather than lost.
    const text = option === undefined ? id : answerText(own(option, 'text'));
    if (text !== undefined) labels.push(text);
  }
  return labels.length > 0 ? labels.join(', ') : undefined;
}

export function fromTally(body: Json): AdapterResult {
  const data = own(body, 'data');
  const rawFields = own(data, 'fields');
  if (!Array.isArray(rawFields)) return { ok: false, details: 'expected a Tally webhook: {"eventType": "FORM_RESPONSE", "data": {"fields": [...]}}' };

  interface Field {
    type: string;
    label?: string;
    text?: string;
  }
  const fields: Field[] = [];
  for (const raw of rawFields) {
    if (!isRecord(raw)) continue;
    const type = typeof raw.type === 'string' ? raw.type : '';
    const value = own(raw, 'value');
    const text = CHOICE_TYPES.has(type) ? choiceText(value, own(raw, 'options')) : typeof value === 'boolean' ? undefined : answerText(value);
    const label = own(raw, 'label');
    fields.push({ type, ...(typeof label === 'string' ? { label } : {}), ...(text !== undefined ? { text } : {}) });
  }

  const collector = new FieldCollector();
  for (const field of fields) {
    if (field.type === 'INPUT_EMAIL') collector.set('email', field.text);
    else if (field.type === 'INPUT_PHONE_NUMBER') collector.set('phone', field.text);
  }
  // Questions first, then hidden fields (whose label is the hidden field's name, e.g. utm_source).
  for (const hiddenPass of [false, true]) {
    for (const field of fields) {
      if ((field.type === 'HIDDEN_FIELDS') !== hiddenPass || field.label === undefined) continue;
      const kind = classifyLabel(field.label);
      if (kind === undefined) continue;
      if (CHOICE_TYPES.has(field.type) && !CHOICE_ALLOWED.includes(kind)) continue;
      if (plausible(kind, field.text)) collector.set(kind, field.text);
    }
  }
  if (!collector.has('message')) collector.set('message', fields.find((field) => field.type === 'TEXTAREA' && field.text !== undefined)?.text);
  const submissionId = ownString(data, 'submissionId') ?? ownString(data, 'responseId') ?? ownString(body, 'eventId');
  return { ok: true, fields: collector.result(), ...(submissionId ? { submissionId } : {}) };
}
