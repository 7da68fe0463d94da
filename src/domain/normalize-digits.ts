const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * The value 0-9 of a decimal digit of any script. Unicode assigns decimal digits only in runs of
 * ten, 0 to 9 in order, so the distance from the start of the run of digits it sits in, mod 10, is
 * its value (several runs can touch, e.g. the mathematical digits: each is still a whole ten).
 */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (codePoint - start) % 10;
}

/** Every decimal digit (fullwidth, Arabic-Indic, Persian, Devanagari, Thai…) written as 0-9; nothing else changes. */
export function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (digit) => (digit >= '0' && digit <= '9' ? digit : String(digitValue(digit.codePointAt(0)!))));
}
