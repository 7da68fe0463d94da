/** Small, defensive readers over untrusted parsed JSON: never throw, never follow prototypes, never recurse deeply. */

export type Json = Record<string, unknown>;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only ("__proto__" and friends never resolve to the prototype). */
export function own(value: unknown, key: string): unknown {
  if (!isRecord(value) || isForbiddenKey(key)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** An own property, matched exactly first and then case-insensitively. */
export function ownCI(value: unknown, key: string): unknown {
  if (!isRecord(value) || isForbiddenKey(key)) return undefined;
  if (Object.prototype.hasOwnProperty.call(value, key)) return value[key];
  const lower = key.toLowerCase();
  for (const candidate of Object.keys(value)) {
    if (!isForbiddenKey(candidate) && candidate.toLowerCase() === lower) return value[candidate];
  }
  return undefined;
}

export function ownString(value: unknown, key: string): string | undefined {
  const found = own(value, key);
  if (typeof found === 'string') return found.trim() || undefined;
  if (typeof found === 'number' && Number.isFinite(found)) return numberText(found);
  return undefined;
}

/** Integers print without exponent (a phone sent as 6281234567890 stays digits). */
export function numberText(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

/** A string or a finite number as trimmed text; anything else is not a scalar answer. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return numberText(value);
  return undefined;
}

/** A flat list of scalars, joined; nested arrays or objects make it no list at all. */
export function listText(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const parts: string[] = [];
  for (const item of value) {
    const text = scalarText(item);
    if (text === undefined) {
      if (item === null || item === undefined || item === '') continue;
      return undefined;
    }
    parts.push(text);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function joinedName(value: Json): string | undefined {
  const parts = ['prefix', 'first', 'middle', 'last', 'suffix'].map((key) => scalarText(own(value, key))).filter((part): part is string => !!part);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * The text of one answer, whatever shape its provider uses:
 * "text", 12, ["a", "b"], {value}, {label}, {labels}, {full} (Jotform phone), {area, phone},
 * {first, last} (Jotform name), Typeform's {type: "choice", choice: {label}} and so on.
 * Depth is bounded, so hostile nesting costs nothing.
 */
export function answerText(value: unknown, depth = 0): string | undefined {
  const scalar = scalarText(value);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(value)) return listText(value);
  if (!isRecord(value) || depth > 3) return undefined;
  const type = own(value, 'type');
  if (typeof type === 'string' && !isForbiddenKey(type) && Object.prototype.hasOwnProperty.call(value, type)) {
    return answerText(value[type], depth + 1);
  }
  for (const key of ['value', 'label', 'full', 'text', 'answer', 'other']) {
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      const text = answerText(value[key], depth + 1);
      if (text !== undefined) return text;
    }
  }
  const labels = listText(own(value, 'labels'));
  if (labels !== undefined) return labels;
  const area = scalarText(own(value, 'area'));
  const phone = scalarText(own(value, 'phone'));
  if (phone !== undefined) return area ? `${area} ${phone}` : phone;
  return joinedName(value);
}

/** Jotform-style name objects: {first, last} -> separate parts, when there are any. */
export function nameParts(value: unknown): { first?: string; last?: string } | undefined {
  if (!isRecord(value)) return undefined;
  const first = [scalarText(own(value, 'first')), scalarText(own(value, 'middle'))].filter(Boolean).join(' ') || undefined;
  const last = scalarText(own(value, 'last'));
  if (first === undefined && last === undefined) return undefined;
  return { ...(first ? { first } : {}), ...(last ? { last } : {}) };
}

/** Header lookup, case-insensitive; a repeated header yields its first value. */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== lower) continue;
    const value = headers[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first;
  }
  return undefined;
}
