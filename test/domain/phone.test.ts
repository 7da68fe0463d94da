import { describe, expect, it } from 'vitest';
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
    expect(normalizePhone(raw, 'ID')).toEqual({ digits, valid: true, country });
  });

  it('reads the default country case-insensitively', () => {
    expect(normalizePhone('0812-3456-7890', 'id')).toMatchObject({ digits: '6281234567890', valid: true });
  });

  it.each(['0812-3456-7890', '+62 812 3456 7890', '081234567890'])('is idempotent on its own output for %j', (raw) => {
    const once = normalizePhone(raw, 'ID');
    expect(normalizePhone(once.digits, 'ID')).toEqual(once);
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
    expect(normalizePhone(raw, defaultCountry)).toEqual({ digits, valid: true, country });
  });

  it('does not read an Indonesian national number as valid in the US', () => {
    expect(normalizePhone('0812 3456 7890', 'US')).toEqual({ digits: '081234567890', valid: false });
  });
});

describe('normalizePhone on junk: kept (cleaned), flagged, never thrown', () => {
  it.each([
    ['abc', ''],
    ['12', '12'],
    ['+62812', '62812'],
    ['call me maybe 555', '555'],
    ['123456789012345678901234567890', '12345678901234567890'],
    ['📞📞 ☎️', ''],
    ['=HYPERLINK("http://evil","x")', ''],
    ['=HYPERLINK("tel:0812","call")', '0812'],
    ['', ''],
    ['   ', ''],
    // a US national number is not Indonesian and must not be guessed as some other country
    ['4155552671', '4155552671'],
    ['0812', '0812'],
  ])('%j -> invalid, digits %j', (raw, digits) => {
    expect(normalizePhone(raw, 'ID')).toEqual({ digits, valid: false });
  });

  it('never throws and always returns plain digits, for 2000 random strings', () => {
    const random = prng(20261125);
    const alphabet = ['0', '1', '2', '5', '6', '8', '9', '+', ' ', '-', '(', ')', '.', 'x', 'e', '#', '*', '=', '"', '٣', '８', '😀', '\u0000', '\n'];
    for (let i = 0; i < 2000; i += 1) {
      const length = random.int(40);
      const raw = Array.from({ length }, () => random.pick(alphabet)).join('');
      const result = normalizePhone(raw, random.pick(['ID', 'US', 'GB', 'id']));
      if (result.valid) {
        // E.164: at most 15 digits, never a leading zero
        expect(result.digits, raw).toMatch(/^[1-9]\d{6,14}$/);
        expect(result.country, raw).toMatch(/^[A-Z]{2}$/);
      } else {
        expect(result.digits, raw).toMatch(/^\d{0,20}$/);
      }
    }
  });
});
