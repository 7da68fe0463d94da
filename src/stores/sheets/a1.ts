/** A1 notation helpers; only the sheet adapter knows that columns have letters. */

/** 'lead_sheet' stays bare; anything else is quoted, with quotes doubled, as Sheets expects. */
export function quoteTab(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

/** 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function wholeTab(title: string): string {
  return quoteTab(title);
}

export function headerRow(title: string): string {
  return `${quoteTab(title)}!1:1`;
}
