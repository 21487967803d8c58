/**
 * Writing the site's search index: the store's messages, in the index's document order, through
 * the pure modules (search-documents → search-analysis → search-index), and the files under
 * `search/`. A thin adapter: what is indexed and how is decided in src/lib.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { analyzeDocument, type AnalyzedDoc } from '../lib/search-analysis.ts';
import { searchDocuments, type SearchSection } from '../lib/search-documents.ts';
import { buildSearchIndex } from '../lib/search-index.ts';
import { paths } from '../lib/urls.ts';
import { threadSlug } from '../lib/views.ts';
import type { MinutesEntry } from './minutes-data.ts';
import { loadList, loadMessage } from './site-data.ts';

/**
 * Build the search index of the given lists and write it into `dir`.
 *
 * @param dir the site's `search/` folder
 * @param lists the lists' names
 * @param minutesOf each list's minutes (each section becomes a document of its own)
 * @returns the number of files written
 */
export async function writeSearchIndex(dir: string, lists: readonly string[], minutesOf: (list: string) => readonly MinutesEntry[]): Promise<number> {
  // Messages in the index's order (date, list, path), from metadata only; bodies are read one by one.
  const order: { dateMs: number; list: string; path: string; n: number }[] = [];
  for (const list of lists) {
    for (const m of loadList(list).index.messages) order.push({ dateMs: m.dateMs, list, path: paths.message(list, m.slug), n: m.n });
  }
  order.sort((a, b) => a.dateMs - b.dateMs || (a.list < b.list ? -1 : a.list > b.list ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const minutes = new Map(lists.map((list) => [list, new Map(minutesOf(list).map((e) => [e.n, e]))]));
  function* analyzed(): Generator<AnalyzedDoc> {
    for (const { list, n } of order) {
      const store = loadList(list);
      const m = store.index.messages[n]!;
      const entry = minutes.get(list)?.get(n);
      const sections: SearchSection[] | undefined = entry?.structure.sections.map((s, k) => ({
        title: s.title,
        anchor: s.anchor,
        line: s.line,
        end: s.end,
        owners: entry.structure.actions.filter((a) => a.section === k && a.owner).map((a) => a.owner!),
      }));
      const docs = searchDocuments({
        list,
        path: paths.message(list, m.slug),
        thread: paths.thread(list, threadSlug(store.index, m.thread)),
        subject: m.subject,
        parentSubject: m.parent >= 0 ? store.index.messages[m.parent]?.subject : undefined,
        fromName: m.fromName,
        fromAddress: m.fromAddress,
        obfuscation: store.config.obfuscation,
        dateMs: m.dateMs,
        text: loadMessage(list, n).text,
        sections,
      });
      for (const doc of docs) yield analyzeDocument(doc);
    }
  }
  const files = buildSearchIndex(analyzed(), { lists });
  const folders = new Set(files.map((f) => dirname(join(dir, f.path))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (const f of files) await writeFile(join(dir, f.path), f.content);
  return files.length;
}
