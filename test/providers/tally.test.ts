import { describe, expect, it } from 'vitest';
import { expectOk, fixtureBytes, hmacBase64, parseJson } from './helpers.ts';

const SECRET = 'tally_whsec_Zb8uQ2';

describe('Tally webhook', () => {
  it('maps by field type and label, resolves choice ids to labels, ignores per-option booleans and unanswered fields', async () => {
    const result = expectOk(await parseJson(fixtureBytes('tally-lead.json')));
    expect(result.provider).toBe('tally');
    expect(result.fields).toEqual({
      name: 'Dewi Lestari',
      phone: '+6281311112222',
      email: 'dewi@lestari.id',
      company: 'CV Lestari Abadi',
      source: 'LinkedIn',
      message: 'Two branches, 40 staff.\nNeed it live by July.',
    });
    expect(result.submissionId).toBe('2wgx4n');
  });

  it('takes a hidden utm_source when no question names a source; an older single-id choice value works', async () => {
    const body = {
      eventId: 'evt-2',
      eventType: 'FORM_RESPONSE',
      data: {
        responseId: 'resp-2',
        fields: [
          { key: 'q1', label: 'First name', type: 'INPUT_TEXT', value: 'Joko' },
          { key: 'q2', label: 'Last name', type: 'INPUT_TEXT', value: 'Widodo' },
          { key: 'q3', label: 'Nomor HP', type: 'INPUT_TEXT', value: '0812 7777 8888' },
          { key: 'q4', label: 'Lead source', type: 'DROPDOWN', value: 'opt-b', options: [{ id: 'opt-a', text: 'Expo' }, { id: 'opt-b', text: 'Referral' }] },
          { key: 'q5', label: 'utm_source', type: 'HIDDEN_FIELDS', value: 'ig' },
          { key: 'q6', label: 'Notes', type: 'TEXTAREA', value: '' },
        ],
      },
    };
    const result = expectOk(await parseJson(body));
    expect(result.fields).toEqual({ first_name: 'Joko', last_name: 'Widodo', phone: '0812 7777 8888', source: 'Referral' });
    expect(result.submissionId).toBe('resp-2');
  });

  it('falls back to eventId, and a choice id with no option is kept as sent', async () => {
    const body = {
      eventId: 'evt-3',
      eventType: 'FORM_RESPONSE',
      data: {
        fields: [
          { key: 'q1', label: 'Email', type: 'INPUT_EMAIL', value: 'x@y.id' },
          { key: 'q2', label: 'How did you hear about us?', type: 'MULTIPLE_CHOICE', value: ['gone-option'], options: [] },
        ],
      },
    };
    const result = expectOk(await parseJson(body));
    expect(result.fields).toEqual({ email: 'x@y.id', source: 'gone-option' });
    expect(result.submissionId).toBe('evt-3');
  });

  describe('Tally-Signature', () => {
    const body = fixtureBytes('tally-lead.json');
    it('is valid when it is the base64 HMAC-SHA256 of the raw body', async () => {
      const headers = { 'tally-signature': hmacBase64(SECRET, body) };
      expect(expectOk(await parseJson(body, { headers, secrets: { tallySigningSecret: SECRET } })).signature).toBe('valid');
    });
    it('is invalid with a wrong secret, a hex digest or a Typeform-style prefix', async () => {
      const secrets = { tallySigningSecret: SECRET };
      expect(expectOk(await parseJson(body, { headers: { 'tally-signature': hmacBase64('nope', body) }, secrets })).signature).toBe('invalid');
      const hex = Buffer.from(hmacBase64(SECRET, body), 'base64').toString('hex');
      expect(expectOk(await parseJson(body, { headers: { 'tally-signature': hex }, secrets })).signature).toBe('invalid');
      expect(expectOk(await parseJson(body, { headers: { 'tally-signature': `sha256=${hmacBase64(SECRET, body)}` }, secrets })).signature).toBe('invalid');
    });
    it('is absent without the header when a secret is configured; not-configured without a secret', async () => {
      expect(expectOk(await parseJson(body, { secrets: { tallySigningSecret: SECRET } })).signature).toBe('absent');
      expect(expectOk(await parseJson(body, { headers: { 'tally-signature': hmacBase64(SECRET, body) } })).signature).toBe('not-configured');
    });
    it('takes the first value of a repeated header', async () => {
      const headers = { 'tally-signature': [hmacBase64(SECRET, body), 'junk'] };
      expect(expectOk(await parseJson(body, { headers, secrets: { tallySigningSecret: SECRET } })).signature).toBe('valid');
    });
  });
});
