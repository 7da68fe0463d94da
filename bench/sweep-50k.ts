/**
 * Child process of `npm run bench` (figure 8): builds Baton against a stand-in the parent started
 * (50 000 seeded lead rows) and measures one sweep's CPU time and the process's peak RSS. The
 * stand-in runs in the parent, so its work is not in these numbers. Prints one BENCH_RESULT line.
 */
import { createBaton } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { systemClock, type Notifier } from '../src/ports.ts';
import { runSweep } from '../src/use-cases/run-sweep.ts';
import { BOT_TOKEN, INTAKE_TOKEN, SIGNING_SECRET } from './harness.ts';
import { ledgerDelta, requesterDelta } from './measure.ts';
import type { SweepChildResult } from './scenarios.ts';

const MB = 1024 * 1024;
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

async function main(): Promise<void> {
  const env = JSON.parse(process.env.BENCH_CHILD_ENV ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  const baton = createBaton({
    config,
    log: createLogger('silent'),
    clock: systemClock,
    secrets: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, intakeToken: INTAKE_TOKEN, spreadsheetId: String(env.GOOGLE_SHEETS_ID) },
    listen: { port: 0, host: '127.0.0.1' },
  });
  await baton.store.init();

  // Slack calls wait behind a gate until the measurement ends, so the figure is load + plan + commit only.
  const real = baton.ctx.notifier;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const gated: Notifier = {
    sendLead: async (notice) => (await gate, real.sendLead(notice)),
    updateOwnerMessage: async (ref, update) => (await gate, real.updateOwnerMessage(ref, update)),
    notifyDuplicate: async (lead, at) => (await gate, real.notifyDuplicate(lead, at)),
    notifyManagers: async (notice) => (await gate, real.notifyManagers(notice)),
    explainRejection: async (target, rejection) => (await gate, real.explainRejection(target, rejection)),
  };
  baton.ctx.notifier = gated;

  const rssBeforeSweepMB = process.memoryUsage().rss / MB;
  const maxRssBeforeSweepMB = maxRssMB();
  const l0 = { ...baton.ledger.stats };
  const r0 = { ...baton.requester.stats };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { summary, notified } = await runSweep(baton.ctx, 'bench');
  const cpu = process.cpuUsage(cpu0);
  const sweepWallMs = performance.now() - t0;
  const maxRssAfterSweepMB = maxRssMB();
  const heapUsedAfterSweepMB = process.memoryUsage().heapUsed / MB;
  const sweepRequests = requesterDelta(r0, baton.requester.stats);
  const ledger = ledgerDelta(l0, baton.ledger.stats);

  open();
  await notified;
  await baton.ctx.background.idle();
  const maxRssAfterDmsMB = maxRssMB();

  // Diagnosis only, after every figure is taken: what one load of the sheet costs by itself.
  const cpuLoad0 = process.cpuUsage();
  const tLoad0 = performance.now();
  await baton.store.load();
  const cpuLoad = process.cpuUsage(cpuLoad0);

  const result: SweepChildResult = {
    leads: summary.leads,
    due: summary.due,
    rerouted: summary.rerouted,
    sweepCpuMs: (cpu.user + cpu.system) / 1000,
    sweepUserMs: cpu.user / 1000,
    sweepSystemMs: cpu.system / 1000,
    sweepWallMs,
    rssBeforeSweepMB,
    maxRssBeforeSweepMB,
    maxRssAfterSweepMB,
    maxRssAfterDmsMB,
    heapUsedAfterSweepMB,
    sweepRequests,
    ledger,
    loadOnlyCpuMs: (cpuLoad.user + cpuLoad.system) / 1000,
    loadOnlyWallMs: performance.now() - tLoad0,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`sweep-50k: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
