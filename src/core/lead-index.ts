import type { KeyIndex } from './ports.ts';

/** Most keys belong to one lead: a plain id then, and an array only for the few repeats (less garbage at 50 000 leads). */
export type LeadIndex = Map<string, string | string[]>;

export function addToIndex(index: LeadIndex, key: string, leadId: string): void {
  if (!key) return;
  const ids = index.get(key);
  if (ids === undefined) index.set(key, leadId);
  else if (typeof ids === 'string') {
    if (ids !== leadId) index.set(key, [ids, leadId]);
  } else if (!ids.includes(leadId)) ids.push(leadId);
}

/** The KeyIndex port over an index, holding nothing else alive. */
export function keyIndexOf(index: LeadIndex): KeyIndex {
  return { idsWithKey: (key) => idsOf(index, key) };
}

export function idsOf(index: LeadIndex, key: string): readonly string[] {
  const ids = index.get(key);
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
}
