import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { asciiDigits } from './normalize-digits.ts';

export interface NormalizedPhone {
  /** E.164 digits without '+' when valid; otherwise the text exactly as sent (trimmed, one line). */
  value: string;
  valid: boolean;
  /** The country the number belongs to, when it parsed. */
  country?: string;
}

/**
 * The one-line text stored for a phone that is not a valid number: what was sent, trimmed, with
 * control characters (a newline in a form's text area) as a space so the cell stays one line.
 */
function asSent(raw: string): string {
  return raw.replace(/\p{Cc}+/gu, ' ').trim();
}

/** What libphonenumber reads: ASCII digits, any space as a plain one, invisible marks (LRM, ZWSP…) gone. */
function readable(raw: string): string {
  return asciiDigits(asSent(raw)).replace(/\p{Cf}/gu, '').replace(/\p{Zs}/gu, ' ').trim();
}

function validNumber(text: string, defaultCountry: CountryCode | undefined) {
  // extract: false — the whole text must be the number. Pulling a number out of prose would drop what
  // else was typed ("0812… or 0813…", "…7813 =1+1"); such text is kept as sent instead.
  const parsed = parsePhoneNumberFromString(text, { ...(defaultCountry ? { defaultCountry } : {}), extract: false });
  return parsed && parsed.isValid() ? parsed : undefined;
}

/** Digits and the separators people type between them; no letters, no '+', nothing else. */
const ONLY_DIGITS_AND_SEPARATORS = /^[\d\s().\-/]+$/;

/**
 * A phone as a form sent it -> the seed's `62xxxxxxxx` form (E.164 without '+'), when the whole text
 * is one valid number. Anything else is never a reason to lose a lead: it is kept as sent, flagged.
 */
export function normalizePhone(raw: string, defaultCountry: string): NormalizedPhone {
  const text = readable(raw);
  const country = defaultCountry.toUpperCase() as CountryCode;
  // "00" is the international prefix in most countries; libphonenumber only reads it for some.
  const international = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const digits = text.replace(/\D/g, '');
  const parsed =
    validNumber(international, country) ??
    // Forms often drop the '+': "6281234567890" is a full international number. Only when the text is
    // nothing but digits and separators: digits are never gathered from around other text.
    (ONLY_DIGITS_AND_SEPARATORS.test(text) && digits.length >= 8 ? validNumber(`+${digits}`, undefined) : undefined);
  if (parsed) return { value: parsed.number.slice(1), valid: true, ...(parsed.country ? { country: parsed.country } : {}) };
  return { value: asSent(raw), valid: false };
}
