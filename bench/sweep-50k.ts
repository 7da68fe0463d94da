/**
 * Child process of `npm run bench` (figure 8): builds Baton against a stand-in the parent started
 * (50 000 seeded lead rows) and measures one sweep's CPU time and the process's peak RSS. The
 * stand-in runs in the parent, so its work is not in these numbers. Prints one BENCH_RESULT line.
 */
import '../src/runtime-flags.ts';
import { Book } from '../src/core/book.ts';
import { createBaton } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { systemClock, type Notifier } from '../src/core/ports.ts';
import { planSweep } from '../src/domain/plan-sweep.ts';
import { quoteTab, wholeTab } from '../src/stores/sheets/a1.ts';
import { createSheetsApi } from '../src/stores/sheets/client.ts';
import { TABS } from '../src/stores/sheets/schema.ts';
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
  baton.ctx.notifier = new Proxy(real, {
    get: (target, key, receiver) => {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        await gate;
        return (member as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Notifier;

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
  const afterSweep = process.memoryUsage();
  const heapUsedAfterSweepMB = afterSweep.heapUsed / MB;
  const heapTotalAfterSweepMB = afterSweep.heapTotal / MB;
  const externalAfterSweepMB = afterSweep.external / MB;
  const sweepRequests = requesterDelta(r0, baton.requester.stats);
  const ledger = ledgerDelta(l0, baton.ledger.stats);

  open();
  await notified;
  await baton.ctx.background.idle();
  const maxRssAfterDmsMB = maxRssMB();

  // A second sweep in the same process (warm JIT, 0 due now): what a long-running server pays per sweep.
  const cpuWarm0 = process.cpuUsage();
  const warm = await runSweep(baton.ctx, 'bench');
  const cpuWarm = process.cpuUsage(cpuWarm0);
  await warm.notified;
  const maxRssAfterWarmSweepMB = maxRssMB();

  // Diagnosis only, after every figure is taken (warm JIT): what each step of a sweep costs by itself.
  const cpuMs = async <T>(step: () => Promise<T> | T): Promise<{ value: T; ms: number; wallMs: number }> => {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const value = await step();
    const c = process.cpuUsage(c0);
    return { value, ms: (c.user + c.system) / 1000, wallMs: performance.now() - w0 };
  };
  const { api } = createSheetsApi({ spreadsheetId: String(env.GOOGLE_SHEETS_ID), emulatorHost: config.SHEETS_EMULATOR_HOST });
  const raw = await cpuMs(() =>
    api.spreadsheets.values.batchGet({
      spreadsheetId: String(env.GOOGLE_SHEETS_ID),
      ranges: [wholeTab(TABS.roster.title), wholeTab(TABS.leads.title), wholeTab(TABS.state.title), `${quoteTab(TABS.audit.title)}!1:1`],
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
      prettyPrint: false,
    }),
  );
  const responseMB = Buffer.byteLength(JSON.stringify(raw.value.data)) / MB;
  const load = await cpuMs(() => baton.store.load());
  const book = await cpuMs(() => new Book(load.value));
  const plan = await cpuMs(() =>
    planSweep({
      leads: book.value.leadsAtStage('NEW'),
      leadCount: book.value.leadCount,
      unreadable: book.value.unreadable,
      roster: book.value.roster,
      cursor: book.value.cursor,
      escalated: book.value.escalated,
      now: Date.now(),
      policy: { slaMinutes: config.SLA_MINUTES, escalationThreshold: config.ESCALATION_THRESHOLD },
    }),
  );

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
    heapTotalAfterSweepMB,
    externalAfterSweepMB,
    sweepRequests,
    ledger,
    warmSweepCpuMs: (cpuWarm.user + cpuWarm.system) / 1000,
    warmSweepDue: warm.summary.due,
    maxRssAfterWarmSweepMB,
    responseMB,
    rawGetCpuMs: raw.ms,
    loadCpuMs: load.ms,
    loadWallMs: load.wallMs,
    bookCpuMs: book.ms,
    planCpuMs: plan.ms,
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
