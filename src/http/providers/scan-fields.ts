import { classifyLabel, EXACT_ALIASES, keyOf, plausible } from './classify.ts';
import { LEXICON } from './label-lexicon.ts';
import type { Canonical, CanonicalFields } from './types.ts';
import { answerText, isForbiddenKey, isRecord, own, scalarText } from './values.ts';

/**
 * Finds lead fields wherever a form put them: flat keys at any depth ({"data": {"Téléphone": …}})
 * and label/value lists in any common shape ({"fields": [{"label": "Nama", "value": "Budi"}]},
 * {"answers": [{"question": "E-mail", "answer": …}]}, {"questions": [{"title": …, "response": …}]}).
 * Bounded in depth and nodes, so a hostile body costs nothing. Pure.
 *
 * Also reports the labels it saw (names only, never values), for the missing_fields exception.
 */

/** Keys an element of a label/value list names its question by. */
const LABEL_KEYS = ['label', 'title', 'question', 'name', 'key', 'fieldName', 'field_name', 'field', 'prompt', 'text'];
/** Keys it holds its answer in. */
const VALUE_KEYS = ['value', 'answer', 'response', 'values', 'answers', 'input', 'data'];
/** Objects that describe the form or the request, not the person: their scalars are not answers. */
const META_KEYS = new Set(['form', 'forms', 'definition', 'meta', 'metadata', 'site', 'page', 'webhook', 'request', 'headers', 'config', 'settings', 'schema', 'options', 'choices', 'properties', 'form_definition', 'formdefinition', 'account', 'workspace', 'owner', 'user_agent', 'useragent']);

/** Objects about someone or something else: a name inside them is not the lead's. */
const OTHER_PARTY_KEYS = new Set(['referrer', 'referral', 'referred_by', 'partner', 'agent', 'assignee', 'owner', 'user', 'sender', 'recipient', 'campaign', 'utm', 'tracking', 'product', 'event']);
/** Keys that only say "the value" inside an object named for a field: {"phone": {"number": …}}, {"company": {"name": …}}. */
const GENERIC_CHILD_KEYS = new Set(['name', 'value', 'number', 'full', 'text', 'display', 'formatted', 'international', 'e164', 'address']);

const MAX_DEPTH = 8;
const MAX_NODES = 2_000;
const MAX_SEEN = 40;

const EXACT = new Map<string, Canonical>();
for (const kind of Object.keys(EXACT_ALIASES) as Array<keyof typeof EXACT_ALIASES>) {
  if (kind === 'submission_id') continue;
  for (const alias of EXACT_ALIASES[kind]) EXACT.set(alias, kind);
}

interface Candidate {
  kind: Canonical;
  value: string;
  /** Lower wins: an exact alias before a guessed label, shallower before deeper, earlier before later. */
  rank: number;
  bare: boolean;
}

export interface ScanResult {
  fields: CanonicalFields;
  /** The labels/keys that carried an answer, as sent (cut to 60 characters), at most 40. */
  seen: string[];
}

function isBareName(label: string): boolean {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .filter((word) => !['your', 'you', 'de', 'del', 'da', 'il', 'la', 'le', 'ihr', 'votre', 'su', 'seu', 'anda', 'the'].includes(word));
  return words.length === 1 && (LEXICON.bareNameWords as readonly string[]).includes(words[0] as string);
}

export function scanFields(root: unknown): ScanResult {
  const candidates: Candidate[] = [];
  const seen: string[] = [];
  let nodes = 0;
  let order = 0;

  const consider = (label: string, raw: unknown, depth: number, parent?: { key: string; kind: Canonical | undefined }) => {
    if (label.length === 0 || label.length > 200 || isForbiddenKey(label)) return;
    const value = answerText(raw);
    if (value === undefined) return;
    if (seen.length < MAX_SEEN && !seen.includes(label.slice(0, 60))) seen.push(label.slice(0, 60));
    const exact = EXACT.get(keyOf(label.trim()));
    let kind = exact ?? classifyLabel(label);
    // {"company": {"name": "PT Maju"}} is the company; {"referrer": {"name": "Partner"}} is nobody's name here.
    if (parent?.kind && parent.kind !== 'name' && GENERIC_CHILD_KEYS.has(keyOf(label.trim()))) kind = parent.kind;
    else if (parent && OTHER_PARTY_KEYS.has(keyOf(parent.key)) && (kind === 'name' || kind === 'first_name' || kind === 'last_name' || kind === 'email' || kind === 'phone')) return;
    if (!kind || !plausible(kind, value)) return;
    order += 1;
    candidates.push({ kind, value, rank: (exact ? 0 : 1_000_000) + depth * 10_000 + order, bare: kind === 'name' && isBareName(label) });
  };

  const labelOf = (element: Record<string, unknown>): string | undefined => {
    for (const key of LABEL_KEYS) {
      const found = own(element, key);
      if (typeof found === 'string' && found.trim()) return found.trim();
      // Typeform-like {field: {ref, title}}.
      if (isRecord(found)) {
        const nested = scalarText(own(found, 'title')) ?? scalarText(own(found, 'label')) ?? scalarText(own(found, 'ref'));
        if (nested) return nested;
      }
    }
    return undefined;
  };

  const visit = (value: unknown, depth: number, parentKey: string): void => {
    if (nodes >= MAX_NODES || depth > MAX_DEPTH) return;
    nodes += 1;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1, parentKey);
      return;
    }
    if (!isRecord(value)) return;
    if (META_KEYS.has(parentKey.toLowerCase())) return;
    // A label/value element: {"label": "Phone", "value": "0812…"}.
    const label = labelOf(value);
    const valueKey = VALUE_KEYS.find((key) => Object.prototype.hasOwnProperty.call(value, key) && answerText(value[key]) !== undefined);
    if (label !== undefined && valueKey !== undefined) {
      consider(label, value[valueKey], depth);
      return;
    }
    const parent = parentKey ? { key: parentKey, kind: classifyLabel(parentKey) } : undefined;
    for (const key of Object.keys(value)) {
      if (isForbiddenKey(key)) continue;
      const child = value[key];
      if (isRecord(child) || (Array.isArray(child) && child.some((item) => isRecord(item) || Array.isArray(item)))) visit(child, depth + 1, key);
      else consider(key, child, depth, parent);
    }
  };
  visit(root, 0, '');

  const best = new Map<Canonical, Candidate>();
  for (const candidate of candidates) {
    const current = best.get(candidate.kind);
    if (!current || candidate.rank < current.rank) best.set(candidate.kind, candidate);
  }
  // "Name" + "Vorname" (de), "Nom" + "Prénom" (fr): the bare name is the family name.
  // "Nome" + "Cognome" (it), "Nombre" + "Apellidos" (es): it is the given name.
  const name = best.get('name');
  if (name?.bare) {
    if (best.has('first_name') && !best.has('last_name')) {
      best.delete('name');
      best.set('last_name', { ...name, kind: 'last_name' });
    } else if (best.has('last_name') && !best.has('first_name')) {
      best.delete('name');
      best.set('first_name', { ...name, kind: 'first_name' });
    }
  }
  const fields: CanonicalFields = {};
  for (const kind of ['name', 'first_name', 'last_name', 'phone', 'email', 'company', 'source', 'message'] as const) {
    const found = best.get(kind);
    if (found) fields[kind] = found.value;
  }
  return { fields, seen };
}

/**
 * Adds what a scan found to what an adapter found, without overriding it: phone and email when
 * missing; for generic bodies (whose adapter knows exact top-level aliases alone) also a name when
 * none was found, and company, source and message.
 */
export function fillGaps(base: CanonicalFields, scanned: CanonicalFields, generic: boolean): CanonicalFields {
  const out: CanonicalFields = { ...base };
  // A provider's own shape is known: its adapter read the name where the provider puts it, and a
  // "name" elsewhere in its payload is the form's (Webflow's payload.name). Only a way to reach the person is added.
  if (generic && out.name === undefined && out.first_name === undefined && out.last_name === undefined) {
    for (const kind of ['name', 'first_name', 'last_name'] as const) if (scanned[kind] !== undefined) out[kind] = scanned[kind];
  }
  for (const kind of ['phone', 'email'] as const) if (out[kind] === undefined && scanned[kind] !== undefined) out[kind] = scanned[kind];
  if (generic) for (const kind of ['company', 'source', 'message'] as const) if (out[kind] === undefined && scanned[kind] !== undefined) out[kind] = scanned[kind];
  return out;
}
