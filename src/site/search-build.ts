/**
 * Building a list's search shards: lunr indexes over ranges of months, cut into term parts and
 * published under `search/` with their dates and display data (see search-parts.ts).
 */
import lunr from 'lunr';
import { obfuscateText } from '../lib/obfuscate.ts';
import { EXCERPT_CHARS, MAX_DOC_BODY_CHARS, foldForIndex, ownText, planShards, type DocDisplay, type SearchManifest, type ShardInfo, type ShardMeta } from '../lib/search.ts';
import { DOC_CHUNK, PartsBuilder } from '../lib/search-parts.ts';
import { splitLines } from '../lib/body.ts';
import { removalReason } from '../lib/removal.ts';
import { paths } from '../lib/urls.ts';
import { monthMessages } from '../lib/views.ts';
import type { ListData } from '../store/store.ts';
import type { MinutesEntry } from './minutes-data.ts';

/** A file of the search index: its site path and content. */
export interface SearchFile {
  path: string;
  content: string;
}

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
 * The search shards of one list, as files under `search/`.
 *
 * @param data the list
 * @param text a message's text, by position
 * @param minutes the list's minutes: each section becomes a search document of its own
 */
function listSearchFiles(data: ListData, text: (n: number) => string, minutes: readonly MinutesEntry[]): { shards: ShardInfo[]; files: SearchFile[] } {
  const minutesOf = new Map(minutes.map((e) => [e.n, e]));
  const list = data.config.name;
  const mode = data.config.obfuscation;
  const store = data;
  const body = text;
  const shards: ShardInfo[] = [];
  const out: SearchFile[] = [];
  for (const plan of planShards(store.index.months)) {
    const builder = new PartsBuilder(FIELDS, indexPipeline);
    const docs: DocDisplay[] = [];
    for (const month of plan.months) {
      for (const m of monthMessages(store.index, month)) {
        // A removed message has no search entry (list.json `remove`).
        if (removalReason(data.config.remove, m.messageId) !== undefined) continue;
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
      const content = JSON.stringify(data);
      bytes += Buffer.byteLength(content);
      out.push({ path: `search/${file}`, content });
    }
    shards.push({ id, list, first: plan.first, last: plan.last, docs: docs.length, bytes, fields: FIELDS.map((f) => f.name), pipeline: searchPipeline.toJSON() as unknown as string[], firsts: cut.firsts });
  }
  return { shards, files: out };
}

/**
 * Every file of the search index: each list's shards, then the manifest.
 *
 * @param lists the lists, with their minutes and a reader of their messages' text
 */
export function searchFiles(lists: readonly { data: ListData; minutes: readonly MinutesEntry[]; text: (n: number) => string }[]): SearchFile[] {
  const files: SearchFile[] = [];
  const shards: ShardInfo[] = [];
  for (const l of lists) {
    const built = listSearchFiles(l.data, l.text, l.minutes);
    files.push(...built.files);
    shards.push(...built.shards);
  }
  const manifest: SearchManifest = { version: 2, lists: lists.map((l) => l.data.config.name), shards };
  files.push({ path: 'search/manifest.json', content: JSON.stringify(manifest) });
  return files;
}
