import '../runtime-flags.ts';
import { isLocalMode } from '../config.ts';
import { connectSql, describeDatabaseUrl, parseDatabaseUrl, type DatabaseUrl } from '../stores/postgres/sql-client.ts';
import { openSheets } from './setup/sheets-target.ts';
import { copySheetToDatabase, describeCopy } from './migrate/copy-sheet-to-db.ts';
import { createCliLogger, loadCliConfig } from './start-cli.ts';

/**
 * `npm run migrate-from-sheet`: copies lead_sheet, routing_state_sheet and audit_log into the
 * DATABASE_URL database and prints the counts. Run it twice: the second run copies nothing new.
 * Stop Baton first (or keep it on the sheet until the copy is done), then start it with DATABASE_URL.
 */
async function main(): Promise<number> {
  const config = loadCliConfig(process.env, process.stderr);
  if (!config) return 2;
  if (!config.DATABASE_URL) {
    process.stderr.write('migrate-from-sheet: set DATABASE_URL (postgres://… or pglite:<folder>) to the database to copy into.\n');
    return 2;
  }
  if (isLocalMode(config) && !config.SHEETS_EMULATOR_HOST) {
    process.stderr.write('migrate-from-sheet: no spreadsheet configured. Set GOOGLE_SHEETS_ID and credentials (see .env.example).\n');
    return 2;
  }
  const log = createCliLogger(config, process.stderr);
  const parsed = parseDatabaseUrl(config.DATABASE_URL) as DatabaseUrl;
  const target = describeDatabaseUrl(parsed);
  const sql = await connectSql(parsed, { maxConnections: 2 });
  try {
    const sheets = openSheets(config, log);
    const counts = await copySheetToDatabase({ ...sheets, timeZone: config.TIMEZONE, sql, log });
    for (const line of describeCopy(counts, target)) process.stdout.write(`${line}\n`);
    return counts.leads.unreadable.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`migrate-from-sheet: could not copy into ${target}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await sql.close().catch(() => undefined);
  }
}

main().then((code) => process.exit(code));
