/** Shared types of the form-provider adapters. Pure data: no I/O anywhere under src/http/providers. */

export interface RawSubmission {
  contentType: string | undefined;
  /** The raw bytes as received (signatures are computed over these, never over re-serialised JSON). */
  body: Buffer;
  /** The request's query string, e.g. `?source=typeform&token=...`. */
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

export interface ProviderSecrets {
  typeformSecret?: string;
  tallySigningSecret?: string;
}

/** FIELD_MAP: which incoming field (a dot path is allowed, e.g. "data.fields.Phone") is which lead field. */
export interface FieldMap {
  name?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  email?: string;
  company?: string;
  source?: string;
  message?: string;
  submission_id?: string;
}

export const FIELD_MAP_KEYS = ['name', 'first_name', 'last_name', 'phone', 'email', 'company', 'source', 'message', 'submission_id'] as const;

export type ProviderName = 'typeform' | 'tally' | 'google-forms' | 'webflow' | 'jotform' | 'hubspot' | 'html-form' | 'generic-json' | 'field-map';

/**
 * - valid: the provider's signature matches; the request is authenticated on its own.
 * - invalid: a signature was sent and does not match (the route answers 401).
 * - absent: the provider's secret is configured but the request carries no signature header.
 * - not-configured: no secret for this provider, or the provider does not sign its webhooks.
 */
export type SignatureStatus = 'valid' | 'invalid' | 'absent' | 'not-configured';

export type ProviderParse =
  | {
      ok: true;
      provider: ProviderName;
      /** Flat, canonical names only: name | first_name | last_name | phone | email | company | source | message. Values are strings. */
      fields: Record<string, unknown>;
      /** The provider's own submission/event id: the idempotency key. */
      submissionId?: string;
      signature: SignatureStatus;
      /** Labels of the answers the body carried (names only, never values): what a missing_fields exception lists. */
      seen?: string[];
    }
  | { ok: false; status: 400 | 415; error: string; details: string };

/** Baton's canonical lead fields as produced by the adapters. */
export type Canonical = 'name' | 'first_name' | 'last_name' | 'phone' | 'email' | 'company' | 'source' | 'message';

export type CanonicalFields = Partial<Record<Canonical, string>>;

/** What an adapter returns: fields, or why the body is not this provider's payload. */
export type AdapterResult = { ok: true; fields: CanonicalFields; submissionId?: string } | { ok: false; details: string };
