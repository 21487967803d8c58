/**
 * Builds the sites the browser and verify tests use, once per run: the sample archive at `/`,
 * under `/archives/` and with relative links, the long-thread archive and the hostile archive.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { writeHostileArchive } from './hostile-archive.ts';
import { writeLongThreadArchive } from './long-thread-archive.ts';
import { HOSTILE, LONG, RELATIVE, SITES, buildWithCli } from './sites.ts';

/** Build each test site with the real CLI, as a user would. */
export default function setup(): void {
  // THREADLINE_REUSE_SITES=1 keeps sites from an earlier run (for quick runs while developing).
  if (process.env['THREADLINE_REUSE_SITES'] === '1' && [...Object.values(SITES), RELATIVE, LONG, HOSTILE].every((s) => existsSync(`${s.out}/index.html`))) return;
  for (const site of Object.values(SITES)) {
    rmSync(site.work, { recursive: true, force: true });
    buildWithCli(['--archive', site.archive, '--store', site.store, '--out', site.out, '--base', site.base, '--jobs', '1']);
  }
  rmSync(RELATIVE.work, { recursive: true, force: true });
  buildWithCli(['--archive', RELATIVE.archive, '--store', RELATIVE.store, '--out', RELATIVE.out, '--relative', '--jobs', '1']);
  rmSync(LONG.work, { recursive: true, force: true });
  writeLongThreadArchive(LONG.archive);
  buildWithCli(['--archive', LONG.archive, '--store', LONG.store, '--out', LONG.out, '--jobs', '1']);
  rmSync(HOSTILE.work, { recursive: true, force: true });
  const written = writeHostileArchive(HOSTILE.archive);
  writeFileSync(`${HOSTILE.work}/written.json`, JSON.stringify(written));
  buildWithCli(['--archive', HOSTILE.archive, '--store', HOSTILE.store, '--out', HOSTILE.out, '--base', HOSTILE.base]);
}
