/**
 * The sites the browser and link tests use, built by global-setup.ts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ArchiveIndex } from '../../src/lib/archive.ts';
import { Store } from '../../src/store/store.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORK = `${ROOT}test-results/e2e`;

/** A built test site. */
export interface TestSite {
  archive: string;
  work: string;
  store: string;
  out: string;
  base: string;
}

function site(name: string, base: string): TestSite {
  return { archive: `${ROOT}archive`, work: `${WORK}/${name}`, store: `${WORK}/${name}/store`, out: `${WORK}/${name}/dist`, base };
}

/** The sample archive at `/` and under `/archives/`. */
export const SITES = {
  root: site('root', '/'),
  based: site('based', '/archives/'),
} as const;

/** The sample archive built with `--relative`, to be opened from its folder (`file://`). */
export const RELATIVE: TestSite = { ...site('relative', '/'), archive: `${ROOT}archive` };

/** The long-thread archive (written by long-thread-archive.ts at setup) and its site. */
export const LONG: TestSite = { archive: `${WORK}/long/archive`, work: `${WORK}/long`, store: `${WORK}/long/store`, out: `${WORK}/long/dist`, base: '/' };

/** The hostile archive (written by hostile-archive.ts at setup) and its site. */
export const HOSTILE: TestSite = { archive: `${WORK}/hostile/archive`, work: `${WORK}/hostile`, store: `${WORK}/hostile/store`, out: `${WORK}/hostile/dist`, base: '/' };

/**
 * A list's index as the site was built from it.
 *
 * @param site the test site
 * @param list the list's name
 */
export async function listIndex(site: TestSite, list: string): Promise<ArchiveIndex> {
  const data = await new Store(site.store).readList(list);
  if (!data) throw new Error(`no list ${list} in ${site.store}`);
  return data.index;
}

/**
 * Run `threadline build` in a child process, as a user would.
 *
 * @param args the options after `build` (`--archive`, `--store`, `--out`, …)
 */
export function buildWithCli(args: string[]): void {
  // Vitest mirrors import.meta.env into process.env (BASE_URL, MODE, …); a child build must not inherit them.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'NODE_ENV', 'TEST'].includes(k) && !k.startsWith('VITEST')),
  );
  execFileSync(process.execPath, [`${ROOT}scripts/threadline.mjs`, 'build', ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
}
