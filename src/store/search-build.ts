/**
 * Building a list's search shards: lunr indexes over ranges of months, cut into term parts and
 * published under `search/` with their dates and display data (see search-parts.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lunr from 'lunr';
import { obfuscateText } from '../lib/obfuscate.ts';
import { EXCERPT_CHARS, MAX_DOC_BODY_CHARS, foldForIndex, ownText, planShards, type DocDisplay, type ShardInfo, type ShardMeta } from '../lib/search.ts';
import { DOC_CHUNK, PartsBuilder } from '../lib/search-parts.ts';
import { splitLines } from '../lib/body.ts';
import type { MinutesEntry } from './minutes-data.ts';
import { paths } from '../lib/urls.ts';
import { monthMessages } from '../lib/views.ts';
import { loadMessage } from './site-data.ts';
import type { ListStore } from './import.ts';

/** The documents' fields and lunr boosts; a query names them (`subject:…`). */
const FIELDS = [
  { name: 'subject', boost: 10 },
  { name: 'from', boost: 5 },
  { name: 'body', boost: 1 },
  { name: 'owner', boost: 5 },
];

/** The index pipeline: lunr's own. The search pipeline, saved with the shard, is its stemmer: the browser has no other. */
const indexPipeline = new lunr.Pipeline();
indexPipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
const searchPipeline = new lunr.Pipeline();
searchPipeline.add(lunr.stemmer);

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
    const builder = new PartsBuilder(FIELDS, indexPipeline);
    const docs: DocDisplay[] = [];
    for (const month of plan.months) {
      for (const m of monthMessages(store.index, month)) {
        const n = m.n;
        const own = obfuscateText(ownText(body(n)), mode);
        // The address is searchable only where the list shows addresses.
        const from = mode === 'none' ? `${m.fromName} ${m.fromAddress}` : obfuscateText(m.fromName || m.fromAddress.split('@')[0]!, mode);
        const author = obfuscateText(m.fromName || m.fromAddress.split('@')[0]!, mode);
        builder.add([foldForIndex(m.subject), foldForIndex(from), foldForIndex(own), '']);
        docs.push([paths.message(list, m.slug), m.subject, author, m.dateMs, own.slice(0, EXCERPT_CHARS), 0]);
        // Each section of minutes is a document too, so a query lands on the section itself.
        const entry = minutesOf.get(n);
        if (entry) {
          const lines = splitLines(body(n));
          entry.structure.sections.forEach((section, k) => {
            const text = obfuscateText(lines.slice(section.line + 1, section.end).join(' ').replace(/\s+/g, ' ').trim(), mode).slice(0, MAX_DOC_BODY_CHARS);
            const owners = entry.structure.actions.filter((a) => a.section === k && a.owner).map((a) => obfuscateText(a.owner!, mode)).join(' ');
            const title = `${section.title} — ${m.subject}`;
            builder.add([foldForIndex(title), foldForIndex(from), foldForIndex(text), foldForIndex(owners)]);
            docs.push([`${paths.message(list, m.slug)}#${section.anchor}`, title, author, m.dateMs, text.slice(0, EXCERPT_CHARS), 1]);
          });
        }
      }
    }
    const id = `${list}-${plan.first}-${plan.last}`;
    const cut = builder.cut();
    let previous = 0;
    const meta: ShardMeta = {
      minutes: docs.map((d) => {
        const minute = Math.floor(d[3] / 60_000);
        const delta = minute - previous;
        previous = minute;
        return delta;
      }),
      sections: docs.flatMap((d, ref) => (d[5] === 1 ? [ref] : [])),
    };
    const files: [string, unknown][] = [[`${id}.meta.json`, meta]];
    cut.parts.forEach((part, i) => files.push([`${id}.p${i}.json`, part]));
    for (let k = 0; k * DOC_CHUNK < docs.length; k++) files.push([`${id}.d${k}.json`, docs.slice(k * DOC_CHUNK, (k + 1) * DOC_CHUNK)]);
    let bytes = 0;
    for (const [file, data] of files) {
      const text = JSON.stringify(data);
      bytes += Buffer.byteLength(text);
      await writeFile(join(dir, file), text);
    }
    shards.push({ id, list, first: plan.first, last: plan.last, docs: docs.length, bytes, fields: FIELDS.map((f) => f.name), pipeline: searchPipeline.toJSON() as unknown as string[], firsts: cut.firsts });
  }
  return shards;
}
