/** One line of doctor's checklist. */
export interface CheckResult {
  ok: boolean;
  label: string;
  /** What to do about it; printed after the label when ok is false. */
  fix?: string;
}

/** A check that could not run because an earlier one failed; printed, never counted. */
export interface Skipped {
  skipped: true;
  label: string;
}

export type Line = CheckResult | Skipped;

export const pass = (label: string): CheckResult => ({ ok: true, label });
export const fail = (label: string, fix: string): CheckResult => ({ ok: false, label, fix });
export const skip = (label: string): Skipped => ({ skipped: true, label });

export function isSkipped(line: Line): line is Skipped {
  return 'skipped' in line;
}

export function formatLine(line: Line): string {
  if (isSkipped(line)) return `- ${line.label}`;
  return line.ok ? `✓ ${line.label}` : `✗ ${line.label}${line.fix ? ` — fix: ${line.fix}` : ''}`;
}
