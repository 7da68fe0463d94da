import { FIELD_MAP_KEYS, type CanonicalFields, type FieldMap } from './types.ts';
import { answerText, isForbiddenKey, isRecord, own, ownCI } from './values.ts';

/**
 * FIELD_MAP: a setting naming which incoming field is which lead field, without code. Either JSON
 * (`{"name": "Full Name", "phone": "data.Mobile"}`) or pairs (`name=Full Name, phone=data.Mobile`,
 * separated by commas or newlines; use the JSON form when a field name contains a comma).
 * Keys: name, first_name, last_name, phone, email, company, source, message, submission_id.
 * Values: a field name or a dot path into nested objects; matching is case-insensitive.
 */
export function parseFieldMap(text: string): FieldMap | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const entries: Array<[string, unknown]> = [];
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      return { error: `FIELD_MAP is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!isRecord(value)) return { error: 'FIELD_MAP must be a JSON object like {"name": "Full Name", "phone": "Mobile"}' };
    for (const key of Object.keys(value)) entries.push([key, value[key]]);
  } else {
    for (const pair of trimmed.split(/[,\n]/)) {
      if (pair.trim() === '') continue;
      const at = pair.indexOf('=');
      if (at < 0) return { error: `FIELD_MAP entry "${pair.trim()}" has no "="; write it as field=incoming name, e.g. phone=Mobile` };
      entries.push([pair.slice(0, at), pair.slice(at + 1)]);
    }
  }
  const map: Record<string, string> = {};
  for (const [rawKey, rawValue] of entries) {
    const key = rawKey.trim().toLowerCase();
    if (!(FIELD_MAP_KEYS as readonly string[]).includes(key)) {
      return { error: `FIELD_MAP names an unknown lead field "${rawKey.trim()}"; use ${FIELD_MAP_KEYS.join(', ')}` };
    }
    if (Object.prototype.hasOwnProperty.call(map, key)) return { error: `FIELD_MAP names "${key}" twice` };
    if (typeof rawValue !== 'string' || rawValue.trim() === '') return { error: `FIELD_MAP "${key}" must name an incoming field` };
    const path = rawValue.trim();
    if (path.length > 300) return { error: `FIELD_MAP "${key}" is longer than 300 characters` };
    if (path.split('.').some((segment) => isForbiddenKey(segment.trim()))) return { error: `FIELD_MAP "${key}" uses a forbidden name in "${path}"` };
    map[key] = path;
  }
  return map as FieldMap;
}

/** Names an element of a list of answers may be addressed by (Tally label, Typeform ref, Webflow fieldName...). */
const ELEMENT_NAMES = ['label', 'title', 'key', 'name', 'ref', 'id', 'fieldName'];

function elementMatches(element: unknown, segment: string): boolean {
  const lower = segment.toLowerCase();
  const named = (value: unknown) => typeof value === 'string' && value.toLowerCase() === lower;
  if (ELEMENT_NAMES.some((key) => named(own(element, key)))) return true;
  const field = own(element, 'field');
  return named(own(field, 'ref')) || named(own(field, 'id'));
}

function step(value: unknown, segment: string): unknown {
  if (Array.isArray(value)) {
    if (/^\d{1,6}$/.test(segment)) return value[Number(segment)];
    return value.find((element) => elementMatches(element, segment));
  }
  return ownCI(value, segment);
}

/** The value at a dot path; a whole-path literal key at the top level ("contact.phone") is tried first. */
export function resolvePath(root: unknown, path: string): unknown {
  const literal = ownCI(root, path);
  if (literal !== undefined) return literal;
  let value: unknown = root;
  for (const segment of path.split('.')) {
    if (value === undefined || value === null || isForbiddenKey(segment)) return undefined;
    value = step(value, segment);
  }
  return value;
}

/** Tally-style answer elements: a choice's option ids shown as their labels. */
function elementText(value: unknown): string | undefined {
  const options = own(value, 'options');
  const answer = own(value, 'value');
  if (Array.isArray(options) && answer !== undefined) {
    const ids = Array.isArray(answer) ? answer : [answer];
    const labels = ids
      .map((id) => options.find((option) => own(option, 'id') === id))
      .map((option) => answerText(own(option, 'text')))
      .filter((label): label is string => label !== undefined);
    if (labels.length > 0) return labels.join(', ');
  }
  return answerText(value);
}

export interface MappedFields {
  fields: CanonicalFields;
  submissionId?: string;
  matched: number;
}

/** Apply a field map to each root in turn (the first root holding a path wins). */
export function applyFieldMap(map: FieldMap, roots: readonly unknown[]): MappedFields {
  const fields: CanonicalFields = {};
  let submissionId: string | undefined;
  let matched = 0;
  for (const key of FIELD_MAP_KEYS) {
    const path = map[key];
    if (path === undefined) continue;
    for (const root of roots) {
      const text = elementText(resolvePath(root, path));
      if (text === undefined) continue;
      if (key === 'submission_id') submissionId = text;
      else fields[key] = text;
      matched += 1;
      break;
    }
  }
  return { fields, ...(submissionId ? { submissionId } : {}), matched };
}
