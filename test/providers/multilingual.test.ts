import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/domain/intake.ts';
import { classifyLabel } from '../../src/http/providers/classify.ts';
import { scanFields } from '../../src/http/providers/scan-fields.ts';
import { expectOk, parseJson, submission } from './helpers.ts';
import { parseSubmission } from '../../src/http/providers/index.ts';

describe('classifyLabel in the languages forms arrive in (case, accents and punctuation ignored)', () => {
  it.each([
    // Indonesian
    ['Nama Lengkap', 'name'],
    ['Nama depan', 'first_name'],
    ['Nama belakang', 'last_name'],
    ['No. HP / WhatsApp', 'phone'],
    ['Nomor Telepon', 'phone'],
    ['Alamat Email', 'email'],
    ['Nama Usaha', 'company'],
    ['Pertanyaan', 'message'],
    // German
    ['Vorname', 'first_name'],
    ['Nachname', 'last_name'],
    ['Handynummer', 'phone'],
    ['E-Mail-Adresse', 'email'],
    ['Firmenname', 'company'],
    ['Ihre Nachricht', 'message'],
    // French
    ['Prénom', 'first_name'],
    ['Nom de famille', 'last_name'],
    ['Numéro de téléphone', 'phone'],
    ['Courriel', 'email'],
    ['Société', 'company'],
    ['Nom complet', 'name'],
    // Spanish / Portuguese / Italian / Dutch / Polish
    ['Nombre completo', 'name'],
    ['Apellidos', 'last_name'],
    ['Teléfono móvil', 'phone'],
    ['Correo electrónico', 'email'],
    ['Empresa', 'company'],
    ['Mensaje', 'message'],
    ['Sobrenome', 'last_name'],
    ['Celular', 'phone'],
    ['Cognome', 'last_name'],
    ['Cellulare', 'phone'],
    ['Azienda', 'company'],
    ['Voornaam', 'first_name'],
    ['Achternaam', 'last_name'],
    ['Imię i nazwisko', 'name'],
    ['Nazwisko', 'last_name'],
    ['NUMER TELEFONU!!', 'phone'],
    // Still nothing
    ['Größe des Unternehmens', undefined],
    ['Tamaño de la empresa', undefined],
    ['Nom du produit', undefined],
  ])('%j -> %s', (label, kind) => {
    expect(classifyLabel(label)).toBe(kind);
  });
});

describe('scanFields: label/value lists in any shape, at any depth', () => {
  it.each([
    ['fields[] with label/value', { fields: [{ label: 'Nama Lengkap', value: 'Budi Santoso' }, { label: 'Nomor WhatsApp', value: '0812-3456-7890' }] }],
    ['answers[] with question/answer', { data: { answers: [{ question: 'Nama Lengkap', answer: 'Budi Santoso' }, { question: 'No HP', answer: '0812-3456-7890' }] } }],
    ['questions[] with title/response', { submission: { questions: [{ title: 'Nama Lengkap', response: 'Budi Santoso' }, { title: 'Telepon', response: '0812-3456-7890' }] } }],
    ['key/value pairs', { payload: { form: { name: 'Kontak kami' }, entries: [{ key: 'nama', value: 'Budi Santoso' }, { key: 'hp', value: '0812-3456-7890' }] } }],
    ['name/values (list answer)', { items: [{ name: 'Nama Lengkap', values: ['Budi Santoso'] }, { name: 'Ponsel', values: ['0812-3456-7890'] }] }],
    ['nested flat keys', { event: 'submit', lead: { contact: { 'Nama Lengkap': 'Budi Santoso', 'Nomor HP': '0812-3456-7890' } } }],
  ])('%s', (_label, body) => {
    expect(scanFields(body).fields).toMatchObject({ name: 'Budi Santoso', phone: '0812-3456-7890' });
  });

  it('splits given and family names by the form\'s own pairing', () => {
    expect(scanFields({ fields: [{ label: 'Name', value: 'Schmidt' }, { label: 'Vorname', value: 'Anna' }] }).fields).toMatchObject({ first_name: 'Anna', last_name: 'Schmidt' });
    expect(scanFields({ fields: [{ label: 'Nom', value: 'Dupont' }, { label: 'Prénom', value: 'Marie' }] }).fields).toMatchObject({ first_name: 'Marie', last_name: 'Dupont' });
    expect(scanFields({ fields: [{ label: 'Nome', value: 'Giulia' }, { label: 'Cognome', value: 'Rossi' }] }).fields).toMatchObject({ first_name: 'Giulia', last_name: 'Rossi' });
    expect(scanFields({ fields: [{ label: 'Nombre', value: 'Lucía' }, { label: 'Apellidos', value: 'García López' }] }).fields).toMatchObject({ first_name: 'Lucía', last_name: 'García López' });
    expect(scanFields({ fields: [{ label: 'Nome completo', value: 'João Silva' }] }).fields).toEqual({ name: 'João Silva' });
  });

  it('reports the labels it saw, never values, and ignores the form\'s own metadata', () => {
    const result = scanFields({ form: { name: 'Promo Desember', id: 'f1' }, fields: [{ label: 'Kota', value: 'Bandung' }, { label: 'Nomor HP', value: '0812-3456-7890' }] });
    expect(result.fields).toEqual({ phone: '0812-3456-7890' });
    expect(result.seen).toEqual(['Kota', 'Nomor HP']);
    expect(JSON.stringify(result.seen)).not.toContain('0812');
  });

  it('reads an object named for a field by its generic child, and ignores other parties\' names', () => {
    expect(scanFields({ lead: { phone: { number: '0812-3456-7890' }, company: { name: 'PT Maju' }, referrer: { name: 'Partner X', email: 'p@partner.id' } } }).fields).toEqual({
      phone: '0812-3456-7890',
      company: 'PT Maju',
    });
  });

  it('is bounded: deep or huge bodies cost nothing and throw nothing', () => {
    let deep: Record<string, unknown> = { phone: '0812-3456-7890' };
    for (let i = 0; i < 5000; i += 1) deep = { next: deep };
    expect(scanFields(deep).fields).toEqual({});
    const wide = { fields: Array.from({ length: 50_000 }, (_, i) => ({ label: `Field ${i}`, value: 'x' })) };
    expect(scanFields(wide).seen.length).toBeLessThanOrEqual(40);
  });
});

describe('parseSubmission + draftFromFields: a reachable person is never turned away', () => {
  it.each([
    ['German form, nested', { submission: { fields: [{ label: 'Vorname', value: 'Anna' }, { label: 'Nachname', value: 'Schmidt' }, { label: 'Handynummer', value: '+49 151 2345 6789' }] } }, { name: 'Anna Schmidt', phoneRaw: '+49 151 2345 6789' }],
    ['French form, answers[]', { answers: [{ title: 'Prénom', answer: 'Marie' }, { title: 'Nom', answer: 'Dupont' }, { title: 'Courriel', answer: 'marie@exemple.fr' }] }, { name: 'Marie Dupont', email: 'marie@exemple.fr' }],
    ['Spanish form, flat', { 'Nombre completo': 'Lucía García', 'Teléfono móvil': '+34 612 345 678' }, { name: 'Lucía García', phoneRaw: '+34 612 345 678' }],
    ['Indonesian form, questions[]', { data: { questions: [{ label: 'Nama Lengkap', value: 'Budi Santoso' }, { label: 'No. WA', value: '0812-3456-7890' }, { label: 'Nama Usaha', value: 'Toko Maju' }] } }, { name: 'Budi Santoso', phoneRaw: '0812-3456-7890', company: 'Toko Maju' }],
    ['no name at all, only a phone', { contact: { telefono: '0812 3456 7890' } }, { name: '', phoneRaw: '0812 3456 7890', gaps: ['name'] }],
  ])('%s', async (_label, body, expected) => {
    const parsed = expectOk(await parseJson(body));
    const draft = draftFromFields(parsed.fields);
    if (!draft.ok) throw new Error(JSON.stringify(draft.problems));
    expect(draft.draft).toMatchObject(expected);
  });

  it('FIELD_MAP still wins over anything recognised', async () => {
    const parsed = expectOk(await parseJson({ fields: [{ label: 'Nama Lengkap', value: 'Guessed' }, { label: 'Nomor HP', value: '0812-3456-7890' }], custom: { who: 'Mapped Name' } }, { fieldMap: { name: 'custom.who' } }));
    expect(parsed.provider).toBe('field-map');
    expect(parsed.fields).toMatchObject({ name: 'Mapped Name', phone: '0812-3456-7890' });
  });

  it('an urlencoded form with Indonesian field names is read too', async () => {
    const body = new URLSearchParams({ 'Nama Lengkap': 'Budi', 'Nomor HP': '0812-3456-7890' }).toString();
    const parsed = expectOk(await parseSubmission(submission('application/x-www-form-urlencoded', body), {}));
    expect(parsed.fields).toMatchObject({ name: 'Budi', phone: '0812-3456-7890' });
  });

  it('nobody to reach is still a 400-worthy problem', async () => {
    const parsed = expectOk(await parseJson({ fields: [{ label: 'Nama', value: 'Budi' }, { label: 'Kota', value: 'Bandung' }] }));
    expect(draftFromFields(parsed.fields)).toMatchObject({ ok: false, problems: [{ field: 'phone' }] });
  });
});
