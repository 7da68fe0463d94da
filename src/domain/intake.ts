/** A raw form submission -> the fields of a lead, or every problem with it. */

export interface LeadDraft {
  name: string;
  /** False when an email was sent but does not look like one (kept, flagged). */
  emailValid: boolean;
  phoneRaw: string;
  email: string;
  company: string;
  source: string;
  message: string;
  /** A form provider's own submission id; used as the idempotency key when no header carries one. */
  submissionId: string;
  /**
   * What Baton could not read though the person is reachable (issue 13): "name", "company: not text",
   * "message: cut to 2000 characters". Field names only, never values: a missing_fields exception lists them.
   */
  gaps?: string[];
  /** The labels the form sent (names only), when the provider layer reported them. */
  seen?: string[];
  /** Every submitted text field by its label, for `form.<label>` routing rules (issue 12); added by the intake route. */
  form?: Record<string, string>;
}

export interface FieldProblem {
  field: string;
  /** What is wrong, never quoting the value: problems are logged, and phones and emails must not be. */
  problem: string;
  /** The value as sent, for the answer to the sender (who knows it already); logs leave it out. */
  sent?: string;
}

export type DraftResult = { ok: true; draft: LeadDraft } | { ok: false; problems: FieldProblem[] };

const ALIASES = {
  name: ['name', 'full_name', 'fullname', 'your_name', 'contact_name'],
  firstName: ['first_name', 'firstname', 'given_name'],
  lastName: ['last_name', 'lastname', 'family_name', 'surname'],
  phone: ['phone', 'phone_number', 'phonenumber', 'mobile', 'mobile_phone', 'whatsapp', 'whats_app', 'wa', 'tel', 'telephone'],
  email: ['email', 'email_address', 'e_mail', 'mail'],
  company: ['company', 'company_name', 'organization', 'organisation'],
  source: ['source', 'utm_source', 'lead_source'],
  message: ['message', 'notes', 'note', 'comment', 'comments'],
  submissionId: ['submission_id', 'submissionid', 'response_id', 'event_id', 'idempotency_key'],
} as const;

// A phone field is free text to people: "0812… (WhatsApp only, after 5 pm)" must not lose the lead.
const LIMITS = { name: 200, phone: 100, email: 254, company: 200, source: 100, message: 2000, submissionId: 200 };
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** Field names compare case- and separator-insensitively: "Full Name", "full-name", "fullName". */
function keyOf(field: string): string {
  return field
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Control characters (but not tab/newline in messages) would corrupt cells and Slack text. */
function clean(value: string, keepNewlines: boolean): string {
  const stripped = value.replace(keepNewlines ? /[\u0000-\u0008\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, keepNewlines ? '' : ' ');
  return stripped.replace(/[ \t]+/g, ' ').trim();
}

/** The longest prefix of whole code points within `limit` UTF-16 units (an emoji is never split in half). */
function cutTo(value: string, limit: number): string {
  let out = '';
  for (const char of value) {
    if (out.length + char.length > limit) break;
    out += char;
  }
  return out;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (Array.isArray(value) && value.length === 1) return scalar(value[0]);
  return undefined;
}

/**
 * Fields -> a lead draft. Anyone reachable (an email, or a phone with at least 5 digits in any
 * script) becomes a lead whatever else is missing or unreadable: those are listed in `gaps` and the
 * lead is flagged for a manager. Only a submission nobody can be reached from is refused.
 */
export function draftFromFields(fields: Readonly<Record<string, unknown>>): DraftResult {
  const byKey = new Map<string, unknown>();
  for (const [field, value] of Object.entries(fields)) {
    const key = keyOf(field);
    if (!byKey.has(key)) byKey.set(key, value);
  }
  /** Problems with the contact fields: the answer when nobody can be reached. */
  const contactProblems: FieldProblem[] = [];
  const gaps: string[] = [];
  const read = (kind: keyof typeof ALIASES, limit: number, keepNewlines = false): string => {
    const contact = kind === 'phone' || kind === 'email';
    for (const alias of ALIASES[kind]) {
      if (!byKey.has(alias)) continue;
      const raw = byKey.get(alias);
      if (raw === null || raw === undefined || raw === '') continue;
      const text = scalar(raw);
      if (text === undefined) {
        if (contact) contactProblems.push({ field: alias, problem: 'must be a string' });
        gaps.push(`${alias}: not text`);
        return '';
      }
      const value = clean(text, keepNewlines);
      if (value.length > limit) {
        // A cut email is a wrong address; any other text keeps its first part (a phone its digits).
        if (kind === 'email') {
          contactProblems.push({ field: alias, problem: `longer than ${limit} characters` });
          gaps.push(`${alias}: longer than ${limit} characters`);
          return '';
        }
        gaps.push(`${alias}: cut to ${limit} characters`);
        return cutTo(value, limit);
      }
      return value;
    }
    return '';
  };

  const fullName = read('name', LIMITS.name);
  const first = read('firstName', LIMITS.name);
  const last = read('lastName', LIMITS.name);
  const name = fullName || [first, last].filter(Boolean).join(' ');
  const phoneRaw = read('phone', LIMITS.phone);
  const email = read('email', LIMITS.email).toLowerCase();
  const draft: LeadDraft = {
    name,
    emailValid: email === '' || EMAIL.test(email),
    phoneRaw,
    email,
    company: read('company', LIMITS.company),
    source: read('source', LIMITS.source),
    message: read('message', LIMITS.message, true),
    submissionId: read('submissionId', LIMITS.submissionId),
  };

  // One usable contact is enough; a second, broken one is kept as sent and flagged, not refused.
  const emailUsable = EMAIL.test(email);
  // Digits of any script count (fullwidth, Arabic-Indic, Devanagari…): the phone is normalised later.
  const phoneUsable = (phoneRaw.match(/\p{Nd}/gu) ?? []).length >= 5;
  if (!emailUsable && !phoneUsable) {
    if (contactProblems.length > 0) return { ok: false, problems: contactProblems };
    const problems: FieldProblem[] = [];
    if (email) problems.push({ field: 'email', problem: 'is not an email address', sent: email });
    if (phoneRaw) problems.push({ field: 'phone', problem: 'has fewer than 5 digits', sent: phoneRaw });
    if (!email && !phoneRaw) problems.push({ field: 'phone', problem: 'a lead needs a phone or an email' });
    return { ok: false, problems };
  }
  if (!name) gaps.unshift('name');
  if (email && !emailUsable) gaps.push('email: not an email address');
  if (phoneRaw && !phoneUsable) gaps.push('phone: fewer than 5 digits');
  return { ok: true, draft: gaps.length > 0 ? { ...draft, gaps } : draft };
}
