export type ParsedBody = { ok: true; fields: Record<string, unknown> } | { ok: false; status: 400 | 415; error: string; details: string };

/** JSON or urlencoded form -> flat fields. Anything else is refused with what was expected. */
export function parseLeadBody(contentType: string | undefined, body: Buffer): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return { ok: false, status: 400, error: 'invalid JSON', details: error instanceof Error ? error.message : String(error) };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, status: 400, error: 'invalid lead', details: 'the JSON body must be an object of fields, e.g. {"name": "...", "phone": "..."}' };
    }
    return { ok: true, fields: value as Record<string, unknown> };
  }
  if (type === 'application/x-www-form-urlencoded') {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
      if (!(key in fields)) fields[key] = value;
    }
    return { ok: true, fields };
  }
  return {
    ok: false,
    status: 415,
    error: 'unsupported content type',
    details: `got "${type || 'none'}"; send application/json or application/x-www-form-urlencoded`,
  };
}
