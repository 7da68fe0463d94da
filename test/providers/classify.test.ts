import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/domain/intake.ts';
import { classifyLabel } from '../../src/http/providers/classify.ts';
import { parseSubmission } from '../../src/http/providers/index.ts';
import { expectOk, fixtureBytes, submission } from './helpers.ts';

describe('classifyLabel', () => {
  const table: Array<[string, string | undefined]> = [
    ["What's your full name?", 'name'],
    ['Nama Lengkap', 'name'],
    ['fullName', 'name'],
    ['First name', 'first_name'],
    ['Nama depan', 'first_name'],
    ['Surname', 'last_name'],
    ['E-mail', 'email'],
    ['Business email', 'email'],
    ['email12', 'email'],
    ['Your WhatsApp number', 'phone'],
    ['Nomor HP', 'phone'],
    ['Company phone', 'phone'],
    ['phoneNumber', 'phone'],
    ["What's your company's name?", 'company'],
    ['Nama perusahaan', 'company'],
    ['Organisation (optional)', 'company'],
    ['UTM Source', 'source'],
    ['How did you hear about us?', 'source'],
    ['How can we help?', 'message'],
    ['Pesan', 'message'],
    ['Company size', undefined],
    ['Company website', undefined],
    ['Form name', undefined],
    ['Username', undefined],
    ['Open source experience', undefined],
    ['Job title', undefined],
    ['Country', undefined],
    ['utm_medium', undefined],
    ['', undefined],
  ];
  it.each(table)('%j -> %s', async (label, kind) => {
    expect(classifyLabel(label)).toBe(kind);
  });
});

describe('every fixture yields a lead draftFromFields accepts', () => {
  const cases: Array<[string, string, string]> = [
    ['typeform-lead.json', 'application/json', 'Budi Santoso'],
    ['typeform-minimal.json', 'application/json', 'Siti Rahayu'],
    ['tally-lead.json', 'application/json', 'Dewi Lestari'],
    ['google-forms.json', 'application/json', 'Rina Wijaya'],
    ['webflow-v2.json', 'application/json', 'Zaphod Beeblebrox'],
    ['webflow-v1.json', 'application/json', 'Some One'],
    ['hubspot-classic.json', 'application/json', 'Agus Pratama'],
    ['hubspot-flat.json', 'application/json', 'Maya Kusuma'],
    ['generic.json', 'application/json', 'Rudi Hartono'],
    ['html-form.txt', 'application/x-www-form-urlencoded', 'Andi Wijaya'],
    ['jotform-multipart.txt', 'multipart/form-data; boundary=------------------------d74496d66958873e', 'Budi Santoso'],
  ];
  it.each(cases)('%s', async (fixture, contentType, name) => {
    const parsed = expectOk(await parseSubmission(submission(contentType, fixtureBytes(fixture)), {}));
    const draft = draftFromFields(parsed.fields);
    expect(draft.ok && draft.draft.name).toBe(name);
  });
});
