/**
 * Page files written synchronously while Astro renders pages.
 *
 * Astro writes each page with `fs.promises.mkdir` and `fs.promises.writeFile`: an open, a write and
 * a close, each a hand-off to libuv's thread pool and back. Where a context switch is dear (this
 * project's build machines are virtual machines), those hand-offs cost more than the pages: Astro
 * alone wrote 15,000 trivial pages in 10.3 s, and in 5.9 s with the same calls made synchronously
 * (`npm run bench -- build` prints both). A build thread has nothing else to do meanwhile, so
 * while pages render, `threadline build` makes these two calls synchronous.
 */
import fs from 'node:fs';

type MkdirArgs = Parameters<typeof fs.promises.mkdir>;
type WriteFileArgs = Parameters<typeof fs.promises.writeFile>;

/** Data `writeFileSync` takes as it is; streams and iterables go to the original call. */
function writable(data: WriteFileArgs[1]): data is string | NodeJS.ArrayBufferView {
  return typeof data === 'string' || ArrayBuffer.isView(data);
}

/** Options `writeFileSync` honours alike; an abort signal needs the original call. */
function plain(options: WriteFileArgs[2]): boolean {
  return options === undefined || options === null || typeof options === 'string' || options.signal === undefined;
}

/**
 * Make `fs.promises.mkdir` and `fs.promises.writeFile` work synchronously (still returning
 * promises, which settle as before) until the returned function is called. Calls the synchronous
 * versions cannot take (a file handle, a stream, an abort signal) go to the originals.
 */
export function writePagesSynchronously(): () => void {
  const promises = fs.promises;
  const { mkdir, writeFile } = promises;
  promises.mkdir = async function mkdirNow(...args: MkdirArgs) {
    return fs.mkdirSync(...args);
  } as typeof mkdir;
  promises.writeFile = async function writeFileNow(...args: WriteFileArgs) {
    const [file, data, options] = args;
    if ((typeof file === 'string' || file instanceof URL || Buffer.isBuffer(file)) && writable(data) && plain(options)) {
      return fs.writeFileSync(file, data, options as fs.WriteFileOptions | undefined);
    }
    return writeFile(...args);
  } as typeof writeFile;
  return () => {
    promises.mkdir = mkdir;
    promises.writeFile = writeFile;
  };
}
