import type { LeadDraft } from '../domain/intake.ts';

/** Enough for any real form; a body with thousands of fields must not bloat every journal line. */
const MAX_FIELDS = 60;
const MAX_LENGTH = 500;

/**
 * The submitted fields as text by label, for `form.<label>` routing rules (issue 12). Only text,
 * numbers and booleans (a one-item list counts as its item); each cut to 500 characters.
 */
export function withFormFields(draft: LeadDraft, fields: Readonly<Record<string, unknown>>): LeadDraft {
  const form: Record<string, string> = {};
  let count = 0;
  for (const [label, raw] of Object.entries(fields)) {
    if (count >= MAX_FIELDS) break;
    const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = String(value).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, MAX_LENGTH);
    if (!text) continue;
    form[label] = text;
    count += 1;
  }
  return count > 0 ? { ...draft, form } : draft;
}
