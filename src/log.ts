import { pino, type Logger } from 'pino';
import { asciiDigits } from './domain/normalize-digits.ts';

export type { Logger };

/**
 * "+62 812-3456-7890" -> "62*******7890": enough to tell leads apart, not enough to call. At most six
 * digits and at most half of them are shown; a value under 8 digits is masked whole (a 2-digit prefix
 * and 4-digit suffix of "99999" would overlap and show every digit). Only digits are ever shown, so
 * text kept as sent in a phone field ("call me at…") leaks nothing but its digit count.
 */
export function maskPhone(phone: string): string {
  const digits = asciiDigits(phone).replace(/\D/g, '');
  const shown = digits.length < 8 ? 0 : Math.min(6, Math.floor(digits.length / 2));
  const suffix = Math.min(4, shown);
  const prefix = shown - suffix;
  return `${digits.slice(0, prefix)}${'*'.repeat(digits.length - shown)}${suffix > 0 ? digits.slice(-suffix) : ''}`;
}

/** "budi.santoso@example.com" -> "b***@example.com". */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return email ? '***' : '';
  return `${email[0]}***${email.slice(at)}`;
}

function mask(value: unknown, path: string[]): unknown {
  if (typeof value !== 'string') return value;
  return path[path.length - 1] === 'email' ? maskEmail(value) : maskPhone(value);
}

/** JSON logs; any `phone` or `email` field, at the top or one level down, is masked on the way out. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'baton' },
      redact: { paths: ['phone', 'email', '*.phone', '*.email'], censor: mask },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
