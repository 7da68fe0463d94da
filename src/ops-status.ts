/** What /readyz reports: the last word from each dependency and the last sweep. */
export class OpsStatus {
  sheets: { ok: boolean; at: number | null; detail: string } = { ok: false, at: null, detail: 'no request yet' };
  slack: { ok: boolean; at: number | null; detail: string } = { ok: false, at: null, detail: 'auth.test not run yet' };
  lastSweep: { at: number; trigger: string; ok: boolean; summary: string } | null = null;

  sheetsOutcome(ok: boolean, detail: string, at: number): void {
    this.sheets = { ok, at, detail };
  }

  slackOutcome(ok: boolean, detail: string, at: number): void {
    this.slack = { ok, at, detail };
  }

  sweepOutcome(trigger: string, ok: boolean, summary: string, at: number): void {
    this.lastSweep = { at, trigger, ok, summary };
  }

  get ready(): boolean {
    return this.sheets.ok && this.slack.ok;
  }
}
