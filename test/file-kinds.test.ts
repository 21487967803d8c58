import { describe, expect, it } from 'vitest';
import { paths } from '../src/lib/urls.ts';
import { kindOf } from '../src/site/file-kinds.ts';

describe("the report's file counts", () => {
  it('count each file of the URL scheme as its kind', () => {
    const list = 'dev';
    const expected: [string, ReturnType<typeof kindOf>][] = [
      [paths.home(), 'other'],
      [paths.search(), 'search'],
      [`${paths.search()}p-0a1b2c3d4e.bin`, 'search'],
      [paths.lookup(), 'other'],
      ['404.html', 'other'],
      ['sitemap.xml', 'other'],
      ['old-archive.html', 'redirect'],
      [paths.list(list), 'list'],
      [paths.month(list, '2021-03'), 'month'],
      [paths.monthThreads(list, '2021-03'), 'monthThreads'],
      [paths.monthMbox(list, '2021-03'), 'mbox'],
      [paths.message(list, 'a@b'), 'message'],
      // A Message-ID that is its own slug may be any safe name, a file's too.
      [paths.message(list, 'raw.txt'), 'message'],
      [paths.message(list, 'threads'), 'message'],
      [paths.raw(list, 'a@b'), 'raw'],
      [paths.attachment(list, 'a@b', 1, 'pdf'), 'attachment'],
      [paths.thread(list, 'a@b'), 'thread'],
      [paths.threadMbox(list, 'a@b'), 'mbox'],
      [paths.threadFeed(list, 'a@b'), 'feed'],
      [paths.listFeed(list), 'feed'],
      [paths.threadsFeed(list), 'feed'],
      [paths.authors(list), 'author'],
      [paths.authorsData(list), 'author'],
      [paths.author(list, 'alice-0123'), 'author'],
      [paths.minutes(list), 'minutes'],
      [paths.minutesSeries(list, 'weekly'), 'minutes'],
      [paths.minutesJson(list), 'minutes'],
      [paths.patches(list), 'patches'],
      [paths.patchSeries(list, 'x@y'), 'patches'],
      [paths.patchMbox(list, 'x@y', 2), 'patches'],
      [paths.patchesLostFeed(list), 'patches'],
      [`${list}/m/a@b/old.html`, 'redirect'],
      [`${list}/2021-03/index.html`, 'month'],
    ];
    expect(expected.map(([path]) => [path, kindOf(path)])).toEqual(expected);
  });

  it('gives what splitting the path at its slashes gives, for any path', () => {
    // The rules as they read on split segments, which `kindOf` finds by position instead.
    const bySegments = (path: string): ReturnType<typeof kindOf> => {
      if (path.startsWith('search/')) return 'search';
      if (path === 'id/') return 'other';
      const parts = path.split('/');
      if (parts[1] === 'patches') return 'patches';
      if (path.endsWith('.mbox.gz')) return 'mbox';
      if (path.endsWith('.html') && !path.endsWith('/index.html') && path !== '404.html') return 'redirect';
      if (path.endsWith('/atom.xml') || path.endsWith('/threads.atom')) return 'feed';
      if (parts[1] === 'authors') return 'author';
      if (parts[1] === 'm') return parts.length === 4 && parts[3] === '' ? 'message' : parts[3] === 'raw.txt' ? 'raw' : 'attachment';
      if (parts[1] === 't') return 'thread';
      if (parts[1] === 'minutes') return 'minutes';
      if (/^\d{4}-\d{2}$/.test(parts[1] ?? '')) return parts[2] === 'threads' ? 'monthThreads' : 'month';
      if (parts.length === 2 && parts[1] === '') return 'list';
      return 'other';
    };
    const segments = ['', 'dev', 'm', 't', 'authors', 'minutes', 'patches', 'search', 'id', 'threads', '2021-03', '2021-3', 'raw.txt', 'index.html', 'a.html', '404.html', 'atom.xml', 'threads.atom', 'x.mbox.gz', 'a@b'];
    // A fixed pseudo-random walk (xorshift), so that a failure is the same every run.
    let seed = 0x2545f491;
    const next = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const path = Array.from({ length: 1 + next(5) }, () => segments[next(segments.length)]!).join('/');
      expect(kindOf(path), path).toBe(bySegments(path));
    }
  });
});
