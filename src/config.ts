import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { parseFieldMap, type FieldMap } from './http/providers/index.ts';
import { parseDatabaseUrl } from './stores/postgres/sql-client.ts';

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().optional());
const positiveInt = (fallback: number) => z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The shortest intake token Baton starts with; `npm run doctor` and the README say the same. */
export const MIN_INTAKE_TOKEN_LENGTH = 16;

/** The one description of Baton's settings; `Config` is its type. */
export const configSchema = z
  .object({
    PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must be a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_API_URL: z.preprocess(blankToUndefined, z.url().optional()),
    GOOGLE_SHEETS_ID: optionalText,
    GOOGLE_APPLICATION_CREDENTIALS: optionalText,
    GOOGLE_SERVICE_ACCOUNT_JSON: optionalText,
    SHEETS_EMULATOR_HOST: optionalText.refine((v) => v === undefined || /^[\w.-]+:\d+$/.test(v), 'must be host:port, e.g. 127.0.0.1:9090'),
    INTAKE_TOKEN: optionalText.refine((v) => v === undefined || v.length >= MIN_INTAKE_TOKEN_LENGTH, `must be at least ${MIN_INTAKE_TOKEN_LENGTH} characters`),
    SLA_MINUTES: positiveInt(60),
    ESCALATION_THRESHOLD: positiveInt(10),
    SWEEP_CRON: z.preprocess(blankToUndefined, z.string().refine(isCronExpression, 'must be a cron expression such as "0 * * * *"').default('0 * * * *')),
    DEFAULT_COUNTRY: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code such as ID').default('ID')),
    TIMEZONE: z.preprocess(blankToUndefined, z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Jakarta').default('UTC')),
    MANAGER_SLACK_IDS: z.preprocess(
      blankToUndefined,
      z
        .string()
        .default('')
        .transform((v) => v.split(',').map((id) => id.trim()).filter(Boolean)),
    ),
    LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    CACHE_SECONDS: positiveInt(60),
    SHEETS_READS_PER_MINUTE: positiveInt(60),
    SHEETS_WRITES_PER_MINUTE: positiveInt(60),
    DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.data')),
    /** Routing policy (issue 12): how long a lead may wait for the first teammate to start work before it overflows. */
    OFF_HOURS_WAIT_MINUTES: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(720)),
    /** The team that takes leads nobody in their own team can take now or within OFF_HOURS_WAIT_MINUTES. */
    OVERFLOW_TEAM: optionalText,
    /** Reps whose Slack status says vacation or sick count as out of office (needs users.profile:read). */
    SLACK_STATUS_OOO: z.preprocess(blankToUndefined, z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false').transform((v) => v === 'true' || v === '1' || v === 'yes')),
    DATABASE_URL: optionalText.superRefine((value, ctx) => {
      if (value === undefined) return;
      const parsed = parseDatabaseUrl(value);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    }),
    /** Issue 11: copy the PostgreSQL store's leads to lead_sheet (a read-only copy, written every 5 s at most). */
    MIRROR_LEADS_TO_SHEET: z.preprocess(
      blankToUndefined,
      z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).default('false').transform((v) => v === 'true' || v === '1' || v === 'yes'),
    ),
    METRICS_TOKEN: optionalText,
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'must be an app-level token starting with xapp- (Socket Mode)'),
    // Issue 13: the exception queue, owner reminders and the handoff team.
    EXCEPTIONS_CHANNEL: optionalText.refine((v) => v === undefined || /^[CG][A-Z0-9]{2,}$/.test(v), 'must be a channel id such as C0123456789 (channel details → bottom of the About tab)'),
    EXCEPTION_ACK_MINUTES: positiveInt(30),
    EXCEPTION_RESOLVE_MINUTES: positiveInt(240),
    REMIND_BEFORE_MINUTES: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).default(15)),
    HANDOFF_TEAM: optionalText,
    TYPEFORM_SECRET: optionalText,
    TALLY_SIGNING_SECRET: optionalText,
    // The managers' daily digest, HH:MM in TIMEZONE; blank = no digest.
    DIGEST_AT: optionalText.refine((v) => v === undefined || /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), 'must be a time of day such as 09:00 (or blank for no digest)'),
    // Signs /report links; blank = derived from SLACK_SIGNING_SECRET.
    REPORT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
    // Where people reach Baton (links in the digest and /baton report); blank = http://localhost:PORT.
    PUBLIC_URL: z.preprocess(blankToUndefined, z.url().optional()),
    FIELD_MAP: z.preprocess(
      blankToUndefined,
      z
        .string()
        .optional()
        .transform((text, ctx): FieldMap | undefined => {
          if (text === undefined) return undefined;
          const parsed = parseFieldMap(text);
          if ('error' in parsed && typeof parsed.error === 'string') {
            ctx.addIssue({ code: 'custom', message: `${parsed.error} (e.g. name=Full Name,phone=data.Mobile or a JSON object)` });
            return z.NEVER;
          }
          return parsed as FieldMap;
        }),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.REMIND_BEFORE_MINUTES >= env.SLA_MINUTES) {
      ctx.addIssue({ code: 'custom', path: ['REMIND_BEFORE_MINUTES'], message: `must be less than SLA_MINUTES (${env.SLA_MINUTES}); 0 switches owner reminders off` });
    }
    if (env.MIRROR_LEADS_TO_SHEET && env.DATABASE_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['MIRROR_LEADS_TO_SHEET'], message: 'needs DATABASE_URL: without PostgreSQL the leads already live in lead_sheet (unset it, or set DATABASE_URL)' });
    }
    const production = [env.SLACK_BOT_TOKEN, env.SLACK_SIGNING_SECRET, env.GOOGLE_SHEETS_ID];
    const set = production.filter((value) => value !== undefined).length;
    if (set === 0) return; // local mode: every production setting absent
    const need = (key: keyof typeof env, why: string) => {
      if (env[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` });
    };
    const why = 'once any of SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, GOOGLE_SHEETS_ID is set (unset all three for local mode)';
    need('SLACK_BOT_TOKEN', why);
    need('SLACK_SIGNING_SECRET', why);
    need('GOOGLE_SHEETS_ID', why);
    need('INTAKE_TOKEN', 'so the webhook can tell your form from strangers');
    if (!env.SHEETS_EMULATOR_HOST && !env.GOOGLE_APPLICATION_CREDENTIALS && !env.GOOGLE_SERVICE_ACCOUNT_JSON) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_APPLICATION_CREDENTIALS'],
        message: 'or GOOGLE_SERVICE_ACCOUNT_JSON is required: a service account key (path or inline JSON)',
      });
    }
  });

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'BATON_CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Baton cannot start: fix these settings (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    const value = env[key];
    const shown = value === undefined || /TOKEN|SECRET|JSON|CREDENTIALS|DATABASE_URL/.test(key) ? '' : ` (got "${value}")`;
    return `${key} ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}

export function isLocalMode(config: Config): boolean {
  return !config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.GOOGLE_SHEETS_ID;
}
