/**
 * Text as rules compare it: case, accents and spacing do not matter ("  José  Tan" equals
 * "jose tan"), because admins type rule values by hand and forms send whatever people typed.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** Accents gone, case kept: a regex is compiled with the `i` flag and still sees `\S` and `[A-Z]` as written. */
export function stripAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Form field labels compare like intake's field names: "Budget (IDR)", "budget_idr" and "budget-idr" are one label. */
export function labelKey(label: string): string {
  return foldText(label)
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}
