import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskEmail, maskPhone } from '../src/log.ts';

describe('log masking', () => {
  it.each([
    ['6281234567890', '62*******7890'],
    ['+62 812-3456-7890', '62*******7890'],
    ['+1 415 555 2671', '1******2671'],
    ['0812345678', '0*****5678'],
    ['08123456', '****3456'],
    // short values are masked whole: a prefix and a suffix that overlap would show every digit
    ['99999', '*****'],
    ['999999', '******'],
    ['1234567', '*******'],
    ['1234', '****'],
    ['', ''],
    // kept-as-sent text: only its digits count, and nothing but masked digits is ever shown
    ['abcdefg', ''],
    ['call 0812 now', '****'],
    ['０８１２３４５６７８９０', '08******7890'],
  ])('masks phone %j as %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('never shows more than half the digits, nor more than six, for any length', () => {
    for (let length = 0; length <= 40; length += 1) {
      const digits = '7'.repeat(length);
      const shown = maskPhone(digits).replace(/\*/g, '').length;
      expect(maskPhone(digits), digits).toHaveLength(length);
      expect(shown, digits).toBeLessThanOrEqual(Math.min(6, Math.floor(length / 2)));
      if (length < 8) expect(shown, digits).toBe(0);
    }
  });

  it.each([
    ['budi.santoso@example.com', 'b***@example.com'],
    ['not-an-email', '***'],
    ['', ''],
  ])('masks email %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('never writes a phone or email in clear, at the top level or one level down', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    log.child({ leadId: 'L-1' }).info({ phone: '6281234567890', email: 'budi@example.com', lead: { phone: '6281234567890', email: 'budi@example.com' } }, 'intake');
    const text = lines.join('');
    expect(text).not.toContain('6281234567890');
    expect(text).not.toContain('budi@example.com');
    expect(JSON.parse(text)).toMatchObject({ leadId: 'L-1', phone: '62*******7890', email: 'b***@example.com', lead: { phone: '62*******7890' } });
  });
});
