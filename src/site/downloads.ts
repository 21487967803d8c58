/**
 * Files made from stored messages rather than templates: the mbox downloads (gzip'd mboxrd of a
 * thread or a month) and the Atom feeds. Run on the render workers, which read the store.
 */
import { constants, gzipSync } from 'node:zlib';
import { atomXml, feedIri } from '../lib/feeds.ts';
import { mboxrdEntry } from '../lib/mbox-write.ts';
import { obfuscateText } from '../lib/obfuscate.ts';
import { href } from '../lib/urls.ts';
import type { Store } from '../store/store.ts';
import type { FeedModel, MboxModel } from './models.ts';

/** The version of the mbox writer, part of every mbox file's key: a change of format rewrites them all. */
const MBOX_FORMAT = 1;

/**
 * Level 1 (zlib's fastest). The downloads are a build's largest compression: at zlib's default
 * (6) it took a sixth of the render workers' time in a cold build of linux-btrfs 2020 (4.2 s of
 * 24 s in a profile; 2.4 s at level 1). The files are 11% larger: the downloads of linux-btrfs
 * from January 2020 to November 2021 are 139.6 MB instead of 125.5 MB, in a site of 1,063 MB.
 */
const GZIP_LEVEL = constants.Z_BEST_SPEED;

/**
 * What an mbox file's bytes depend on besides its messages: the writer's format, the level, and
 * zlib's version (another may compress the same bytes otherwise), so a site updated after any
 * of them changed rewrites its downloads, as a cold build would write them.
 */
export const MBOX_WRITER = `${MBOX_FORMAT}\u0000${GZIP_LEVEL}\u0000${process.versions.zlib}`;

/**
 * Gzip with nothing but the data in its header: no file name, no time, and the operating system
 * byte set to "unknown" (RFC 1952 section 2.3.1), so the same bytes make the same file anywhere.
 *
 * @param data what to compress
 */
export function deterministicGzip(data: Uint8Array): Buffer {
  const out = gzipSync(data, { level: GZIP_LEVEL });
  // Node writes MTIME 0 and no FNAME already; OS is the build machine's, which a site must not depend on.
  out[9] = 0xff;
  return out;
}

/**
 * An mbox download: the messages' exact bytes as mboxrd, gzip'd.
 *
 * @param store the store
 * @param model the file's messages
 */
export function mboxFile(store: Store, model: MboxModel): Buffer {
  const parts: Uint8Array[] = [];
  for (const m of model.messages) {
    const raw = store.readRaw(m.entry, m.chunk).subarray(m.span[0], m.span[0] + m.span[1]);
    parts.push(...mboxrdEntry(raw, m.dateMs));
  }
  return deterministicGzip(Buffer.concat(parts));
}

/**
 * An Atom feed: entries with each message's own text (addresses hidden as the list hides them).
 *
 * @param store the store
 * @param model the feed
 */
export function feedFile(store: Store, model: FeedModel): string {
  const url = (path: string) => href(model.origin, path);
  return atomXml({
    id: feedIri(model.list, model.path),
    title: model.title,
    subtitle: model.subtitle,
    self: url(model.path),
    alternate: url(model.alternate),
    entries: model.entries.map((e) => ({
      id: e.id,
      title: e.title,
      link: url(e.path),
      updatedMs: e.dateMs,
      author: e.author,
      text: obfuscateText(store.readBody(e.body.entry, e.body.chunk, e.body.slot).message.text, model.obfuscation),
    })),
  });
}
