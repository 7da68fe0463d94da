import { invalidArgument } from './errors.ts';

/**
 * Partial-response `fields` masks ("sheets.properties(sheetId,title),spreadsheetId"). Clients
 * use them to keep metadata calls small; honouring them means code that forgets a field it later
 * reads fails here the way it would against Google.
 */
export type MaskTree = Map<string, MaskTree | true>;

export function parseFieldMask(text: string): MaskTree {
  let pos = 0;
  const fail = () => invalidArgument(`Invalid field selection ${text}`);

  function merge(into: MaskTree, path: string[], leaf: MaskTree | true): void {
    const [head, ...rest] = path;
    if (head === undefined) return;
    if (rest.length === 0) {
      const existing = into.get(head);
      if (existing === true || leaf === true) into.set(head, true);
      else if (existing) for (const [k, v] of leaf) merge(existing, [k], v);
      else into.set(head, leaf);
      return;
    }
    let child = into.get(head);
    if (child === true) return;
    if (!child) {
      child = new Map();
      into.set(head, child);
    }
    merge(child, rest, leaf);
  }

  function list(): MaskTree {
    const tree: MaskTree = new Map();
    for (;;) {
      const m = /^\s*([A-Za-z0-9_*]+(?:\.[A-Za-z0-9_*]+)*)\s*/.exec(text.slice(pos));
      if (!m || m[1] === undefined) throw fail();
      pos += m[0].length;
      const path = m[1].split('.');
      let leaf: MaskTree | true = true;
      if (text[pos] === '(') {
        pos += 1;
        leaf = list();
        if (text[pos] !== ')') throw fail();
        pos += 1;
      }
      merge(tree, path, leaf);
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      return tree;
    }
  }

  const tree = list();
  if (pos !== text.length) throw fail();
  return tree;
}

export function applyFieldMask(value: unknown, mask: MaskTree): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFieldMask(v, mask));
  if (typeof value !== 'object' || value === null) return value;
  if (mask.has('*')) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out[key] = sub === true ? v : applyFieldMask(v, sub);
  }
  return out;
}
