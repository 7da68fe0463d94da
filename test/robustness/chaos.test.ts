/**
 * The test that keeps issue 10's promises true: a seeded chaos run against Baton as `npm start`
 * runs it (child process, production configuration, real googleapis + Bolt + WebClient) and the
 * local stand-ins. It interleaves intakes, bursts, owner / repeated / stranger / former-owner clicks,
 * `npm run sweep` after skipping Baton's clock past the SLA, SIGKILLs (also mid-burst) and
 * restarts, admin edits (rows inserted, deleted and sorted, columns moved, headers renamed and
 * renamed back, the lock tab deleted / renamed / duplicated, notes typed, stages hand-edited, a rep
 * switched on and off) and Sheets faults (outage, 429, 500, lost answers), then checks the
 * invariants in chaos-invariants.ts.
 *
 * Replay one seed: CHAOS_SEED=<n> npx vitest run test/robustness/chaos.test.ts
 * (CHAOS_OPS=<n> changes the number of operations per seed; default 50).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkInvariants, type Violation } from './chaos-invariants.ts';
import { ChaosScenario } from './chaos-scenario.ts';
import { ChaosWorld } from './chaos-world.ts';

// Chosen from seeds 1-16 (operations 50) to cover every operation kind, every lock-tab edit
// (deleted, renamed, duplicated), an outage, notes, hand-typed leads, deleted rows and mid-burst
// SIGKILLs, in about 45 s in all.
const CI_SEEDS = [4, 13, 15];
const SEEDS = process.env.CHAOS_SEED ? [Number(process.env.CHAOS_SEED)] : CI_SEEDS;
const OPERATIONS = Number(process.env.CHAOS_OPS ?? 50);

let world: ChaosWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function summary(scenario: ChaosScenario, violations: Violation[], ms: number): string {
  const { log } = scenario;
  const acked = log.leads.filter((l) => l.answers.some((a) => a.status === 201 || a.status === 202)).length;
  const statuses: Record<string, number> = {};
  for (const lead of log.leads) for (const a of lead.answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const clicks: Record<string, number> = {};
  for (const c of log.clicks) clicks[`${c.kind}:${c.status}`] = (clicks[`${c.kind}:${c.status}`] ?? 0) + 1;
  const byInvariant: Record<string, number> = {};
  for (const v of violations) byInvariant[v.invariant] = (byInvariant[v.invariant] ?? 0) + 1;
  const warnings: Record<string, number> = {};
  for (const line of log.serverLogs) warnings[line] = (warnings[line] ?? 0) + 1;
  return [
    `chaos seed ${log.seed} (replay: CHAOS_SEED=${log.seed}${OPERATIONS !== 50 ? ` CHAOS_OPS=${OPERATIONS}` : ''}): ${Math.round(ms / 1000)} s`,
    `  operations: ${JSON.stringify(Object.fromEntries(Object.entries(log.counts).sort()))}`,
    `  leads: ${log.leads.length} sent, ${acked} acknowledged (201/202); answers ${JSON.stringify(statuses)}`,
    `  clicks: ${JSON.stringify(clicks)}`,
    `  sweeps: ${log.sweeps.map((s) => `#${s.op} exit ${s.run.code}${s.underFault ? ' (faulty)' : ''}`).join(', ') || 'none'}`,
    `  restarts: ${log.restarts.map((r) => `#${r.op === Number.MAX_SAFE_INTEGER - 1 ? 'end' : r.op} ${r.how}${r.exit ? ` ${r.exit}` : ''}`).join('; ')}`,
    `  final SIGTERM: ${JSON.stringify(log.finalStop)}`,
    `  server warnings: ${JSON.stringify(warnings)}`,
    `  violations: ${violations.length === 0 ? 'none' : JSON.stringify(byInvariant)}`,
    ...violations.map((v) => `    [${v.invariant}] ${v.detail}`),
  ].join('\n');
}

/** The audit rows of every lead a violation names: what Baton says it did, in order. */
function auditTrail(w: ChaosWorld, violations: Violation[]): string {
  const ids = new Set(violations.flatMap((v) => v.detail.match(/L-[0-9A-Z]+-[0-9A-Z]+/g) ?? []));
  const rows = w.sheets.tabTitles().includes('audit_log') ? w.sheets.readTab('audit_log').slice(1) : [];
  return rows
    .filter((row) => ids.has(String(row[2] ?? '')))
    .map((row) => `  ${String(row[0])} ${String(row[1])} ${String(row[2])} ${String(row[3])}: ${String(row[4] ?? '').slice(0, 160)}`)
    .join('\n');
}

describe('chaos: admin edits, crashes and Sheets faults against the production process', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: every invariant holds`, async () => {
      const started = Date.now();
      world = await ChaosWorld.create();
      const scenario = new ChaosScenario(world, seed);
      try {
        await scenario.run(OPERATIONS);
      } catch (error) {
        console.log(`chaos seed ${seed}: the run itself failed at ${scenario.log.ops.slice(-3).join(', ')}\n${scenario.log.ops.join('\n')}`);
        throw error;
      }
      const violations = checkInvariants(world, scenario.log);
      const report = summary(scenario, violations, Date.now() - started);
      console.log(report);
      if (violations.length > 0) {
        console.log(`chaos seed ${seed}: operations in order:\n${scenario.log.ops.join('\n')}`);
        console.log(`chaos seed ${seed}: audit trail of the leads named above:\n${auditTrail(world, violations)}`);
      }
      expect(violations, report).toEqual([]);
    }, 110_000);
  }
});
