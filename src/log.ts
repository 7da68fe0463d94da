import { pino, type Logger } from 'pino';

export type { Logger };

/** "+62 812-3456-7890" -> "62******7890": enough to tell leads apart, not enough to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${digits.slice(0, 2)}${'*'.repeat(Math.max(0, digits.length - 6))}${digits.slice(-4)}`;
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
