/**
 * The data of search, apart from its logic: the fields a document has, their weights, the limits,
 * and the shape of the manifest the browser loads first. Shared by the build and the browser.
 */

/** A field of a search document, with its BM25F weight and length normalisation `b`. */
export interface FieldSpec {
  name: string;
  /** How much one occurrence in this field counts against one in the body. */
  weight: number;
  /** BM25's length normalisation for the field (0: none). */
  b: number;
}

/**
 * The fields, in the order postings store them. The subject weighs a few body words, not ten: a
 * body holding every word of a question must beat a subject holding one. An author's name is a
 * strong signal when it matches; patch identifiers (paths, functions) weigh less than prose.
 */
export const FIELDS: readonly FieldSpec[] = [
  { name: 'subject', weight: 2.5, b: 0.5 },
  { name: 'from', weight: 2.5, b: 0 },
  { name: 'body', weight: 1, b: 0.75 },
  { name: 'code', weight: 0.6, b: 0.5 },
  { name: 'owner', weight: 2, b: 0 },
  // A reply's "Re: subject" is its parent's words, as quoted text is: it counts, but less than a
  // subject its author wrote, so a short reply does not outrank the message that asked.
  { name: 'topic', weight: 0.8, b: 0.5 },
];

/** Field numbers, by name. */
export const FIELD = { subject: 0, from: 1, body: 2, code: 3, owner: 4, topic: 5 } as const;

/** BM25's term-frequency saturation. */
export const K1 = 1.2;

/** Positions between two fields of a document, so that no phrase spans two fields. */
export const FIELD_GAP = 100;

/** Characters of a field's text that are indexed: a 4 MB log paste must not make a 4 MB document. */
export const MAX_FIELD_CHARS = 100_000;

/** Characters of a document's own text kept to cut excerpts from. */
export const EXCERPT_SOURCE_CHARS = 1000;

/** Documents per display chunk (`d/<k>.json`): a result page fetches the chunks of its results. */
export const DISPLAY_CHUNK = 8;

/**
 * Documents per thread block (`t/<k>.bin`): about 45 KB each. Every search fetches all of them
 * beside the parts, so few and large: a browser opens six connections to a host.
 */
export const THREAD_BLOCK = 32768;

/** The version of the index layout; the browser refuses another. */
export const INDEX_VERSION = 5;

/** One term part in the manifest: the first group key it holds, and its file name (without extension, under `p/`). */
export type PartRef = [first: string, file: string];

/**
 * The postings of a range of documents, cut by term into parts of their own: documents `start`
 * up to the next segment's start (the last, up to the index's end). A term's postings are its
 * postings in each segment, in segment order.
 */
export interface Segment {
  start: number;
  /** Parts of the light word groups, in group-key order (a part holds the keys from its first up to the next part's). */
  parts: PartRef[];
  /** Word groups with postings too large to share a part (common words): key and file, in key order. */
  heavy: PartRef[];
}

/** `search/manifest.json`: what every query reads first. */
export interface SearchManifest {
  version: typeof INDEX_VERSION;
  /** Documents in the index (messages and sections of minutes). */
  docs: number;
  fields: FieldSpec[];
  /** Average length of each field over all documents, in words. */
  avgLengths: number[];
  /** The lists, in name order; a document's list is an index into this. */
  lists: string[];
  /**
   * The postings, by range of documents: the head (documents up to a multiple of a power of two
   * near an eighth of the index), the tail after it and the newest documents (see
   * `segmentStarts`), or one segment for a small index. New mail changes the newest segment's
   * parts; the others keep their bytes until the index passes the next multiple of their step.
   */
  segments: Segment[];
  /** Facets some document has (`patch`, `state:lost`, …), in name order: each has its file `f/<facet>.bin` (`:` written `-`). */
  facets: string[];
  /** Documents per display chunk and per thread block. */
  displayChunk: number;
  threadBlock: number;
}

/** Display data of one document: what a result shows. `kind` 1 is a section of minutes. */
export type DocDisplay = [path: string, title: string, author: string, dateMs: number, list: number, kind: number, thread: string, text: string];

/**
 * The file of a facet's document set.
 *
 * @param facet a facet (`patch`, `state:lost`)
 */
export function facetFile(facet: string): string {
  return `f/is-${facet.replace(/[^a-z0-9-]/g, '-')}.bin`;
}

/**
 * The file of a display chunk, under the index's folder.
 *
 * @param chunk the chunk's number (its first document over `displayChunk`)
 */
export function displayFile(chunk: number): string {
  return `d/${chunk}.json`;
}

/**
 * The display chunk a file under the index's folder holds; undefined for any other file.
 *
 * @param file a path under the index's folder (`d/3.json`)
 */
export function displayChunkOf(file: string): number | undefined {
  const match = /^d\/(\d+)\.json$/.exec(file);
  return match ? Number(match[1]) : undefined;
}
