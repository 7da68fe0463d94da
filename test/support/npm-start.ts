import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/project-root.ts';

/**
 * The node arguments of an npm script that runs the bundle (`exec node <flags> dist/….js`), read
 * from package.json: tests and the benchmark run Baton exactly as `npm start` does, flags included.
 */
export function npmScriptNodeArgs(script: 'start' | 'sweep'): string[] {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string | undefined> };
  const words = (pkg.scripts[script] ?? '').trim().split(/\s+/);
  const node = words.indexOf('node');
  if (node < 0) throw new Error(`npm script "${script}" does not run node: ${pkg.scripts[script]}`);
  return words.slice(node + 1);
}
