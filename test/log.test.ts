import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskEmail, maskPhone } from '../src/log.ts';

describe('log masking', () => {
  it.each([
    ['6281234567890', '62*******7890'],
    ['+1 415 555 2671', '14*****2671'],
    ['1234', '****'],
    ['', ''],
  ])('masks phone %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
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
