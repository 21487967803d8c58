/**
 * The search page in the browser: read `?q=`, load the manifest, then the shards the query needs,
 * newest first and a few at a time, showing results as each shard arrives. Results are built with
 * DOM methods and textContent only: nothing from the index is parsed as HTML.
 */
import lunr from 'lunr';
import { parseQuery, selectShards, type SearchManifest, type ShardData, type ShardInfo } from '../lib/search.ts';

/** Shards fetched at once. */
const PARALLEL = 3;
/** Shards searched before the reader is asked whether to go on. */
const FIRST_ROUND = 3;
/** Results shown. */
const MAX_RESULTS = 100;

interface Hit {
  score: number;
  path: string;
  subject: string;
  from: string;
  dateMs: number;
  excerpt: string;
  list: string;
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
  if (input) input.value = q;
  if (sort) sort.checked = byDate;
  if (q.trim() === '') return;

  const query = parseQuery(q);
  if (query.lunr === '') {
    status.textContent = query.problems.join(' ') || 'Type some words to search for.';
    return;
  }
  let manifest: SearchManifest;
  try {
    const response = await fetch(`${base}search/manifest.json`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    manifest = (await response.json()) as SearchManifest;
  } catch (error) {
    status.textContent = `The search index could not be loaded (${(error as Error).message}). Browse the lists by month instead.`;
    return;
  }
  const shards = selectShards(manifest, query);
  const hits: Hit[] = [];
  let searched: ShardInfo[] = [];

  const render = (): void => {
    const shown = [...hits].sort((a, b) => (byDate ? b.dateMs - a.dateMs : b.score - a.score || b.dateMs - a.dateMs)).slice(0, MAX_RESULTS);
    results.replaceChildren(
      ...shown.map((h) => {
        const li = el('li');
        const a = el('a', h.subject || '(no subject)');
        a.href = `${base}${h.path}`;
        const meta = el('div', `${h.from} · ${new Date(h.dateMs).toISOString().slice(0, 10)} · ${h.list}`, 'muted');
        const excerpt = el('p', undefined, 'excerpt');
        excerpt.append(...highlight(h.excerpt, query.words));
        li.append(a, meta, excerpt);
        return li;
      }),
    );
    const months = searched.map((s) => [s.first, s.last]).flat().sort();
    const range = months.length > 0 ? `${months[months.length - 1]} back to ${months[0]}` : '';
    const problems = query.problems.length > 0 ? ` (${query.problems.join(' ')})` : '';
    status.textContent = `${hits.length} messages found${hits.length > MAX_RESULTS ? `, the best ${MAX_RESULTS} shown` : ''}; searched ${range}${searched.length < shards.length ? '' : ' (everything)'}${problems}.`;
    more.hidden = searched.length >= shards.length;
  };

  const searchShard = async (shard: ShardInfo): Promise<void> => {
    let data: ShardData;
    try {
      const response = await fetch(`${base}search/${shard.file}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      data = (await response.json()) as ShardData;
    } catch (error) {
      query.problems.push(`part of the index (${shard.list}, ${shard.first} to ${shard.last}) could not be loaded: ${(error as Error).message}`);
      searched = [...searched, shard];
      render();
      return;
    }
    const index = lunr.Index.load(data.index);
    let found: lunr.Index.Result[] = [];
    try {
      found = index.search(query.lunr);
    } catch (error) {
      query.problems.push(`lunr could not run the query (${(error as Error).message}).`);
    }
    for (const r of found) {
      const [path, subject, from, dateMs, excerpt, kind] = data.docs[Number(r.ref)]!;
      if (query.minutesOnly && kind !== 1) continue;
      if ((query.afterMs !== undefined && dateMs < query.afterMs) || (query.beforeMs !== undefined && dateMs > query.beforeMs)) continue;
      hits.push({ score: r.score, path, subject, from, dateMs, excerpt, list: shard.list });
    }
    searched = [...searched, shard];
    render();
  };

  const runRound = async (round: ShardInfo[]): Promise<void> => {
    for (let i = 0; i < round.length; i += PARALLEL) await Promise.all(round.slice(i, i + PARALLEL).map(searchShard));
  };
  status.textContent = `Searching ${shards.length} index parts…`;
  await runRound(shards.slice(0, FIRST_ROUND));
  if (shards.length === 0) render();
  more.querySelector('button')?.addEventListener('click', () => {
    more.hidden = true;
    void runRound(shards.slice(searched.length));
  });
}
