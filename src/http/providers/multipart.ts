/**
 * A small multipart/form-data reader (RFC 7578) for text fields only: enough for Jotform's webhook.
 * File parts (a `filename` parameter) are skipped. The caller has already capped the body at 64 KiB.
 * Lenient about LF-only line endings and a missing final "--"; strict about the boundary itself.
 */

export type MultipartResult = { ok: true; fields: Array<[string, string]> } | { ok: false; details: string };

const MAX_PARTS = 1000;

/** The boundary parameter of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const boundary = (match?.[1] ?? match?.[2] ?? '').trim();
  if (boundary === '' || boundary.length > 200) return undefined;
  return boundary;
}

function dispositionName(headers: string): { name?: string; isFile: boolean } {
  for (const line of headers.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const value = line.slice(colon + 1);
    const isFile = /;\s*filename\*?\s*=/i.test(value);
    const quoted = /;\s*name\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(value);
    const bare = /;\s*name\s*=\s*([^;\s"]+)/i.exec(value);
    const raw = quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : bare?.[1];
    // HTML forms percent-encode a quote in a name as %22 (WHATWG); decode only that.
    return { ...(raw !== undefined ? { name: raw.replace(/%22/g, '"') } : {}), isFile };
  }
  return { isFile: false };
}

function skipLineBreak(body: Buffer, at: number): number {
  let pos = at;
  // Transport padding (spaces/tabs) may follow a delimiter before its line break.
  while (pos < body.length && (body[pos] === 0x20 || body[pos] === 0x09)) pos += 1;
  if (body[pos] === 0x0d && body[pos + 1] === 0x0a) return pos + 2;
  if (body[pos] === 0x0a) return pos + 1;
  return -1;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let at = body.indexOf(delimiter);
  if (at < 0) return { ok: false, details: `the body never contains the boundary "--${boundary}" named in Content-Type` };
  const fields: Array<[string, string]> = [];
  for (let parts = 0; parts < MAX_PARTS; parts += 1) {
    const afterDelimiter = at + delimiter.length;
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) break; // "--": the close delimiter
    const start = skipLineBreak(body, afterDelimiter);
    if (start < 0) break; // not a delimiter line after all, or a truncated body: stop at what we have
    let next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    let endOfContent = next;
    if (next < 0) {
      next = body.indexOf(Buffer.concat([Buffer.from('\n'), delimiter]), start);
      endOfContent = next;
    }
    if (next < 0) break; // an unterminated last part is dropped
    const part = body.subarray(start, endOfContent);
    let split = part.indexOf('\r\n\r\n');
    let headerEnd = split + 4;
    if (split < 0) {
      split = part.indexOf('\n\n');
      headerEnd = split + 2;
    }
    // A part without a blank line has headers and no content (or no headers): it names no usable field.
    if (split >= 0) {
      const { name, isFile } = dispositionName(part.subarray(0, split).toString('utf8'));
      if (name !== undefined && !isFile) fields.push([name, part.subarray(headerEnd).toString('utf8')]);
    }
    at = body.indexOf(delimiter, endOfContent);
  }
  return { ok: true, fields };
}
