/**
 * Building a list's search shards: lunr indexes over ranges of months, published under `search/`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lunr from 'lunr';
import { obfuscateText } from '../lib/obfuscate.ts';
import { EXCERPT_CHARS, MAX_DOC_BODY_CHARS, foldForIndex, ownText, planShards, type ShardData, type ShardInfo } from '../lib/search.ts';
import { splitLines } from '../lib/body.ts';
import type { MinutesEntry } from './minutes-data.ts';
import { paths } from '../lib/urls.ts';
import { monthMessages } from '../lib/views.ts';
import { loadMessage } from './site-data.ts';
import type { ListStore } from './import.ts';

/**
 * Build and write the search shards of one list.
 *
 * @param store the list's store (its bodies are read through site-data, from `THREADLINE_STORE`)
 * @param dir where the shard files go
 * @param minutes the list's minutes: each section becomes a search document of its own
 * @returns the shards written, newest first
 */
export async function buildSearchShards(store: ListStore, dir: string, minutes: readonly MinutesEntry[] = []): Promise<ShardInfo[]> {
  const minutesOf = new Map(minutes.map((e) => [e.n, e]));
  const list = store.config.name;
  const mode = store.config.obfuscation;
  await mkdir(dir, { recursive: true });
  // Bodies come through the site's chunk cache: shards read messages in date order, as chunks hold them.
  const body = (n: number): string => loadMessage(list, n).text;
  const shards: ShardInfo[] = [];
  for (const plan of planShards(store.index.months)) {
    const builder = new lunr.Builder();
    builder.pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
    builder.searchPipeline.add(lunr.stemmer);
    builder.ref('r');
    builder.field('subject', { boost: 10 });
    builder.field('from', { boost: 5 });
    builder.field('body');
    builder.field('owner', { boost: 5 });
    const docs: ShardData['docs'] = [];
    for (const month of plan.months) {
      for (const m of monthMessages(store.index, month)) {
        const n = m.n;
        const own = obfuscateText(ownText(body(n)), mode);
        // The address is searchable only where the list shows addresses.
        const from = mode === 'none' ? `${m.fromName} ${m.fromAddress}` : obfuscateText(m.fromName || m.fromAddress.split('@')[0]!, mode);
        const author = obfuscateText(m.fromName || m.fromAddress.split('@')[0]!, mode);
        builder.add({ r: String(docs.length), subject: foldForIndex(m.subject), from: foldForIndex(from), body: foldForIndex(own), owner: '' });
        docs.push([paths.message(list, m.slug), m.subject, author, m.dateMs, own.slice(0, EXCERPT_CHARS), 0]);
        // Each section of minutes is a document too, so a query lands on the section itself.
        const entry = minutesOf.get(n);
        if (entry) {
          const lines = splitLines(body(n));
          entry.structure.sections.forEach((section, k) => {
            const text = obfuscateText(lines.slice(section.line + 1, section.end).join(' ').replace(/\s+/g, ' ').trim(), mode).slice(0, MAX_DOC_BODY_CHARS);
            const owners = entry.structure.actions.filter((a) => a.section === k && a.owner).map((a) => obfuscateText(a.owner!, mode)).join(' ');
            const title = `${section.title} — ${m.subject}`;
            builder.add({ r: String(docs.length), subject: foldForIndex(title), from: foldForIndex(from), body: foldForIndex(text), owner: foldForIndex(owners) });
            docs.push([`${paths.message(list, m.slug)}#${section.anchor}`, title, author, m.dateMs, text.slice(0, EXCERPT_CHARS), 1]);
          });
        }
      }
    }
    const data: ShardData = { index: builder.build().toJSON(), docs };
    const file = `${list}-${plan.first}-${plan.last}.json`;
    const text = JSON.stringify(data);
    await writeFile(join(dir, file), text);
    shards.push({ file, list, first: plan.first, last: plan.last, docs: docs.length, bytes: Buffer.byteLength(text) });
  }
  return shards;
}
