import { MIN_INTAKE_TOKEN_LENGTH } from '../../../config.ts';
import { fail, pass, type CheckResult } from '../types.ts';

// One minimum for config, doctor and the README (the config refuses shorter tokens at startup).
export { MIN_INTAKE_TOKEN_LENGTH };
const GENERATE = '`openssl rand -hex 24`';

const CLASSES: ReadonlyArray<[string, RegExp]> = [
  ['lowercase letters', /[a-z]/],
  ['uppercase letters', /[A-Z]/],
  ['digits', /[0-9]/],
  ['symbols', /[^A-Za-z0-9]/],
];

/** At least MIN_INTAKE_TOKEN_LENGTH (16) characters drawn from at least two of: lowercase, uppercase, digits, symbols. */
export function checkIntakeToken(token: string | undefined): CheckResult {
  const fix = `set INTAKE_TOKEN to a random value, e.g. the output of ${GENERATE}, then update it wherever your forms send it (Authorization header or ?token=)`;
  if (!token) return fail('INTAKE_TOKEN is not set', fix);
  const classes = CLASSES.filter(([, pattern]) => pattern.test(token)).map(([name]) => name);
  const problems: string[] = [];
  if (token.length < MIN_INTAKE_TOKEN_LENGTH) problems.push(`${token.length} characters, needs ${MIN_INTAKE_TOKEN_LENGTH}+`);
  if (classes.length < 2) problems.push(`only ${classes[0] ?? 'one kind of character'}`);
  if (problems.length > 0) return fail(`intake token is weak (${problems.join('; ')})`, fix);
  return pass(`intake token strong enough (${token.length} characters)`);
}

/** Present, and not one of the tokens pasted into the wrong variable. */
export function checkSigningSecret(secret: string | undefined): CheckResult {
  const where = "copy it from your Slack app's Basic Information → App Credentials → Signing Secret into SLACK_SIGNING_SECRET";
  if (!secret) return fail('SLACK_SIGNING_SECRET is not set', where);
  if (/^(xox[a-z]?|xapp)-/.test(secret)) return fail('SLACK_SIGNING_SECRET holds a token, not the signing secret', where);
  return pass('Slack signing secret present');
}
