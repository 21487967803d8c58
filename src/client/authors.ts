/**
 * Sorting the authors table in the browser: the table is rendered whole on the server; this adds
 * a button to each sortable header and reorders the rows by the values in the page's data file
 * (`authors.json`), so dates and counts sort as values, not as text.
 */

type Row = [slug: string, name: string, messages: number, first: number, last: number, threads: number];

/**
 * Make the authors table inside `host` sortable by its columns.
 *
 * @param host the element holding the table; `data-src` names the data file
 */
export async function sortableAuthors(host: HTMLElement): Promise<void> {
  const src = host.dataset['src'];
  const table = host.querySelector('table');
  const body = table?.tBodies[0];
  if (!src || !table || !body) return;
  let data: { columns: string[]; authors: Row[] };
  try {
    const response = await fetch(src);
    if (!response.ok) return;
    data = (await response.json()) as typeof data;
  } catch {
    return; // The table stays as it is, sorted by messages.
  }
  const values = new Map(data.authors.map((r) => [r[0], r]));
  const rows = new Map<string, HTMLTableRowElement>();
  for (const tr of Array.from(body.rows)) rows.set(tr.dataset['slug'] ?? '', tr);
  const headers = Array.from(table.querySelectorAll<HTMLTableCellElement>('th[data-key]'));
  for (const th of headers) {
    const key = th.dataset['key']!;
    const column = data.columns.indexOf(key);
    if (column < 0) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.textContent = th.textContent ?? key;
    th.textContent = '';
    th.append(button);
    button.addEventListener('click', () => {
      // Names sort up first, numbers and dates down first (most messages, newest post).
      const descending = th.getAttribute('aria-sort') === 'descending' ? false : th.getAttribute('aria-sort') === 'ascending' ? true : key !== 'name';
      for (const other of headers) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const sorted = [...values.values()].sort((a, b) => {
        const x = a[column as 1];
        const y = b[column as 1];
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return (descending ? -order : order) || a[0].localeCompare(b[0]);
      });
      body.append(...sorted.flatMap((r) => rows.get(r[0]) ?? []));
    });
  }
}
