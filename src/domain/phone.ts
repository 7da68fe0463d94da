import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface NormalizedPhone {
  /** E.164 digits without '+', or the cleaned input when it is not a valid number. */
  digits: string;
  valid: boolean;
  /** The country the number belongs to, when it parsed. */
  country?: string;
}

const MAX_DIGITS = 20;

function tryParse(text: string, country: CountryCode | undefined) {
  const parsed = parsePhoneNumberFromString(text, country);
  return parsed && parsed.isValid() ? parsed : undefined;
}

/**
 * Normalizes a phone to the seed's `62xxxxxxxx` form (E.164 without '+').
 * An invalid number is never a reason to lose a lead: its digits are kept and `valid` is false.
 */
export function normalizePhone(raw: string, defaultCountry: string): NormalizedPhone {
  const text = raw.trim();
  const country = defaultCountry.toUpperCase() as CountryCode;
  // "00" is the international prefix in most countries; libphonenumber only reads it for some.
  const international = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const onlyDigits = text.replace(/\D/g, '');

  const parsed =
    tryParse(international, country) ??
    // Forms often drop the '+': "6281234567890" is a full international number.
    (onlyDigits.length >= 8 ? tryParse(`+${onlyDigits}`, undefined) : undefined);
  if (parsed) {
    return { digits: parsed.number.slice(1), valid: true, country: parsed.country };
  }
  return { digits: onlyDigits.slice(0, MAX_DIGITS), valid: false };
}
