/**
 * Builds the sample archive once for the browser and link tests: at `/` and under `/archives/`.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SITES } from './sites.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Build each test site with the real CLI, as a user would. */
export default function setup(): void {
  // Vitest mirrors import.meta.env into process.env (BASE_URL, MODE, …); a child build must not inherit them.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST'].includes(k) && !k.startsWith('VITEST')),
  );
  for (const site of Object.values(SITES)) {
    rmSync(site.work, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [`${ROOT}scripts/threadline.mjs`, 'build', '--archive', site.archive, '--store', site.store, '--out', site.out, '--base', site.base, '--jobs', '1'],
      { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
}
