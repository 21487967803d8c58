/**
 * The filters of a list's patch series (`/<list>/patches/`): state, author and age, read from
 * the list's small `series.json` and applied to the table's rows, which are all on the page
 * (without JavaScript the table is simply whole). The choice is kept in the URL
 * (`?state=lost&author=Alice&age=30`), so a filtered view can be shared.
 */

/** What `series.json` holds (see `patchFilterData` in src/site/patch-models.ts). */
interface FilterData {
  newestMs: number;
  states: string[];
  authors: string[];
  series: [id: number, state: number, author: number, ageDays: number, lost: number][];
}

/** Ages the age filter offers, in days: `N` keeps series posted within N days, `-N` older ones. */
export const AGES = [7, 30, 90, 365, -365] as const;

/** The filter values a URL or the form holds. */
export interface FilterChoice {
  /** A state, `lost`, or '' for all. */
  state: string;
  /** An author as the table shows them, or '' for all. */
  author: string;
  /** Days (see `AGES`), or 0 for any age. */
  age: number;
}

/**
 * Whether a series passes the filters.
 *
 * @param entry the series' entry in `series.json`
 * @param data the whole file (for its state and author names)
 * @param choice the filters
 */
export function passes(entry: FilterData['series'][number], data: FilterData, choice: FilterChoice): boolean {
  const [, state, author, age, lost] = entry;
  if (choice.state === 'lost' ? lost === 0 : choice.state !== '' && data.states[state] !== choice.state) return false;
  if (choice.author !== '' && data.authors[author] !== choice.author) return false;
  if (choice.age > 0 && age > choice.age) return false;
  if (choice.age < 0 && age <= -choice.age) return false;
  return true;
}

/**
 * Read the filters from a query string.
 *
 * @param search `location.search`
 */
export function readChoice(search: string): FilterChoice {
  const params = new URLSearchParams(search);
  const age = Number(params.get('age') ?? 0);
  return { state: params.get('state') ?? '', author: params.get('author') ?? '', age: (AGES as readonly number[]).includes(age) ? age : 0 };
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

/**
 * Set up the filters inside a `<patch-filters data-src="…series.json">` element, over the rows
 * `tr[data-id]` of the page's `table.patches`.
 *
 * @param root the element
 */
export async function setupPatchFilters(root: HTMLElement): Promise<void> {
  const form = root.querySelector('form');
  const status = root.querySelector('.filter-status');
  const src = root.dataset['src'];
  if (!form || !status || !src) return;
  let data: FilterData;
  try {
    const response = await fetch(src);
    if (!response.ok) throw new Error(`${response.status}`);
    data = (await response.json()) as FilterData;
  } catch {
    status.textContent = 'The filters could not load their data; the whole table is shown.';
    return;
  }
  const select = (name: string) => form.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
  const authorSelect = select('author');
  for (const a of data.authors) authorSelect.append(option(a, a));
  const rows = new Map<number, HTMLElement>();
  for (const row of document.querySelectorAll<HTMLElement>('table.patches tbody tr[data-id]')) rows.set(Number(row.dataset['id']), row);
  const apply = (choice: FilterChoice, remember: boolean) => {
    let shown = 0;
    for (const entry of data.series) {
      const row = rows.get(entry[0]);
      if (!row) continue;
      const ok = passes(entry, data, choice);
      row.hidden = !ok;
      if (ok) shown++;
    }
    status.textContent = `${shown} of ${data.series.length} series shown.`;
    if (remember) {
      const params = new URLSearchParams();
      if (choice.state) params.set('state', choice.state);
      if (choice.author) params.set('author', choice.author);
      if (choice.age) params.set('age', String(choice.age));
      const query = params.toString();
      history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
    }
  };
  const initial = readChoice(location.search);
  select('state').value = initial.state;
  authorSelect.value = data.authors.includes(initial.author) ? initial.author : '';
  select('age').value = String(initial.age);
  const current = (): FilterChoice => ({ state: select('state').value, author: authorSelect.value, age: Number(select('age').value) });
  form.addEventListener('change', () => apply(current(), true));
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(() => apply(current(), true)));
  form.hidden = false;
  apply(current(), false);
  root.dataset['state'] = 'ready';
}
