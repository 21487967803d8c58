/**
 * The site's search index: the store's messages, in the index's document order, through the pure
 * modules (search-documents → search-analysis → search-index), as files under `search/`. A thin
 * adapter: what is indexed and how is decided in src/lib.
 *
 * Analysing a message (splitting, stemming, positions) is most of the index's cost, and a
 * message's analysis depends only on what `searchDocuments` reads of it: each is kept between
 * builds under a key of exactly that, in one piece per list and month, so new mail analyses the
 * new messages (and the few whose thread or minutes changed) while the index itself is assembled
 * again from all of them, reading one month's analyses at a time.
 */
import { createHash } from 'node:crypto';
import { removalReason } from '../lib/removal.ts';
import { analyzeDocument, type AnalyzedDoc } from '../lib/search-analysis.ts';
import { searchDocuments, type SearchMessageInput, type SearchSection } from '../lib/search-documents.ts';
import { buildSearchIndex } from '../lib/search-index.ts';
import { paths } from '../lib/urls.ts';
import { threadSlug } from '../lib/views.ts';
import type { ListPatches } from '../lib/patch-series.ts';
import type { ListData } from '../store/store.ts';
import type { MinutesEntry } from './minutes-data.ts';

/** A file of the search index: its site path (under `search/`) and content. */
export interface SearchFile {
  path: string;
  content: string | Uint8Array;
}

/** One list, as the index reads it. */
export interface SearchList {
  data: ListData;
  minutes: readonly MinutesEntry[];
  /** The list's patch series: a patch is found by `is:patch`, its state and its series' title. */
  patches: ListPatches;
  /** A message's plain text, by position (read only for messages not analysed before). */
  text: (n: number) => string;
}

/**
 * Where analyses of earlier builds are kept: one piece per list and month, read when the index
 * reaches that month and written back when it changed, so memory holds one month at a time.
 */
export interface AnalysisCache {
  load(list: string, month: string): Map<string, AnalyzedDoc[]> | undefined;
  save(list: string, month: string, entries: Map<string, AnalyzedDoc[]>): void;
}

/** A cache that keeps nothing: every message is analysed. */
const NO_CACHE: AnalysisCache = { load: () => undefined, save: () => {} };

/**
 * Every file of the search index.
 *
 * @param lists the site's lists
 * @param cache analyses of earlier builds, by list and month; changed months are saved back
 */
export function searchFiles(lists: readonly SearchList[], cache: AnalysisCache = NO_CACHE): SearchFile[] {
  // Messages in the index's order (date, list, path), from metadata only.
  const order: { dateMs: number; list: number; path: string; n: number }[] = [];
  lists.forEach(({ data }, list) => {
    for (const m of data.index.messages) {
      // A removed message has no search entry (list.json `remove`).
      if (removalReason(data.config.remove, m.messageId) !== undefined) continue;
      order.push({ dateMs: m.dateMs, list, path: paths.message(data.config.name, m.slug), n: m.n });
    }
  });
  const names = lists.map((l) => l.data.config.name);
  order.sort((a, b) => a.dateMs - b.dateMs || (names[a.list]! < names[b.list]! ? -1 : names[a.list]! > names[b.list]! ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const minutes = lists.map((l) => new Map(l.minutes.map((e) => [e.n, e])));
  // The month pieces in use: what was read, what this build used of it, whether anything is new.
  const pieces = new Map<string, { list: string; month: string; saved: Map<string, AnalyzedDoc[]>; used: Map<string, AnalyzedDoc[]>; added: boolean }>();
  const flush = () => {
    for (const piece of pieces.values()) {
      if (piece.added || piece.used.size !== piece.saved.size) cache.save(piece.list, piece.month, piece.used);
    }
    pieces.clear();
  };
  let month = '';
  function* analyzed(): Generator<AnalyzedDoc> {
    for (const { list, n, path } of order) {
      const { data, text, patches } = lists[list]!;
      const m = data.index.messages[n]!;
      // Date order reaches months one after another (messages of one month are contiguous).
      if (m.month !== month) {
        flush();
        month = m.month;
      }
      const name = data.config.name;
      let piece = pieces.get(name);
      if (piece === undefined) {
        piece = { list: name, month, saved: cache.load(name, month) ?? new Map(), used: new Map(), added: false };
        pieces.set(name, piece);
      }
      const entry = minutes[list]!.get(n);
      const sections: SearchSection[] | undefined = entry?.structure.sections.map((s, k) => ({
        title: s.title,
        anchor: s.anchor,
        line: s.line,
        end: s.end,
        owners: entry.structure.actions.filter((a) => a.section === k && a.owner).map((a) => a.owner!),
      }));
      const input: Omit<SearchMessageInput, 'text'> = {
        list: name,
        path,
        thread: paths.thread(name, threadSlug(data.index, m.thread)),
        subject: m.subject,
        parentSubject: m.parent >= 0 ? data.index.messages[m.parent]?.subject : undefined,
        fromName: m.fromName,
        fromAddress: m.fromAddress,
        obfuscation: data.config.obfuscation,
        dateMs: m.dateMs,
        sections,
        patch: patchFacets(patches, n),
      };
      // The key holds everything searchDocuments reads: the input and the text's hash.
      const key = createHash('sha1').update(JSON.stringify(input)).update('\u0000').update(data.columns.bodyHash[n]!).digest('base64');
      let docs = piece.saved.get(key);
      if (docs === undefined) {
        docs = searchDocuments({ ...input, text: text(n) }).map(analyzeDocument);
        piece.added = true;
      }
      piece.used.set(key, docs);
      yield* docs;
    }
    flush();
  }
  const files = buildSearchIndex(analyzed(), { lists: names });
  return files.map((f) => ({ path: `search/${f.path}`, content: f.content }));
}

/**
 * What search knows of a patch or cover letter: its series' title and facets (`patch`, its
 * series' state, `state:lost`); undefined for any other message.
 *
 * @param patches the list's series
 * @param n the message's position
 */
function patchFacets(patches: ListPatches, n: number): SearchMessageInput['patch'] {
  const member = patches.members.get(n);
  const series = member === undefined ? undefined : patches.series[member.series];
  if (!series) return undefined;
  return { series: series.title, facets: ['patch', `state:${series.state}`, ...(series.lost ? ['state:lost'] : [])] };
}
