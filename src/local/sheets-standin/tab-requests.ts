import { checkKeys } from './params.ts';
import { int, sheetOf, type Fail, type Handler } from './request-args.ts';
import { DEFAULT_LOCALE, sheetProperties, type Workbook } from './workbook.ts';

/** Tab- and spreadsheet-level requests an admin's edits produce: duplicating a tab, renaming the file, changing its locale. */

export function titleTaken(title: string): string {
  return `A sheet with the name "${title}" already exists. Please enter another name.`;
}

function duplicateSheet(wb: Workbook, req: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const body = checkKeys(req, ['sourceSheetId', 'insertSheetIndex', 'newSheetId', 'newSheetName']);
  const source = sheetOf(wb, body['sourceSheetId'], fail);
  let title = body['newSheetName'];
  if (title === undefined || title === null) {
    // Guess at Google's naming of an unnamed copy, after the UI's "Copy of …".
    title = `Copy of ${source.title}`;
    for (let n = 2; wb.sheetByTitle(String(title)); n += 1) title = `Copy of ${source.title} ${n}`;
  }
  if (typeof title !== 'string' || title.trim() === '') throw fail('newSheetName must not be empty');
  if (wb.sheetByTitle(title)) throw fail(titleTaken(title));
  let id: number;
  if (body['newSheetId'] !== undefined && body['newSheetId'] !== null) {
    id = int(body['newSheetId'], 0, fail, 'newSheetId');
    if (id < 0) throw fail('newSheetId must be non-negative');
    if (wb.sheetById(id)) throw fail(`A sheet with the id "${id}" already exists. Please enter another id.`);
  } else {
    id = wb.newSheetId(title);
  }
  const copy = { ...structuredClone(source), sheetId: id, title };
  // Guess: without insertSheetIndex the copy goes right after its source, as the UI places it.
  const fallback = wb.indexOf(source) + 1;
  const index = Math.max(0, Math.min(int(body['insertSheetIndex'], fallback, fail, 'insertSheetIndex'), wb.sheets.length));
  wb.sheets.splice(index, 0, copy);
  return { duplicateSheet: { properties: sheetProperties(wb, copy) } };
}

const SPREADSHEET_PROPERTY_KEYS = [
  'title', 'locale', 'autoRecalc', 'timeZone', 'defaultFormat', 'iterativeCalculationSettings', 'spreadsheetTheme', 'importFunctionsExternalUrlAccessAllowed',
];
const LOCALE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Title, locale and time zone are stored (Baton reads the locale); the other properties are accepted and ignored. */
function updateSpreadsheetProperties(wb: Workbook, req: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const body = checkKeys(req, ['properties', 'fields']);
  const props = checkKeys(body['properties'], SPREADSHEET_PROPERTY_KEYS, 'properties');
  const fields = body['fields'];
  if (typeof fields !== 'string' || fields.trim() === '') {
    throw fail("At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
  }
  const paths = fields.split(',').map((f) => f.trim());
  const has = (path: string) => paths.some((p) => p === '*' || p === path || path.startsWith(`${p}.`));
  if (has('title')) {
    const title = props['title'];
    if (typeof title !== 'string' || title.trim() === '') throw fail('title must not be empty');
    wb.state.title = title;
  }
  if (has('locale')) {
    const locale = props['locale'] ?? DEFAULT_LOCALE;
    if (typeof locale !== 'string' || !LOCALE.test(locale)) throw fail(`Invalid locale: ${String(locale)} (expected a form like en_US or id_ID)`);
    wb.state.locale = locale;
  }
  if (has('timeZone')) {
    const zone = props['timeZone'];
    if (typeof zone !== 'string' || !validTimeZone(zone)) throw fail(`Invalid timeZone: ${String(zone)} (expected an IANA name like Asia/Jakarta)`);
    wb.state.timeZone = zone;
  }
  return {};
}

export const tabHandlers: Record<string, Handler> = { duplicateSheet, updateSpreadsheetProperties };
