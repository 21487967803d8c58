/**
 * How the files of a site are named and written: each file's key, the file a site path is written
 * to, and a writer that puts files in place so a killed build leaves none half-written.
 */
import * as crypto from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WritingJournal } from '../store/store.ts';

/** Up to this many characters in all, `keyOf` hashes its texts joined. */
const SHORT_KEY_TEXT = 4096;
/** Where `keyOf` writes a long text's UTF-8 bytes: kept, so that no buffer is made per key. */
let keyBytes = Buffer.allocUnsafe(1 << 16);

/** `crypto.hash` (Node 20.12 and later): one call, where a `Hash` object is three. */
const oneShot: ((algorithm: string, data: string, encoding: 'hex' | 'base64') => string) | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/**
 * The SHA-1 of a text (as UTF-8), in one call where Node has one: for the short texts a build
 * hashes per file and per message, half the time of a `Hash` object (0.36 against 0.77 µs).
 *
 * @param text what to hash
 * @param encoding the digest's encoding
 */
export function sha1(text: string, encoding: 'hex' | 'base64'): string {
  return oneShot ? oneShot('sha1', text, encoding) : crypto.createHash('sha1').update(text).digest(encoding);
}

/**
 * A key: a hash of what a file is made from (or of its content): the UTF-8 bytes of each part,
 * then a NUL.
 *
 * @param parts what it is made from
 */
export function keyOf(...parts: (string | Uint8Array)[]): string {
  let length = 0;
  for (const p of parts) length += typeof p === 'string' ? p.length : SHORT_KEY_TEXT + 1;
  // Short strings are hashed joined, as one call: a plan computes a key per file.
  if (length <= SHORT_KEY_TEXT) return sha1(`${parts.join('\u0000')}\u0000`, 'hex').slice(0, 24);
  const hash = crypto.createHash('sha1');
  // Long ones one by one, through a buffer kept for them. Joining a long text to the key made a
  // copy of it, and hashing a long string (or making its bytes) allocated a buffer each time,
  // which the build's malloc setting maps and unmaps (see scripts/threadline.mjs). On 437 real
  // page models and thread inputs of 9.7 million characters, with that setting: 77 ms joined
  // (through `Buffer.from`), 29 ms one by one as strings, 8 ms through the kept buffer.
  for (const p of parts) {
    if (typeof p === 'string' && p.length > SHORT_KEY_TEXT) {
      if (p.length * 3 > keyBytes.length) keyBytes = Buffer.allocUnsafe(p.length * 3);
      hash.update(keyBytes.subarray(0, keyBytes.write(p, 0, 'utf8')));
    } else {
      hash.update(p);
    }
    hash.update('\u0000');
  }
  return hash.digest('hex').slice(0, 24);
}

/** A file written: its site path and key. */
export type Written = [path: string, key: string];

/**
 * The file a site path is written to: pages (paths ending in `/`) are `index.html` in their folder.
 *
 * @param outDir the site folder
 * @param path a site path
 */
export function outputFile(outDir: string, path: string): string {
  return join(outDir, path === '' || path.endsWith('/') ? `${path}index.html` : path);
}

/** The folder in the site where files are written before they are renamed into place. */
export const TEMP_DIR = '.threadline-tmp';

/**
 * Writes the files of a site: each recorded in the site's journal as being written, then written
 * to a temporary name and renamed, so a build that stops part-way leaves no half-written file
 * under a name the manifest knows, and none it knows with a key it does not have; or, for a clean
 * build (which has no manifest until it finishes), directly.
 */
export class SiteWriter {
  private readonly outDir: string;
  private readonly made = new Set<string>();
  private count = 0;
  private readonly temp: { dir: string; journal: WritingJournal } | undefined;

  /**
   * @param outDir the site folder
   * @param temp a name for this writer's temporary files (one per thread) and where it records the
   *   files it begins to write; without it, files are written under their own names at once
   */
  constructor(outDir: string, temp?: { name: string; journal: WritingJournal }) {
    this.outDir = outDir;
    // Made at the first write: a writer may be made before the build clears the temporary folder
    // a killed build left (the render workers start once the archive is read).
    this.temp = temp === undefined ? undefined : { dir: join(outDir, TEMP_DIR, temp.name), journal: temp.journal };
  }

  /**
   * Write one file of the site.
   *
   * @param path its site path
   * @param data its content
   */
  write(path: string, data: string | Uint8Array): void {
    const file = outputFile(this.outDir, path);
    const dir = dirname(file);
    const temp = this.temp;
    if (!this.made.has(dir)) {
      // An update writes mostly into folders the site has: asked first, as a failed `mkdir` throws
      // (adding December wrote about 1,300 files into folders that existed; 1,300 such calls in a
      // fresh process took 12.2-12.4 ms through `mkdir`, 2.2 ms asked first).
      if (temp === undefined || !existsSync(dir)) {
        // Most new folders are a message's, in a parent that exists: one call, not a walk up the path.
        try {
          mkdirSync(dir);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') mkdirSync(dir, { recursive: true });
          else if (code !== 'EEXIST') throw error;
        }
      }
      this.made.add(dir);
    }
    if (temp === undefined) {
      writeFileSync(file, data);
      return;
    }
    if (!this.made.has(temp.dir)) {
      mkdirSync(temp.dir, { recursive: true });
      this.made.add(temp.dir);
    }
    const tmp = join(temp.dir, String(this.count++));
    temp.journal.writing(path);
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  }

  /** Remove this writer's temporary folder. */
  close(): void {
    if (this.temp === undefined) return;
    this.temp.journal.close();
    rmSync(this.temp.dir, { recursive: true, force: true });
  }
}

