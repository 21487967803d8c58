/**
 * The same archive builds a byte-identical site: a second cold build, into other folders, is
 * compared file by file with the one global-setup made.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/import/walk.ts';
import { SITES, buildWithCli } from './sites.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('reproducible builds', () => {
  it('builds the sample archive into byte-identical files twice', async () => {
    const work = join(ROOT, 'test-results', 'e2e', 'again');
    rmSync(work, { recursive: true, force: true });
    buildWithCli(['--archive', SITES.root.archive, '--store', join(work, 'store'), '--out', join(work, 'dist'), '--jobs', '2']);
    const first = (await walkFiles(SITES.root.out)).map((f) => relative(SITES.root.out, f));
    const second = (await walkFiles(join(work, 'dist'))).map((f) => relative(join(work, 'dist'), f));
    expect(second).toEqual(first);
    const differing = first.filter((f) => !readFileSync(join(SITES.root.out, f)).equals(readFileSync(join(work, 'dist', f))));
    expect(differing).toEqual([]);
  }, 300_000);
});
