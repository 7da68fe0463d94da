// Bundles Baton's entry points into dist/ so `npm start` and the CLIs run as plain JavaScript:
// no TypeScript loader thread in the process (tsx costs ~45 MB of RSS). esbuild only strips
// types, in a fraction of a second; `npm test` runs tsc for the type check. Packages stay
// external and load from node_modules as usual.
//
// `--if-stale` (what `npm start` uses) builds only when a source is newer than the bundle, so a
// deployment that ran `npm run build` can start from a read-only folder.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist');
const ENTRY_POINTS = {
  main: 'src/main.ts',
  sweep: 'src/cli/sweep.ts',
  setup: 'src/cli/setup.ts',
  doctor: 'src/cli/doctor.ts',
  simulate: 'src/cli/simulate.ts',
  'migrate-from-sheet': 'src/cli/migrate-from-sheet.ts',
  // The benchmark's child process measures what `npm start` runs.
  'bench-sweep-50k': 'bench/sweep-50k.ts',
};

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function isFresh() {
  const built = Object.keys(ENTRY_POINTS).map((name) => join(OUT, `${name}.js`));
  if (!built.every((file) => existsSync(file))) return false;
  const oldestBuilt = Math.min(...built.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(...['src', 'bench', 'package.json', 'package-lock.json'].map((path) => newestMtime(join(ROOT, path))));
  return oldestBuilt >= newestSource;
}

if (!(process.argv.includes('--if-stale') && isFresh())) {
  try {
    // Chunk names carry content hashes: start clean so old chunks do not pile up.
    rmSync(OUT, { recursive: true, force: true });
    await build({
      absWorkingDir: ROOT,
      entryPoints: ENTRY_POINTS,
      outdir: OUT,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'warning',
    });
  } catch (error) {
    process.stderr.write(`build: could not write ${OUT} (${error instanceof Error ? error.message : String(error)}). Run \`npm run build\` as the folder's owner after changing the code.\n`);
    process.exit(1);
  }
}
