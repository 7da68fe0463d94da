import { describe, expect, it } from 'vitest';
import { asciiDigits } from '../../src/domain/normalize-digits.ts';
import { normalizePhone } from '../../src/domain/phone.ts';
import { prng } from '../fixtures/domain.ts';

describe('normalizePhone with DEFAULT_COUNTRY ID', () => {
  it.each([
    // Indonesian numbers in every shape a form sends them
    ['0812-3456-7890', '6281234567890', 'ID'],
    ['+62 812 3456 7890', '6281234567890', 'ID'],
    ['6281234567890', '6281234567890', 'ID'],
    ['62 812 3456 7890', '6281234567890', 'ID'],
    ['081234567890', '6281234567890', 'ID'],
    ['+62 (0) 812 3456 7890', '6281234567890', 'ID'],
    ['  0812 3456 7890 \t', '6281234567890', 'ID'],
    ['0062 812 3456 7890', '6281234567890', 'ID'],
    // foreign numbers keep their own country code
    ['+1 415 555 2671', '14155552671', 'US'],
    ['+1 (415) 555-2671 ext. 12', '14155552671', 'US'],
    ['0044 20 7946 0958', '442079460958', 'GB'],
    ['+44 20 7946 0958', '442079460958', 'GB'],
    ['+49 30 901820', '4930901820', 'DE'],
    ['+49 1512 3456789', '4915123456789', 'DE'],
    ['+65 6123 4567', '6561234567', 'SG'],
    ['+65 9123 4567', '6591234567', 'SG'],
    ['+91 98765 43210', '919876543210', 'IN'],
    ['+61 412 345 678', '61412345678', 'AU'],
    ['+61 2 9374 4000', '61293744000', 'AU'],
  ])('%j -> %s (%s)', (raw, digits, country) => {
    expect(normalizePhone(raw, 'ID')).toEqual({ value: digits, valid: true, country });
  });

  it('reads the default country case-insensitively', () => {
    expect(normalizePhone('0812-3456-7890', 'id')).toMatchObject({ value: '6281234567890', valid: true });
  });

  it.each(['0812-3456-7890', '+62 812 3456 7890', '081234567890'])('is idempotent on its own output for %j', (raw) => {
    const once = normalizePhone(raw, 'ID');
    expect(normalizePhone(once.value, 'ID')).toEqual(once);
  });
});

describe('normalizePhone with other default countries', () => {
  it.each([
    ['(415) 555-2671', 'US', '14155552671', 'US'],
    ['415.555.2671', 'US', '14155552671', 'US'],
    ['+62 812 3456 7890', 'US', '6281234567890', 'ID'],
    ['00 62 812 3456 7890', 'US', '6281234567890', 'ID'],
    ['020 7946 0958', 'GB', '442079460958', 'GB'],
    ['030 901820', 'DE', '4930901820', 'DE'],
    ['9123 4567', 'SG', '6591234567', 'SG'],
    ['098765 43210', 'IN', '919876543210', 'IN'],
    ['0412 345 678', 'AU', '61412345678', 'AU'],
  ])('%j with %s -> %s', (raw, defaultCountry, digits, country) => {
    expect(normalizePhone(raw, defaultCountry)).toEqual({ value: digits, valid: true, country });
  });

  it('does not read an Indonesian national number as valid in the US', () => {
    expect(normalizePhone('0812 3456 7890', 'US')).toEqual({ value: '0812 3456 7890', valid: false });
  });
});

describe('normalizePhone on digits of any script', () => {
  it.each([
    ['fullwidth', '０８１２-３４５６-７８９０'],
    ['Arabic-Indic', '٠٨١٢٣٤٥٦٧٨٩٠'],
    ['Persian (extended Arabic-Indic)', '۰۸۱۲ ۳۴۵۶ ۷۸۹۰'],
    ['Devanagari', '०८१२-३४५६-७८९०'],
    ['Bengali', '০৮১২৩৪৫৬৭৮৯০'],
    ['Thai', '๐๘๑๒ ๓๔๕๖ ๗๘๙๐'],
    ['Myanmar', '၀၈၁၂၃၄၅၆၇၈၉၀'],
    ['mathematical bold (outside the BMP)', '𝟎𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎'],
    ['mixed scripts', '0８١२ ३४۵٦ ๗8၉０'],
    ['fullwidth plus and international prefix', '＋６２ ８１２ ３４５６ ７８９０'],
    ['fullwidth 00 prefix', '００６２ ８１２ ３４５６ ７８９０'],
    ['left-to-right marks around it, as copied from a right-to-left page', '\u200e+62 812 3456 7890\u200f'],
    ['no-break and thin spaces', '0812\u00a03456\u20097890'],
  ])('%s: %j -> 6281234567890', (_label, raw) => {
    expect(normalizePhone(raw, 'ID')).toEqual({ value: '6281234567890', valid: true, country: 'ID' });
  });

  it('maps every decimal digit that Intl can write, in every numbering system, to 0-9', () => {
    let checked = 0;
    for (const system of Intl.supportedValuesOf('numberingSystem')) {
      const written = new Intl.NumberFormat(`en-u-nu-${system}`, { useGrouping: false }).format(1234567890);
      // Algorithmic systems (roman, han…) are not positional decimal digits.
      if (!/^\p{Nd}{10}$/u.test(written)) continue;
      expect(asciiDigits(written), system).toBe('1234567890');
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('leaves everything that is not a decimal digit alone', () => {
    expect(asciiDigits('Ⅻ ½ ² ٫ abc +-() 𝟎')).toBe('Ⅻ ½ ² ٫ abc +-() 0');
  });
});

describe('normalizePhone on junk: kept exactly as sent, flagged, never thrown', () => {
  it.each([
    'abc',
    'abcdefg',
    '12',
    '+62812',
    'call me maybe 555',
    '123456789012345678901234567890',
    '📞📞 ☎️',
    '=HYPERLINK("http://evil","x")',
    '=HYPERLINK("tel:0812","call")',
    '+62 812 3456 7813 =1+1',
    '0812-3456-7890 =1+1',
    '0812 3456 7890 or 0813 1111 2222',
    'call 0812 3456 7890',
    '0812-3456-7890 (WA)',
    '0812',
    // a US national number is not Indonesian and must not be guessed as some other country
    '4155552671',
    '٠٨١٢',
    '０８１２ abc',
  ])('%j -> invalid, kept as sent', (raw) => {
    expect(normalizePhone(raw, 'ID')).toEqual({ value: raw, valid: false });
  });

  it.each([
    ['', ''],
    ['   ', ''],
    ['  abc  ', 'abc'],
    ['+62 812 3456 7813\n=1+1', '+62 812 3456 7813 =1+1'],
    ['0812\r\n\u0000=cmd|x', '0812 =cmd|x'],
  ])('%j -> trimmed, control characters as one space: %j', (raw, sent) => {
    expect(normalizePhone(raw, 'ID')).toEqual({ value: sent, valid: false });
  });

  it('never throws; a valid result is E.164 digits, anything else is the input as sent', () => {
    const random = prng(20261125);
    const alphabet = ['0', '1', '2', '5', '6', '8', '9', '+', ' ', '-', '(', ')', '.', 'x', 'e', '#', '*', '=', '"', '٣', '８', '०', '😀', '\u0000', '\n', '\u200e'];
    for (let i = 0; i < 2000; i += 1) {
      const length = random.int(40);
      const raw = Array.from({ length }, () => random.pick(alphabet)).join('');
      const result = normalizePhone(raw, random.pick(['ID', 'US', 'GB', 'id']));
      if (result.valid) {
        // E.164: at most 15 digits, never a leading zero
        expect(result.value, raw).toMatch(/^[1-9]\d{6,14}$/);
        expect(result.country, raw).toMatch(/^[A-Z]{2}$/);
      } else {
        expect(result.value, raw).toBe(raw.replace(/\p{Cc}+/gu, ' ').trim());
      }
    }
  });
});
