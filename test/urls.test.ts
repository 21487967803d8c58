import { describe, expect, it } from 'vitest';
import { attachmentExtension, duplicateSlug, hash64, href, paths, slugForMessageId } from '../src/lib/urls.ts';

describe('slugs', () => {
  it('computes 64-bit FNV-1a like the reference vectors', () => {
    expect(hash64('')).toBe('cbf29ce484222325');
    expect(hash64('a')).toBe('af63dc4c8601ec8c');
    expect(hash64('foobar')).toBe('85944171f73967e8');
  });
  it('uses a short, lower-case, safe Message-ID as its own slug', () => {
    expect(slugForMessageId('cadence-2.0@alice.example.org')).toBe('cadence-2.0@alice.example.org');
  });
  it('hashes ids with upper case, unsafe characters or great length', () => {
    const upper = slugForMessageId('CAHmoxtXXb3un1C=ZvYNtz@mail.gmail.com');
    expect(upper).toMatch(/^cahmoxtxxb3un1c-zvyntz-[0-9a-f]{16}$/);
    expect(slugForMessageId('CAHmoxtXXb3un1C=ZvYNtz@mail.gmail.com')).toBe(upper);
    expect(slugForMessageId('cahmoxtxxb3un1c=zvyntz@mail.gmail.com')).not.toBe(upper);
    expect(slugForMessageId('../../etc/passwd')).toMatch(/^etc-passwd-[0-9a-f]{16}$/);
    expect(slugForMessageId(`${'a'.repeat(5000)}@x`)).toHaveLength(24 + 1 + 16);
    expect(slugForMessageId('<>"@"')).toMatch(/^m-[0-9a-f]{16}$/);
  });
  it('never yields a path separator, a dot segment or an upper-case letter', () => {
    for (const id of ['a/b@c', '..@..', '.@.', 'A@B', 'x\u0000y@z', 'ü@ü.de', 'a b@c']) {
      const slug = slugForMessageId(id);
      expect(slug).not.toMatch(/[/\\\u0000 A-Z]/);
      expect(slug).not.toMatch(/^\.+$/);
    }
  });
  it('suffixes reused ids with a character no slug contains', () => {
    expect(duplicateSlug('a@b', 1)).toBe('a@b');
    expect(duplicateSlug('a@b', 2)).toBe('a@b_2');
  });
});

describe('paths', () => {
  it('builds the documented URL scheme under any base', () => {
    expect(href('/', paths.message('dev', 'a@b'))).toBe('/dev/m/a@b/');
    expect(href('/archives', paths.raw('dev', 'a@b'))).toBe('/archives/dev/m/a@b/raw.txt');
    expect(href('/archives/', paths.monthThreads('dev', '2025-01'))).toBe('/archives/dev/2025-01/threads/');
    expect(href('/', paths.thread('dev', 'x'))).toBe('/dev/t/x/');
  });
});

describe('attachmentExtension', () => {
  it('publishes known types by their extension, text as .txt and anything else as .bin', () => {
    expect(attachmentExtension('image/PNG; name="a.png"')).toBe('png');
    expect(attachmentExtension('text/html')).toBe('txt');
    // A type from the mail that names a member of every object is no known type.
    for (const type of ['constructor', 'toString', '__proto__']) expect(attachmentExtension(type), type).toBe('bin');
  });
});
