import busboy from 'busboy';

/**
 * multipart/form-data (RFC 7578) text fields, read by busboy: the body is untrusted, so it is parsed
 * by a well-kept streaming parser, strictly (CRLF line breaks, a closing boundary), within limits.
 * File parts are skipped: a lead is text, and an upload field on a form must not cost the lead.
 */

export type MultipartResult = { ok: true; fields: Array<[string, string]> } | { ok: false; details: string };

/** Far more than any form has; the caller caps the whole body at 64 KiB anyway. */
export const MULTIPART_LIMITS = { parts: 1000, fieldSize: 64 * 1024 } as const;

/** busboy's error messages -> what the sender should fix. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/boundary not found/i.test(message)) return 'Content-Type multipart/form-data has no boundary parameter';
  if (/malformed content type/i.test(message)) return 'Content-Type multipart/form-data is malformed (an empty boundary=, a stray character)';
  if (/unexpected end of form/i.test(message)) {
    return 'the body ends before its closing boundary ("--" + the boundary named in Content-Type + "--"); every line break must be CRLF';
  }
  if (/malformed part header/i.test(message)) return 'a part has malformed headers (or more than 16 KiB of them)';
  return `unreadable multipart body: ${message}`;
}

/** The text fields of a multipart body, in order; or why it cannot be read (the caller answers 400). */
export function parseMultipart(body: Buffer, contentType: string): Promise<MultipartResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: MultipartResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let parser: busboy.Busboy;
    try {
      // Field names are UTF-8 from every browser; busboy's default for header parameters is latin1.
      parser = busboy({ headers: { 'content-type': contentType }, limits: { parts: MULTIPART_LIMITS.parts, fieldSize: MULTIPART_LIMITS.fieldSize }, defParamCharset: 'utf8' });
    } catch (error) {
      settle({ ok: false, details: explain(error) });
      return;
    }
    const fields: Array<[string, string]> = [];
    let problem: string | undefined;
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) problem ??= `field "${name.slice(0, 40)}" is longer than ${MULTIPART_LIMITS.fieldSize} bytes`;
      // A part with no name (or an empty one) names no field.
      else if (name) fields.push([name, value]);
    });
    parser.on('partsLimit', () => {
      problem ??= `more than ${MULTIPART_LIMITS.parts} parts`;
    });
    parser.on('error', (error: unknown) => settle({ ok: false, details: explain(error) }));
    parser.on('finish', () => settle(problem === undefined ? { ok: true, fields } : { ok: false, details: problem }));
    parser.end(body);
  });
}
