import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/project-root.ts';

/** vitest globalSetup: builds dist/ once, so the tests that start Baton as `npm start` does run today's code. */
export default function buildBundle(): void {
  execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs')], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
