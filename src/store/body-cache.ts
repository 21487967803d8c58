/**
 * Rendered bodies, kept between the two pages that show them: a message's own page and its
 * thread's page. Rendering a body is most of the work of a message page; doing it twice was a
 * tenth of a build. Bodies wait in a file, not in memory, since the two pages can be a whole
 * archive apart (Astro builds message pages in date order, thread pages in thread order).
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { storeDir } from './site-data.ts';

/** The HTML a message shows: its body, and the HTML version offered beside a text body. */
export interface RenderedBody {
  body: string;
  htmlVersion: string | undefined;
  /** The message has an HTML part too large or too deeply nested to show. */
  htmlRefused: boolean;
}

let file: { fd: number; size: number } | undefined;
const where = new Map<string, [offset: number, length: number]>();

function spill(): { fd: number; size: number } {
  if (!file) {
    const path = join(storeDir(), `rendered-bodies-${process.pid}.tmp`);
    const fd = openSync(path, 'w+');
    // Unlinked at once: the file lives while this build holds it open, and never outlives it.
    unlinkSync(path);
    file = { fd, size: 0 };
    process.once('exit', () => closeSync(fd));
  }
  return file;
}

/**
 * A message's rendered body: rendered on first use and kept for the second, then dropped.
 *
 * @param list the list's name
 * @param n the message's position in date order
 * @param render renders the body (the same for both pages)
 */
export function renderedBody(list: string, n: number, render: () => RenderedBody): RenderedBody {
  const key = `${list}\n${n}`;
  const stored = where.get(key);
  const out = spill();
  if (stored) {
    where.delete(key);
    const bytes = Buffer.alloc(stored[1]);
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(out.fd, bytes, done, bytes.length - done, stored[0] + done);
      if (read === 0) break;
      done += read;
    }
    return JSON.parse(bytes.toString('utf8')) as RenderedBody;
  }
  const rendered = render();
  const bytes = Buffer.from(JSON.stringify(rendered), 'utf8');
  let done = 0;
  while (done < bytes.length) done += writeSync(out.fd, bytes, done, bytes.length - done, out.size + done);
  where.set(key, [out.size, bytes.length]);
  out.size += bytes.length;
  return rendered;
}
