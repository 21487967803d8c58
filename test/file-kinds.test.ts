import { describe, expect, it } from 'vitest';
import { paths } from '../src/lib/urls.ts';
import { kindOf } from '../src/site/build.ts';

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
});
