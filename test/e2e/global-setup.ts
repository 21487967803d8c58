/**
 * Builds the sample archive once for the browser and link tests: at `/` and under `/archives/`.
 */
import { rmSync } from 'node:fs';
import { SITES, buildWithCli } from './sites.ts';

/** Build each test site with the real CLI, as a user would. */
export default function setup(): void {
  for (const site of Object.values(SITES)) {
    rmSync(site.work, { recursive: true, force: true });
    buildWithCli(['--archive', site.archive, '--store', site.store, '--out', site.out, '--base', site.base, '--jobs', '1']);
  }
}
