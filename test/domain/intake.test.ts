import { describe, expect, it } from 'vitest';
import { draftFromFields, type DraftResult, type LeadDraft } from '../../src/domain/intake.ts';

function draftOf(fields: Record<string, unknown>): LeadDraft {
  const result = draftFromFields(fields);
  if (!result.ok) throw new Error(`expected a draft, got ${JSON.stringify(result.problems)}`);
  return result.draft;
}

function problemsOf(fields: Record<string, unknown>): Array<{ field: string; problem: string }> {
  const result: DraftResult = draftFromFields(fields);
  if (result.ok) throw new Error(`expected problems, got draft ${JSON.stringify(result.draft)}`);
  return result.problems;
}

const PHONE = '0812-3456-7890';

describe('draftFromFields: field aliases', () => {
  it.each([
    [{ name: 'Budi Santoso' }],
    [{ full_name: 'Budi Santoso' }],
    [{ fullName: 'Budi Santoso' }],
    [{ 'Full Name': 'Budi Santoso' }],
    [{ FULL_NAME: 'Budi Santoso' }],
    [{ 'full-name': 'Budi Santoso' }],
    [{ first_name: 'Budi', last_name: 'Santoso' }],
    [{ firstName: 'Budi', lastName: 'Santoso' }],
    [{ 'First Name': 'Budi', 'Last Name': 'Santoso' }],
    [{ name: 'Budi Santoso', first_name: 'Someone', last_name: 'Else' }],
  ])('name from %j', (fields) => {
    expect(draftOf({ ...fields, phone: PHONE }).name).toBe('Budi Santoso');
  });

  it.each([
    [{ first_name: 'Budi' }, 'Budi'],
    [{ last_name: 'Santoso' }, 'Santoso'],
  ])('a lone first or last name is a name: %j', (fields, name) => {
    expect(draftOf({ ...fields, phone: PHONE }).name).toBe(name);
  });

  it.each([
    ['phone'],
    ['phone_number'],
    ['phoneNumber'],
    ['Phone Number'],
    ['mobile'],
    ['whatsapp'],
    ['WhatsApp'],
    ['Mobile'],
  ])('phone from field %j', (field) => {
    expect(draftOf({ name: 'Budi', [field]: PHONE }).phoneRaw).toBe(PHONE);
  });

  it.each([
    ['email', 'Budi@Example.COM', 'budi@example.com'],
    ['Email', 'BUDI@EXAMPLE.COM', 'budi@example.com'],
    ['e-mail', 'budi@example.com', 'budi@example.com'],
    ['email_address', '  budi@example.com ', 'budi@example.com'],
  ])('email from %j is trimmed and case-folded', (field, value, email) => {
    const draft = draftOf({ name: 'Budi', [field]: value });
    expect(draft.email).toBe(email);
    expect(draft.emailValid).toBe(true);
  });

  it('reads company, source, message and a submission id', () => {
    expect(
      draftOf({
        name: 'Budi',
        phone: PHONE,
        company: 'PT Maju Jaya',
        source: 'landing-page',
        message: 'line one\nline two\r\nline three',
        submission_id: 'sub-123',
      }),
    ).toEqual({
      name: 'Budi',
      emailValid: true,
      phoneRaw: PHONE,
      email: '',
      company: 'PT Maju Jaya',
      source: 'landing-page',
      message: 'line one\nline two\nline three',
      submissionId: 'sub-123',
    });
  });

  it.each([
    [{ 'Company Name': 'PT A' }, 'company', 'PT A'],
    [{ organisation: 'PT B' }, 'company', 'PT B'],
    [{ utm_source: 'google' }, 'source', 'google'],
    [{ utmSource: 'fb' }, 'source', 'fb'],
    [{ notes: 'hi' }, 'message', 'hi'],
  ] as const)('%j -> %s', (fields, key, value) => {
    expect(draftOf({ name: 'Budi', phone: PHONE, ...fields })[key]).toBe(value);
  });

  it('ignores unknown fields, whatever they hold', () => {
    const draft = draftOf({
      name: 'Budi',
      phone: PHONE,
      utm_campaign: 'black-friday',
      nested: { deep: ['x'] },
      list: [1, 2, 3],
      flag: true,
      nothing: null,
    });
    expect(draft).toMatchObject({ name: 'Budi', phoneRaw: PHONE, company: '', source: '', message: '' });
    expect(Object.keys(draft).sort()).toEqual(['company', 'email', 'emailValid', 'message', 'name', 'phoneRaw', 'source', 'submissionId']);
  });

  it.each([
    [6281234567890, '6281234567890'],
    [81234567890, '81234567890'],
    [['0812-3456-7890'], '0812-3456-7890'],
  ])('a phone sent as %j reads as text %j (no 6.28e12)', (phone, text) => {
    expect(draftOf({ name: 'Budi', phone }).phoneRaw).toBe(text);
  });

  it('skips blank aliases and takes the next one', () => {
    expect(draftOf({ name: 'Budi', phone: '', mobile: PHONE }).phoneRaw).toBe(PHONE);
  });
});

describe('draftFromFields: what makes a lead', () => {
  it.each([
    ['no name at all', { phone: PHONE }],
    ['blank name', { name: '   ', phone: PHONE }],
    ['name of control characters only', { name: '\u0000\u0007\u001b', phone: PHONE }],
    ['null name', { name: null, phone: PHONE }],
  ])('%s -> still a lead (reachable), with name listed as a gap', (_label, fields) => {
    const draft = draftOf(fields);
    expect(draft.name).toBe('');
    expect(draft.gaps).toEqual(['name']);
  });

  it('neither phone nor email -> one problem that says a lead needs one', () => {
    const problems = problemsOf({ name: 'Budi', company: 'PT A' });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.problem).toMatch(/phone or an? email/);
  });

  it('no name and no contact -> refused for the contact only (nobody to reach)', () => {
    expect(problemsOf({ company: 'PT A' }).map((problem) => problem.field)).toEqual(['phone']);
  });

  it('a complete lead has no gaps at all', () => {
    expect(draftOf({ name: 'Budi', phone: PHONE })).not.toHaveProperty('gaps');
  });

  it('a broken second contact next to a usable one is a gap, named without its value', () => {
    expect(draftOf({ name: 'Budi', phone: PHONE, email: 'budi at example' }).gaps).toEqual(['email: not an email address']);
    expect(draftOf({ name: 'Budi', phone: '12', email: 'budi@example.com' }).gaps).toEqual(['phone: fewer than 5 digits']);
  });

  it('an invalid email next to a usable phone is kept and flagged, not refused', () => {
    const draft = draftOf({ name: 'Budi', phone: PHONE, email: 'budi at example' });
    expect(draft.email).toBe('budi at example');
    expect(draft.emailValid).toBe(false);
  });

  it('a junk phone next to a valid email is kept as sent', () => {
    const draft = draftOf({ name: 'Budi', phone: 'call me', email: 'budi@example.com' });
    expect(draft.phoneRaw).toBe('call me');
    expect(draft.emailValid).toBe(true);
  });

  it.each([
    ['fullwidth', '０８１２-３４５６-７８９０'],
    ['Arabic-Indic', '٠٨١٢٣٤٥٦٧٨٩٠'],
    ['Persian', '۰۸۱۲ ۳۴۵۶ ۷۸۹۰'],
    ['Devanagari', '०८१२ ३४५६ ७८९०'],
    ['Thai', '๐๘๑๒ ๓๔๕๖ ๗๘๙๐'],
  ])('a phone in %s digits with no email is a lead, kept as sent', (_label, phone) => {
    expect(draftOf({ name: 'Budi', phone }).phoneRaw).toBe(phone);
  });

  it('a phone with a newline and a formula after it stays one line, nothing dropped', () => {
    expect(draftOf({ name: 'Budi', phone: '+62 812 3456 7813\n=1+1' }).phoneRaw).toBe('+62 812 3456 7813 =1+1');
  });

  it('a refused contact names the problem without quoting the value; the value sent travels beside it', () => {
    expect(problemsOf({ name: 'Budi', phone: '0812', email: 'budi at example' })).toEqual([
      { field: 'email', problem: 'is not an email address', sent: 'budi at example' },
      { field: 'phone', problem: 'has fewer than 5 digits', sent: '0812' },
    ]);
  });

  it.each([
    ['invalid email only', { name: 'Budi', email: 'nope' }, ['email']],
    ['too short phone only', { name: 'Budi', phone: '12' }, ['phone']],
    ['both unusable', { name: 'Budi', phone: 'x1', email: 'a@b' }, ['email', 'phone']],
  ])('%s -> problems on %j', (_label, fields, expected) => {
    expect(problemsOf(fields).map((problem) => problem.field).sort()).toEqual(expected);
  });
});

describe('draftFromFields: limits and types', () => {
  it.each([
    ['name', 200],
    ['company', 200],
    ['source', 100],
    ['message', 2000],
  ] as const)('%s of %i characters is kept, a longer one is cut there and listed as a gap', (field, limit) => {
    expect(draftOf({ name: 'Budi', phone: PHONE, [field]: 'x'.repeat(limit) })[field]).toHaveLength(limit);
    const cut = draftOf({ name: 'Budi', phone: PHONE, [field]: 'x'.repeat(limit + 1) });
    expect(cut[field]).toHaveLength(limit);
    expect(cut.gaps).toEqual([`${field}: cut to ${limit} characters`]);
  });

  it('an email over 254 characters is refused', () => {
    const email = `${'a'.repeat(250)}@example.com`;
    expect(problemsOf({ name: 'Budi', email })).toEqual([{ field: 'email', problem: 'longer than 254 characters' }]);
  });

  it('a phone with a note after it (up to 100 characters) is kept; a longer one keeps its first 100 (the person stays reachable)', () => {
    const phone = '0812 3456 7890 (WhatsApp only, after 5 pm please)';
    expect(draftOf({ name: 'Budi', phone }).phoneRaw).toBe(phone);
    expect(draftOf({ name: 'Budi', phone: '1'.repeat(100) }).phoneRaw).toHaveLength(100);
    const long = draftOf({ name: 'Budi', phone: `0812 3456 7890 ${'x'.repeat(100)}` });
    expect(long.phoneRaw).toHaveLength(100);
    expect(long.gaps).toEqual(['phone: cut to 100 characters']);
  });

  it.each([
    ['phone as two-item array', { name: 'Budi', phone: ['0812', '0813'] }, 'phone'],
    ['phone as object', { name: 'Budi', phone: { number: PHONE } }, 'phone'],
  ])('%s with no email -> "must be a string" on %s (nobody to reach)', (_label, fields, field) => {
    expect(problemsOf(fields)).toEqual([{ field, problem: 'must be a string' }]);
  });

  it.each([
    ['name as object', { name: { first: 'Budi' }, phone: PHONE }, 'name: not text'],
    ['name as boolean', { name: true, phone: PHONE }, 'name: not text'],
    ['email as array of objects', { name: 'Budi', phone: PHONE, email: [{}] }, 'email: not text'],
    ['message as NaN', { name: 'Budi', phone: PHONE, message: Number.NaN }, 'message: not text'],
    ['company as Infinity', { name: 'Budi', phone: PHONE, company: Number.POSITIVE_INFINITY }, 'company: not text'],
  ])('%s next to a usable contact -> a lead, the field listed as a gap', (_label, fields, gap) => {
    expect(draftOf(fields).gaps).toContain(gap);
  });

  it('strips control characters from single-line fields', () => {
    const draft = draftOf({ name: 'Budi\u0000 \u0007Santoso\u001b\u007f', phone: '0812\u00003456\t7890', company: 'PT\r\nMaju' });
    expect(draft.name).toBe('Budi Santoso');
    expect(draft.company).toBe('PT Maju');
    expect(`${draft.name}${draft.phoneRaw}${draft.company}`).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('keeps newlines in the message but strips other control characters', () => {
    const draft = draftOf({ name: 'Budi', phone: PHONE, message: '  hello\u0000\r\n\tworld\u0007\n\u001b[31mred\u001f\u007f  ' });
    expect(draft.message).toBe('hello\n world\n[31mred');
    expect(draft.message.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});

describe('draftFromFields: hostile input stays inert text', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")'],
    ['+SUM(A1:A9)'],
    ['-2+3'],
    ['@IMPORTXML("http://evil", "//a")'],
    ['<script>alert(1)</script>'],
    ['<@U123> <!channel>'],
  ])('%j is kept exactly as sent (the adapter writes RAW)', (evil) => {
    const draft = draftOf({ name: evil, company: evil, source: evil, message: evil, phone: PHONE });
    expect(draft).toMatchObject({ name: evil, company: evil, source: evil, message: evil });
  });

  it('prototype-looking keys from JSON are ignored and pollute nothing', () => {
    const fields = JSON.parse(
      '{"__proto__": {"name": "Eve", "polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "toString": "x", "hasOwnProperty": "y", "name": "Budi", "phone": "0812-3456-7890"}',
    ) as Record<string, unknown>;
    const draft = draftOf(fields);
    expect(draft.name).toBe('Budi');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(draft, 'polluted')).toBe(false);
  });

  it('a name only under __proto__ is no name', () => {
    const fields = JSON.parse('{"__proto__": {"name": "Eve"}, "phone": "0812-3456-7890"}') as Record<string, unknown>;
    expect(draftOf(fields)).toMatchObject({ name: '', gaps: ['name'] });
  });

  it('works on a null-prototype object (a form-urlencoded parser may build one)', () => {
    const fields = Object.assign(Object.create(null) as Record<string, unknown>, { name: 'Budi', phone: PHONE });
    expect(draftOf(fields).name).toBe('Budi');
  });

  it.each([
    ['Jöhn Ødegård-Núñez', 'Jöhn Ødegård-Núñez'],
    ['张伟', '张伟'],
    ['محمد عبد الله', 'محمد عبد الله'],
    ['Zoë 👩🏽‍💼', 'Zoë 👩🏽‍💼'],
    ['名'.repeat(200), '名'.repeat(200)],
  ])('unicode name %j is kept', (name, expected) => {
    expect(draftOf({ name, phone: PHONE }).name).toBe(expected);
  });

  it('a very long unicode name is cut, not a crash', () => {
    const draft = draftOf({ name: '名👩🏽‍💼'.repeat(20_000), phone: PHONE });
    expect(draft.name.length).toBeLessThanOrEqual(200);
    expect(draft.gaps).toEqual(['name: cut to 200 characters']);
  });
});
