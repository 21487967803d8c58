/**
 * The search page in the browser: read the query and the filter controls from the URL, load the
 * manifest and the index parts of the query's words, rank the whole archive (or what the filters
 * leave) and show the best threads, each with its best message and how many more of the thread
 * match. Display data is fetched for the results shown only. Results are built with DOM methods
 * and textContent only: nothing from the index is parsed as HTML.
 */
import { searchIndex, type IndexSource, type ResultGroup, type SearchOutcome } from '../lib/search-engine.ts';
import { highlightOf, makeExcerpt, plural, type Highlight } from '../lib/search-excerpt.ts';
import { parseQuery } from '../lib/search-query.ts';
import { INDEX_VERSION, displayFile, type DocDisplay, type SearchManifest } from '../lib/search-schema.ts';

/** Threads shown at first, and added by each "more results". */
const PAGE = 10;
/** Messages of a thread listed when its "more in this thread" is opened. */
const THREAD_LIST = 20;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
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
  const form = {
    q: root.querySelector<HTMLInputElement>('input[name="q"]'),
    sort: root.querySelector<HTMLInputElement>('input[name="sort"]'),
    list: root.querySelector<HTMLSelectElement>('select[name="list"]'),
    after: root.querySelector<HTMLInputElement>('input[name="after"]'),
    before: root.querySelector<HTMLInputElement>('input[name="before"]'),
  };
  const status = root.querySelector('.status')!;
  const results = root.querySelector<HTMLOListElement>('ol.results')!;
  const partialHeading = root.querySelector<HTMLElement>('.partial-heading')!;
  const partialResults = root.querySelector<HTMLOListElement>('ol.results-partial')!;
  const moreResults = root.querySelector<HTMLElement>('.more-results')!;
  // `data-state` says when a search has settled ("done"), for readers' tools and tests alike.
  root.dataset['state'] = 'searching';
  const settle = (text: string) => {
    status.textContent = text;
    root.dataset['state'] = 'done';
  };

  // The filter controls add to what the query says.
  const filters = ['list', 'after', 'before'].flatMap((k) => {
    const v = params.get(k)?.trim();
    return v ? [`${k}:${v}`] : [];
  });
  const query = parseQuery(q, filters);
  // The controls show the search the page shows. Again once the page is shown: Back to a search
  // that a new one was typed over, the browser fills in what was typed (after this script ran, or
  // from the page it kept whole), over the results of the search before.
  const fill = () => {
    if (form.q) form.q.value = q;
    if (form.sort) form.sort.checked = byDate;
    if (form.list) form.list.value = query.list ?? '';
    if (form.after) form.after.value = params.get('after') ?? '';
    if (form.before) form.before.value = params.get('before') ?? '';
  };
  fill();
  // Not over what the reader began to type before the page finished loading.
  let typed = false;
  root.querySelector('form')?.addEventListener('input', () => {
    typed = true;
  });
  addEventListener('pageshow', (event) => {
    if (event.persisted || !typed) fill();
  });
  if (q.trim() === '' && filters.length === 0) {
    settle('');
    return;
  }
  const notes = [...query.problems];
  if (query.stopped.length > 0) notes.push(`common words left out: ${[...new Set(query.stopped)].join(', ')}`);
  if (query.clauses.length === 0) {
    settle(notes.length > 0 ? `${notes.join('; ')}.` : 'Type some words to search for.');
    return;
  }

  const cache = new Map<string, Promise<Uint8Array>>();
  const fetchBytes = (path: string, reload = false): Promise<Uint8Array> => {
    let p = reload ? undefined : cache.get(path);
    if (!p) {
      p = fetch(`${base}search/${path}`, reload ? { cache: 'reload' } : {}).then(async (r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status} for search/${path}`);
        return new Uint8Array(await r.arrayBuffer());
      });
      cache.set(path, p);
    }
    return p;
  };
  let manifest: SearchManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(await fetchBytes('manifest.json'))) as SearchManifest;
    if (manifest.version !== INDEX_VERSION) throw new Error(`index version ${manifest.version}, this page reads ${INDEX_VERSION}`);
  } catch (error) {
    settle(`The search index could not be loaded (${(error as Error).message}). Browse the lists by month instead.`);
    return;
  }
  const source: IndexSource = { manifest, read: (path, fresh) => fetchBytes(path, fresh === true) };
  let outcome: SearchOutcome;
  try {
    outcome = await searchIndex(query, source, { byDate, fillTo: PAGE });
  } catch (error) {
    settle(`The search failed: ${(error as Error).message}.`);
    return;
  }
  notes.push(...outcome.problems);
  const highlight = highlightOf(query);

  // Display data by chunk, fetched once; the last chunk of an index that grew since it was cached is fetched again.
  const chunks = new Map<number, Promise<DocDisplay[]>>();
  const display = async (doc: number): Promise<DocDisplay | undefined> => {
    const k = Math.floor(doc / manifest.displayChunk);
    const read = (reload: boolean) => fetchBytes(displayFile(k), reload).then((b) => JSON.parse(new TextDecoder().decode(b)) as DocDisplay[]);
    let chunk = chunks.get(k);
    if (!chunk) {
      chunk = read(false).then((docs) => (docs.length > doc % manifest.displayChunk ? docs : read(true))).catch(() => []);
      chunks.set(k, chunk);
    }
    return (await chunk)[doc % manifest.displayChunk];
  };

  const meta = (d: DocDisplay): string => `${d[2]} · ${new Date(d[3]).toISOString().slice(0, 10)} · ${manifest.lists[d[4]] ?? ''}`;
  const item = (d: DocDisplay, h: Highlight): HTMLLIElement => {
    const li = el('li');
    const a = el('a', d[1] || '(no subject)');
    a.href = `${base}${d[0]}`;
    const excerpt = el('p', undefined, 'excerpt');
    for (const piece of makeExcerpt(d[7], h)) excerpt.append(piece.mark ? el('mark', piece.text) : document.createTextNode(piece.text));
    li.append(a, el('div', meta(d), 'muted'), excerpt);
    return li;
  };
  /** One thread: its best message, and the others behind "N more in this thread". */
  const groupItem = async (g: ResultGroup): Promise<HTMLLIElement | undefined> => {
    const head = await display(g.docs[0]!);
    if (!head) return undefined;
    const li = item(head, highlight);
    const others = g.docs.length - 1;
    if (others > 0) {
      const details = el('details', undefined, 'thread-more');
      const summary = el('summary', `${plural(others, 'more message', 'more messages')} in this thread`);
      const list = el('ul');
      details.append(summary, list);
      details.addEventListener('toggle', () => {
        if (!details.open || list.childElementCount > 0) return;
        void Promise.all(g.docs.slice(1, 1 + THREAD_LIST).map(display)).then((docs) => {
          for (const d of docs) {
            if (!d) continue;
            const row = el('li');
            const a = el('a', d[1] || '(no subject)');
            a.href = `${base}${d[0]}`;
            row.append(a, el('span', ` — ${meta(d)}`, 'muted'));
            list.append(row);
          }
          if (head[6] !== '' || others > THREAD_LIST) {
            const row = el('li');
            const a = el('a', 'the whole thread');
            a.href = `${base}${head[6] || head[0]}`;
            row.append(a);
            list.append(row);
          }
        });
      });
      li.append(details);
    }
    return li;
  };

  // How many threads the reader had opened with "more results", and where they had scrolled: kept
  // in the history entry, so Back to a search the browser did not keep whole shows them again.
  const saved = (history.state ?? {}) as { shown?: number; scrollY?: number };
  let shown = Math.max(PAGE, Number(saved.shown) || PAGE);
  history.scrollRestoration = 'manual';
  addEventListener('pagehide', () => history.replaceState({ ...(history.state ?? {}), shown, scrollY }, ''));
  const resultLinks = () => [...root.querySelectorAll<HTMLAnchorElement>('ol.results > li > a')];
  const render = async (): Promise<void> => {
    const main = outcome.groups.slice(0, shown);
    const rest = outcome.partial.slice(0, Math.max(0, shown - main.length));
    const [mainItems, restItems] = await Promise.all([Promise.all(main.map(groupItem)), Promise.all(rest.map(groupItem))]);
    results.replaceChildren(...mainItems.filter((x): x is HTMLLIElement => x !== undefined));
    partialResults.replaceChildren(...restItems.filter((x): x is HTMLLIElement => x !== undefined));
    partialHeading.hidden = restItems.length === 0;
    moreResults.hidden = outcome.groups.length + outcome.partial.length <= shown;
    const threads = outcome.groups.length;
    let text: string;
    if (outcome.total === 0 && outcome.partialTotal === 0) {
      text = 'No message matches: check the spelling, or try fewer words or another form of them (see "How to search" below).';
      // The help opens, where a reader looks next.
      const help = document.querySelector<HTMLDetailsElement>('details.help');
      if (help) help.open = true;
    } else if (outcome.mode === 'any') {
      text = `No message has all of the words, so these have some of them, most words first: ${plural(outcome.total, 'message')} in ${plural(threads, 'thread')}.`;
    } else {
      const words = query.clauses.filter((c) => !c.exclude).length;
      text = `${plural(outcome.total, 'message')} in ${plural(threads, 'thread')} ${words > 1 ? 'have all of the words' : 'found'}${byDate ? ', newest first' : ''}.`;
      if (restItems.length > 0) text += ` Below, ${plural(outcome.partialTotal, 'message')} with some of the words.`;
    }
    settle(`${text}${notes.length > 0 ? ` (${notes.join('; ')}.)` : ''}`);
  };
  moreResults.querySelector('button')?.addEventListener('click', () => {
    shown += PAGE;
    history.replaceState({ ...(history.state ?? {}), shown }, '');
    const before = resultLinks().length;
    // The first result added takes the focus: the reader goes on from there, and hears it.
    void render().then(() => resultLinks()[before]?.focus());
  });
  await render();
  if (saved.scrollY) scrollTo(0, saved.scrollY);
}
