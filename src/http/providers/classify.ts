import type { Canonical, CanonicalFields } from './types.ts';
import { answerText, isForbiddenKey, isRecord } from './values.ts';
import { LEXICON } from './label-lexicon.ts';

/**
 * Which lead field a question is, from its label ("What's your WhatsApp number?", "Nama Lengkap",
 * "q4_phoneNumber4", "utm_source"). Used for providers whose fields are human questions.
 * Flat generic bodies use `EXACT_ALIASES` only, the same names `draftFromFields` accepts.
 */

/** The names draftFromFields (src/domain/intake.ts) accepts, normalised like its keyOf(). */
export const EXACT_ALIASES: Readonly<Record<Canonical | 'submission_id', readonly string[]>> = {
  name: ['name', 'full_name', 'fullname', 'your_name', 'contact_name'],
  first_name: ['first_name', 'firstname', 'given_name'],
  last_name: ['last_name', 'lastname', 'family_name', 'surname'],
  phone: ['phone', 'phone_number', 'phonenumber', 'mobile', 'mobile_phone', 'whatsapp', 'wa', 'tel', 'telephone'],
  email: ['email', 'email_address', 'e_mail', 'mail'],
  company: ['company', 'company_name', 'organization', 'organisation'],
  source: ['source', 'utm_source', 'lead_source'],
  message: ['message', 'notes', 'note', 'comment', 'comments'],
  submission_id: ['submission_id', 'submissionid', 'response_id', 'event_id', 'idempotency_key'],
};

const CANONICAL_ORDER: readonly Canonical[] = ['name', 'first_name', 'last_name', 'phone', 'email', 'company', 'source', 'message'];

/** Same normalisation as intake.ts keyOf(): "Full Name", "full-name", "fullName" -> "full_name". */
export function keyOf(field: string): string {
  return field
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const EXACT_LOOKUP = new Map<string, Canonical>();
for (const kind of CANONICAL_ORDER) for (const alias of EXACT_ALIASES[kind]) EXACT_LOOKUP.set(alias, kind);

function splitWords(text: string): string[] {
  return text
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The label's words, split at camelCase ("fullName" -> full, name) and also as written ("WhatsApp" -> whatsapp). */
function wordsOf(label: string): { words: string[]; phrase: string } {
  const plain = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const camel = splitWords(plain.replace(/([a-z])([A-Z])/g, '$1 $2'));
  const asWritten = splitWords(plain);
  return { words: [...new Set([...camel, ...asWritten])], phrase: ` ${camel.join(' ')} ` };
}

const PHONE_WORDS = ['phone', 'phonenumber', 'mobile', 'mobilephone', 'whatsapp', 'wa', 'tel', 'telephone', 'telp', 'telepon', 'cell', 'cellphone', 'handphone', 'hp', 'ponsel', 'sms'];
const EMAIL_WORDS = ['email', 'emailaddress', 'mail', 'surel'];
const COMPANY_WORDS = ['company', 'companyname', 'organization', 'organisation', 'organizationname', 'business', 'perusahaan', 'employer', 'instansi'];
const NOT_COMPANY = ['size', 'website', 'url', 'site', 'domain', 'employees', 'employee', 'industry', 'type', 'revenue', 'role', 'address', 'many', 'count', 'sector', 'stage'];
const NAME_WORDS = ['name', 'fullname', 'nama'];
const NOT_PERSON_NAME = ['company', 'business', 'organization', 'organisation', 'user', 'username', 'file', 'form', 'product', 'project', 'event', 'pet', 'domain', 'brand', 'site', 'website', 'team', 'school', 'perusahaan', 'page', 'campaign', 'ad', 'adset', 'utm'];
const MESSAGE_WORDS = ['message', 'messages', 'notes', 'note', 'comment', 'comments', 'pesan', 'keterangan', 'inquiry', 'enquiry', 'details', 'question', 'questions', 'requirements', 'description', 'catatan'];
const MESSAGE_PHRASES = ['how can we help', 'anything else', 'tell us', 'what can we do', 'ada yang bisa'];
const SOURCE_PHRASES = ['utm source', 'lead source', 'hear about', 'heard about', 'find us', 'found us', 'referral source', 'mengetahui kami', 'tahu kami'];

/** Best guess of the lead field a label names, or undefined when it names none. */
export function classifyLabel(label: string): Canonical | undefined {
  if (label.length > 500) return undefined;
  const exact = EXACT_LOOKUP.get(keyOf(label.trim()));
  if (exact) return exact;
  const { words, phrase } = wordsOf(label);
  if (words.length === 0) return undefined;
  const has = (list: readonly string[]) => words.some((word) => list.includes(word));
  const hasPhrase = (text: string) => phrase.includes(` ${text} `);

  // Other languages (label-lexicon.ts) ride along each rule; the order of the rules is what decides.
  const company = (has(COMPANY_WORDS) || has(LEXICON.companyWords)) && !has(NOT_COMPANY) && !has(LEXICON.notCompanyWords);
  if (!company && LEXICON.fullNamePhrases.some(hasPhrase)) return 'name';
  if (hasPhrase('first name') || hasPhrase('given name') || has(['firstname', 'forename']) || has(LEXICON.firstNameWords) || LEXICON.firstNamePhrases.some(hasPhrase)) return 'first_name';
  if (hasPhrase('last name') || hasPhrase('family name') || has(['lastname', 'surname']) || has(LEXICON.lastNameWords) || LEXICON.lastNamePhrases.some(hasPhrase)) return 'last_name';
  if (has(EMAIL_WORDS) || hasPhrase('e mail') || has(LEXICON.emailWords) || LEXICON.emailPhrases.some(hasPhrase)) return 'email';
  if (has(PHONE_WORDS) || hasPhrase('contact number') || hasPhrase('no hp') || has(LEXICON.phoneWords) || LEXICON.phonePhrases.some(hasPhrase)) return 'phone';
  if (SOURCE_PHRASES.some(hasPhrase) || (has(['source']) && !has(['open', 'code'])) || has(LEXICON.sourceWords)) return 'source';
  if (company) return 'company';
  if ((has(NAME_WORDS) || has(LEXICON.nameWords)) && !has(NOT_PERSON_NAME) && !has(LEXICON.notPersonNameWords)) return 'name';
  if (has(MESSAGE_WORDS) || MESSAGE_PHRASES.some(hasPhrase) || has(LEXICON.messageWords)) return 'message';
  return undefined;
}

/** Accumulates canonical fields; the first value set for a field wins (callers order their passes by confidence). */
export class FieldCollector {
  private readonly fields: CanonicalFields = {};

  has(kind: Canonical): boolean {
    return this.fields[kind] !== undefined;
  }

  set(kind: Canonical | undefined, value: string | undefined): boolean {
    if (!kind || value === undefined || value === '' || this.fields[kind] !== undefined) return false;
    this.fields[kind] = value;
    return true;
  }

  /** A Jotform/Typeform name object split into first and last, or a full name. */
  setName(parts: { first?: string; last?: string }): void {
    if (this.has('name') || this.has('first_name') || this.has('last_name')) return;
    this.set('first_name', parts.first);
    this.set('last_name', parts.last);
  }

  result(): CanonicalFields {
    // Fixed key order keeps results comparable; only canonical keys ever exist.
    const out: CanonicalFields = {};
    for (const kind of CANONICAL_ORDER) {
      const value = this.fields[kind];
      if (value !== undefined) out[kind] = value;
    }
    return out;
  }
}

/**
 * A flat object from a plain form or generic JSON -> canonical fields, by the exact aliases only
 * (the first alias present with a usable value wins, like draftFromFields). Objects and nested
 * arrays are ignored, so deep or hostile values never reach the domain.
 */
export function canonicalFromFlat(flat: Record<string, unknown>): { fields: CanonicalFields; submissionId?: string } {
  const byKey = new Map<string, unknown>();
  for (const key of Object.keys(flat)) {
    if (isForbiddenKey(key) || key.length > 200) continue;
    const normalised = keyOf(key);
    if (!byKey.has(normalised)) byKey.set(normalised, flat[key]);
  }
  const read = (aliases: readonly string[]): string | undefined => {
    for (const alias of aliases) {
      const value = byKey.get(alias);
      if (isRecord(value)) continue;
      const text = answerText(value);
      if (text !== undefined) return text;
    }
    return undefined;
  };
  const collector = new FieldCollector();
  for (const kind of CANONICAL_ORDER) collector.set(kind, read(EXACT_ALIASES[kind]));
  const submissionId = read(EXACT_ALIASES.submission_id);
  return { fields: collector.result(), ...(submissionId ? { submissionId } : {}) };
}

/**
 * A value found by its label must look like what the label promises: a question titled "Can we
 * email you?" answered "Yes" is not an email address. Typed fields (an email field) skip this.
 */
export function plausible(kind: Canonical | undefined, value: string | undefined): boolean {
  if (kind === undefined || value === undefined) return false;
  if (kind === 'email') return value.includes('@');
  if (kind === 'phone') return value.replace(/\D/g, '').length >= 5;
  return true;
}

/** Set a field found by label, when the value is plausible for it. */
export function setByLabel(collector: FieldCollector, label: string | undefined, value: string | undefined, allowed?: readonly Canonical[]): boolean {
  if (label === undefined) return false;
  const kind = classifyLabel(label);
  if (kind === undefined || (allowed && !allowed.includes(kind)) || !plausible(kind, value)) return false;
  return collector.set(kind, value);
}
