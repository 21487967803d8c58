/**
 * What a site build wrote, by kind of page, checked against the store: every imported message
 * must have exactly one message page and one raw file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { paths } from '../lib/urls.ts';
import type { ImportReport, ListStore, ListSummary } from './import.ts';
import { checkMessageFiles, type FileReconciliation } from './verify.ts';
import { walkFiles } from './walk.ts';

/** Pages written, by kind. */
export interface PageCounts {
  home: number;
  list: number;
  month: number;
  monthThreads: number;
  message: number;
  raw: number;
  attachment: number;
  thread: number;
  other: number;
}

/** The site part of report.json. */
export interface SiteReport {
  outDir: string;
  /** The path the site is served under. */
  base: string;
  elapsedMs: number;
  /** Time the search index took on its worker thread (in parallel with the pages). */
  searchMs: number;
  /** CPU time the search index took on that thread. */
  searchCpuMs: number;
  pages: PageCounts;
  /** Per mbox file: envelope lines read, messages in the store, message pages written. */
  files: (FileReconciliation & { envelopes: number })[];
  /** Imported messages without a page, raw file or attachment (must be empty). */
  missingMessagePages: string[];
}

function kindOf(path: string): keyof PageCounts {
  const parts = path.split('/');
  if (path === 'index.html') return 'home';
  if (parts.length === 2 && parts[1] === 'index.html') return 'list';
  if (parts[1] === 't' && parts.length === 4) return 'thread';
  if (/^\d{4}-\d{2}$/.test(parts[1] ?? '')) return parts[2] === 'threads' ? 'monthThreads' : 'month';
  return 'other';
}

/**
 * Count the built site's pages by kind, check message pages against the store, and add the
 * result to `report.json`.
 *
 * @param storeDir the store the site was built from
 * @param outDir the built site
 * @param base the path the site is served under
 * @param elapsedMs how long the site build took
 * @param searchMs how long the search index took
 * @param searchCpuMs the CPU time it took
 */
export async function reportSite(storeDir: string, outDir: string, base: string, elapsedMs: number, searchMs: number, searchCpuMs = 0): Promise<SiteReport> {
  const pages: PageCounts = { home: 0, list: 0, month: 0, monthThreads: 0, message: 0, raw: 0, attachment: 0, thread: 0, other: 0 };
  const missingMessagePages: string[] = [];
  const files: SiteReport['files'] = [];
  const reportPath = join(storeDir, 'report.json');
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as ImportReport & { site?: SiteReport };
  const lists = JSON.parse(await readFile(join(storeDir, 'store', 'lists.json'), 'utf8')) as ListSummary[];
  // The folders of messages (page, raw file, attachments) are counted by looking up each
  // message's files, not by walking tens of thousands of folders as well.
  const messageFolders = new Set(lists.map((l) => join(outDir, dirname(paths.message(l.config.name, 'slug')))));
  for (const file of await walkFiles(outDir, messageFolders)) pages[kindOf(relative(outDir, file).split(sep).join('/'))]++;
  for (const l of lists) {
    const list = l.config.name;
    const store = JSON.parse(await readFile(join(storeDir, 'store', list, 'index.json'), 'utf8')) as ListStore;
    const checked = checkMessageFiles(outDir, list, store);
    for (const f of checked.files) pages.message += f.pages;
    pages.raw += checked.raw;
    pages.attachment += checked.attachments;
    missingMessagePages.push(...checked.problems);
    const envelopes = new Map(report.lists[list]?.fileReports.map((f) => [f.file, f.messages]) ?? []);
    for (const f of checked.files) files.push({ ...f, envelopes: envelopes.get(f.file) ?? 0 });
  }
  const site: SiteReport = { outDir, base, elapsedMs: Math.round(elapsedMs), searchMs, searchCpuMs, pages, files, missingMessagePages };
  report.site = site;
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  return site;
}
