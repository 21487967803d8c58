/**
 * The search page in the browser: read `?q=`, load the manifest, then from each shard the query
 * needs (newest first, a few at a time) only its dates and the term parts of the query's words,
 * showing results as each shard arrives; display data is fetched for the results shown only.
 * Results are built with DOM methods and textContent only: nothing from the index is parsed as HTML.
 */
import lunr from 'lunr';
import { parseQuery, selectShards, type DocDisplay, type SearchManifest, type ShardInfo, type ShardMeta } from '../lib/search.ts';
import { DOC_CHUNK, joinParts, partsFor, queryTerms, type PartData } from '../lib/search-parts.ts';

/** Shards fetched at once. */
const PARALLEL = 3;
/** Shards searched before the reader is asked whether to go on. */
const FIRST_ROUND = 3;
/** Results shown at first, and added by each "more results". */
const PAGE = 10;

interface Hit {
  score: number;
  shard: ShardInfo;
  ref: number;
  dateMs: number;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** The excerpt with the query's words marked, as DOM nodes. */
function highlight(text: string, words: string[]): Node[] {
  const usable = words.filter((w) => w.length > 1).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (usable.length === 0) return [document.createTextNode(text)];
  const pattern = new RegExp(`\\b(${usable.join('|')})\\w*`, 'giu');
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out.push(document.createTextNode(text.slice(last, m.index)));
    out.push(el('mark', m[0]));
    last = m.index + m[0].length;
  }
  out.push(document.createTextNode(text.slice(last)));
  return out;
}

/**
 * Run the search described by the page's URL inside a `<search-page>` element.
 *
 * @param root the element, with `data-base`
 */
export async function runSearch(root: HTMLElement): Promise<void> {
  const base = root.dataset['base'] ?? '/';
  const params = new URLSearchParams(location.search);
  const q = params.get('q') ?? '';
  const byDate = params.get('sort') === 'date';
  const input = root.querySelector<HTMLInputElement>('input[name="q"]');
  const sort = root.querySelector<HTMLInputElement>('input[name="sort"]');
  const status = root.querySelector('.status')!;
  const results = root.querySelector('.results')!;
  const more = root.querySelector<HTMLElement>('.more')!;
  const moreResults = root.querySelector<HTMLElement>('.more-results')!;
  if (input) input.value = q;
  if (sort) sort.checked = byDate;
  // `data-state` says when a search has settled ("done"), for readers' tools and tests alike.
  root.dataset['state'] = 'searching';
  if (q.trim() === '') {
    root.dataset['state'] = 'done';
    return;
  }

  const query = parseQuery(q);
  if (query.lunr === '') {
    status.textContent = query.problems.join(' ') || 'Type some words to search for.';
    root.dataset['state'] = 'done';
    return;
  }
  const fetchJson = async <T>(file: string): Promise<T> => {
    const response = await fetch(`${base}search/${file}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  let manifest: SearchManifest;
  try {
    manifest = await fetchJson<SearchManifest>('manifest.json');
  } catch (error) {
    status.textContent = `The search index could not be loaded (${(error as Error).message}). Browse the lists by month instead.`;
    root.dataset['state'] = 'done';
    return;
  }
  const shards = selectShards(manifest, query);
  const hits: Hit[] = [];
  let searched: ShardInfo[] = [];
  let shown = PAGE;
  // Display data by chunk, fetched once.
  const chunks = new Map<string, Promise<DocDisplay[]>>();
  const display = (hit: Hit): Promise<DocDisplay | undefined> => {
    const file = `${hit.shard.id}.d${Math.floor(hit.ref / DOC_CHUNK)}.json`;
    let chunk = chunks.get(file);
    if (!chunk) {
      chunk = fetchJson<DocDisplay[]>(file).catch(() => []);
      chunks.set(file, chunk);
    }
    return chunk.then((docs) => docs[hit.ref % DOC_CHUNK]);
  };

  let drawing = 0;
  // Shards of the current round not yet searched.
  let inFlight = 0;
  const render = async (): Promise<void> => {
    const turn = ++drawing;
    const best = [...hits].sort((a, b) => (byDate ? b.dateMs - a.dateMs : b.score - a.score || b.dateMs - a.dateMs)).slice(0, shown);
    const docs = await Promise.all(best.map(display));
    // A newer render started while this one waited for display data: it draws instead.
    if (turn !== drawing) return;
    results.replaceChildren(
      ...best.flatMap((h, i) => {
        const doc = docs[i];
        if (!doc) return [];
        const [path, subject, from, dateMs, excerptText] = doc;
        const li = el('li');
        const a = el('a', subject || '(no subject)');
        a.href = `${base}${path}`;
        const meta = el('div', `${from} · ${new Date(dateMs).toISOString().slice(0, 10)} · ${h.shard.list}`, 'muted');
        const excerpt = el('p', undefined, 'excerpt');
        excerpt.append(...highlight(excerptText, query.words));
        li.append(a, meta, excerpt);
        return [li];
      }),
    );
    const months = searched.map((s) => [s.first, s.last]).flat().sort();
    const range = months.length > 0 ? `${months[months.length - 1]} back to ${months[0]}` : '';
    const problems = query.problems.length > 0 ? ` (${query.problems.join(' ')})` : '';
    // Until a round of shards is done, "0 found" would be premature: say what is still running.
    if (inFlight > 0) {
      status.textContent = hits.length === 0 ? `Searching ${inFlight} index parts…` : `${hits.length} messages found so far, searching ${inFlight} more index parts…`;
    } else {
      status.textContent = `${hits.length} messages found${hits.length > best.length ? `, the best ${best.length} shown` : ''}; searched ${range}${searched.length < shards.length ? '' : ' (everything)'}${problems}.`;
    }
    root.dataset['state'] = inFlight > 0 ? 'searching' : 'done';
    more.hidden = inFlight > 0 || searched.length >= shards.length;
    moreResults.hidden = hits.length <= best.length;
  };

  let terms: ReturnType<typeof queryTerms>;
  const searchShard = async (shard: ShardInfo): Promise<void> => {
    try {
      const wanted = partsFor(shard.firsts, (terms ??= queryTerms(query.lunr, shard.fields)));
      const [meta, ...parts] = await Promise.all([
        fetchJson<ShardMeta>(`${shard.id}.meta.json`),
        ...wanted.map((i) => fetchJson<PartData>(`${shard.id}.p${i}.json`)),
      ] as [Promise<ShardMeta>, ...Promise<PartData>[]]);
      const index = lunr.Index.load(joinParts(shard.fields, shard.pipeline, parts));
      let minute = 0;
      const dates = meta.minutes.map((delta) => (minute += delta) * 60_000);
      const sections = new Set(meta.sections);
      for (const r of index.search(query.lunr)) {
        const ref = Number(r.ref);
        const dateMs = dates[ref] ?? 0;
        if (query.minutesOnly && !sections.has(ref)) continue;
        if ((query.afterMs !== undefined && dateMs < query.afterMs) || (query.beforeMs !== undefined && dateMs > query.beforeMs)) continue;
        hits.push({ score: r.score, shard, ref, dateMs });
      }
    } catch (error) {
      const what = error instanceof lunr.QueryParseError ? 'lunr could not run the query' : `part of the index (${shard.list}, ${shard.first} to ${shard.last}) could not be loaded`;
      if (!query.problems.some((p) => p.startsWith(what))) query.problems.push(`${what}: ${(error as Error).message}`);
    }
    searched = [...searched, shard];
    inFlight--;
    await render();
  };

  const runRound = async (round: ShardInfo[]): Promise<void> => {
    inFlight += round.length;
    for (let i = 0; i < round.length; i += PARALLEL) await Promise.all(round.slice(i, i + PARALLEL).map(searchShard));
  };
  moreResults.querySelector('button')?.addEventListener('click', () => {
    shown += PAGE;
    void render();
  });
  status.textContent = `Searching ${shards.length} index parts…`;
  await runRound(shards.slice(0, FIRST_ROUND));
  if (shards.length === 0) await render();
  more.querySelector('button')?.addEventListener('click', () => {
    more.hidden = true;
    void runRound(shards.slice(searched.length));
  });
}
