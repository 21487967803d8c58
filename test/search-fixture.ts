/**
 * A small search index built in memory from messages written for the tests, and the engine
 * over it: what the browser does, without a browser.
 */
import { analyzeDocument } from '../src/lib/search-analysis.ts';
import { searchDocuments, type SearchMessageInput } from '../src/lib/search-documents.ts';
import { searchIndex, type IndexSource, type SearchOptions, type SearchOutcome } from '../src/lib/search-engine.ts';
import { buildSearchIndex, type SearchFile } from '../src/lib/search-index.ts';
import { parseQuery } from '../src/lib/search-query.ts';
import { displayFile, type DocDisplay, type SearchManifest } from '../src/lib/search-schema.ts';

/** A test message: only what a test cares about, the rest defaulted. */
export type TestMessage = Partial<SearchMessageInput> & { id: string; text?: string };

/** Messages as the pipeline would give them: date order, a path from the id. */
export function inputs(messages: TestMessage[]): SearchMessageInput[] {
  return messages.map((m, i) => ({
    list: m.list ?? 'lumen',
    path: m.path ?? `${m.list ?? 'lumen'}/m/${m.id}/`,
    thread: m.thread ?? `${m.list ?? 'lumen'}/t/${m.id}/`,
    subject: m.subject ?? `message ${m.id}`,
    fromName: m.fromName ?? 'Alice Example',
    fromAddress: m.fromAddress ?? 'alice@example.org',
    obfuscation: m.obfuscation ?? 'full',
    dateMs: m.dateMs ?? Date.UTC(2025, 0, 1 + i),
    text: m.text ?? '',
    sections: m.sections,
    parentSubject: m.parentSubject,
    patch: m.patch,
  }));
}

/**
 * A document's display row, from the index's display chunks.
 *
 * @param file an index file's bytes, by its path under the index's folder
 * @param manifest the index's manifest
 * @param doc the document's number
 */
export function displayRow(file: (path: string) => Uint8Array, manifest: SearchManifest, doc: number): DocDisplay {
  const chunk = JSON.parse(new TextDecoder().decode(file(displayFile(Math.floor(doc / manifest.displayChunk))))) as DocDisplay[];
  return chunk[doc % manifest.displayChunk]!;
}

/** The index files of some messages (`segmentDocs`: see `SearchIndexOptions`). */
export function indexFiles(messages: TestMessage[], lists?: string[], partBytes?: number, segmentDocs?: number): SearchFile[] {
  const docs = inputs(messages)
    .sort((a, b) => a.dateMs - b.dateMs || (a.list < b.list ? -1 : a.list > b.list ? 1 : 0) || (a.path < b.path ? -1 : 1))
    .flatMap(searchDocuments)
    .map(analyzeDocument);
  return buildSearchIndex(docs, { ...(lists ? { lists } : {}), ...(partBytes ? { partBytes } : {}), ...(segmentDocs ? { segmentDocs } : {}) });
}

/** An index in memory, and a search over it that returns result paths. */
export function testIndex(messages: TestMessage[], lists?: string[], layout: { partBytes?: number; segmentDocs?: number } = {}) {
  const files = new Map(indexFiles(messages, lists, layout.partBytes, layout.segmentDocs).map((f) => [f.path, typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content]));
  const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as SearchManifest;
  const reads: string[] = [];
  const source: IndexSource = {
    manifest,
    read: async (path) => {
      reads.push(path);
      const bytes = files.get(path);
      if (!bytes) throw new Error(`no file ${path}`);
      return bytes;
    },
  };
  const display = (doc: number): DocDisplay => displayRow((path) => files.get(path)!, manifest, doc);
  const search = async (q: string, options: SearchOptions = {}): Promise<{ outcome: SearchOutcome; paths: string[]; grouped: string[][]; partial: string[] }> => {
    reads.length = 0;
    const outcome = await searchIndex(parseQuery(q), source, options);
    return {
      outcome,
      paths: outcome.groups.map((g) => display(g.docs[0]!)[0]),
      grouped: outcome.groups.map((g) => g.docs.map((d) => display(d)[0])),
      partial: outcome.partial.map((g) => display(g.docs[0]!)[0]),
    };
  };
  return { files, manifest, source, search, reads, display };
}
