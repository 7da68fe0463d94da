// Bundles Baton's entry points into dist/ so `npm start` and the CLIs run as plain JavaScript:
// no TypeScript loader thread in the process (tsx adds ~45 MB of RSS). esbuild only strips
// types (a fraction of a second); `npm test` runs tsc for the type check. Packages stay
// external and are loaded from node_modules as usual.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const ENTRY_POINTS = {
  main: 'src/main.ts',
  sweep: 'src/cli/sweep.ts',
  setup: 'src/cli/setup.ts',
  doctor: 'src/cli/doctor.ts',
  // The benchmark's child process measures what `npm start` runs.
  'bench-sweep-50k': 'bench/sweep-50k.ts',
};

// Chunk names carry content hashes: start clean so old chunks do not pile up.
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ENTRY_POINTS,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
