import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteOptionError, buildSite, normalizeBase } from '../src/store/site-build.ts';

describe('site build options', () => {
  it('refuses a site folder that holds the store, before deleting anything', async () => {
    const work = mkdtempSync(join(tmpdir(), 'threadline-out-'));
    mkdirSync(join(work, 'store', 'store'), { recursive: true });
    writeFileSync(join(work, 'store', 'store', 'lists.json'), '[]');
    writeFileSync(join(work, 'keep.txt'), 'not ours');
    const build = buildSite({ storeDir: join(work, 'store'), outDir: work, base: '/' });
    await expect(build).rejects.toThrow(SiteOptionError);
    await expect(build).rejects.toThrow(/holds the store .* choose a folder of its own/);
    expect(readdirSync(work).sort()).toEqual(['keep.txt', 'store']);
  });
  it('says to import first when there is no store', async () => {
    const work = mkdtempSync(join(tmpdir(), 'threadline-out-'));
    await expect(buildSite({ storeDir: join(work, 'store'), outDir: join(work, 'dist'), base: '/' })).rejects.toThrow(/run "threadline import" first/);
  });
  it('accepts absolute base paths only', () => {
    expect(normalizeBase('/archives')).toBe('/archives/');
    expect(() => normalizeBase('archives/')).toThrow(SiteOptionError);
    expect(() => normalizeBase('/a/../b/')).toThrow(SiteOptionError);
  });
});
