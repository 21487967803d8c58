import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ListConfigError, readListConfig, siteNameTaken } from '../src/lib/list-config.ts';

describe('readListConfig', () => {
  it('fills defaults when there is no list.json', () => {
    expect(readListConfig('dev', undefined, 'x')).toEqual({
      name: 'dev',
      title: 'dev',
      description: '',
      address: '',
      obfuscation: 'full',
      minutes: { subjects: [], force: {} },
      subscribe: '',
      unsubscribe: '',
      url: '',
      remove: {},
      patches: { unansweredDays: 14, unappliedDays: 60 },
    });
  });
  it('reads every setting', () => {
    expect(readListConfig('dev', { title: 'Dev', description: 'd', address: 'dev@x', obfuscation: 'none' }, 'x').obfuscation).toBe('none');
  });
  it('explains a bad value, an unknown key and a bad folder name', () => {
    expect(() => readListConfig('dev', { obfuscation: 'hide' }, 'archive/dev/list.json')).toThrow(/archive\/dev\/list.json: "obfuscation" must be "full", "domain" or "none"/);
    expect(() => readListConfig('dev', { titel: 'x' }, 'f')).toThrow(/unknown setting "titel"/);
    expect(() => readListConfig('Dev List', undefined, 'f')).toThrow(ListConfigError);
    expect(() => readListConfig('dev', [], 'f')).toThrow(/JSON object/);
    expect(() => readListConfig('dev', { minutes: { subjects: ['('] } }, 'f')).toThrow(/^f: "minutes\.subjects" has a pattern that is not a regular expression: "\("; write e\.g\./);
    expect(() => readListConfig('dev', { patches: 3 }, 'f')).toThrow(/^f: "patches" must be an object; write/);
    expect(readListConfig('dev', { minutes: { subjects: ['sync'], force: { 'a@b': true } } }, 'f').minutes).toEqual({ subjects: ['sync'], force: { 'a@b': true } });
  });

  it("refuses a folder named as one of the site's own pages or files, and says how to fix it", () => {
    for (const [name, what] of [
      ['search', 'search page'],
      ['id', 'Message-ID lookup page'],
      ['index.html', 'home page'],
      ['404.html', 'not-found page'],
      ['sitemap.xml', 'sitemap'],
      ['sitemap-2.xml', 'sitemap'],
      ['favicon.svg', 'icon'],
    ]) {
      expect(() => readListConfig(name!, undefined, 'f')).toThrow(new ListConfigError(`archive folder "${name}" has the name of the site's ${what}, which the list's pages would replace: rename the folder, such as to "${name}-list"`));
    }
    for (const name of ['searches', 'ids', 'sitemap', 'logo.0a1b2c3d.png', 'index']) expect(readListConfig(name, undefined, 'f').name).toBe(name);
  });

  it("knows every file Threadline puts at the site's top from public/", () => {
    const names = readdirSync(fileURLToPath(new URL('../public/', import.meta.url)));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(siteNameTaken(name), name).toBeDefined();
  });

  it('keeps the Message-IDs minutes are forced for without angle brackets, as the archive does', () => {
    const { force } = readListConfig('dev', JSON.parse('{"minutes": {"force": {"<a@b>": true, "c@d": false, "<__proto__>": true}}}'), 'f').minutes;
    expect(Object.entries(force)).toEqual([['a@b', true], ['c@d', false], ['__proto__', true]]);
    for (const key of ['<>', '<a@b> <c@d>', 'see <a@b> please', 'a b@c']) {
      expect(() => readListConfig('dev', { minutes: { force: { [key]: true } } }, 'f'), key).toThrow(/"minutes\.force" names ".*", which is not one Message-ID/);
      expect(() => readListConfig('dev', { remove: { [key]: 'spam' } }, 'f'), key).toThrow(/"remove" names ".*", which is not one Message-ID/);
    }
    // One id named twice, once in brackets: which setting wins would depend on the key's order.
    expect(() => readListConfig('dev', { minutes: { force: { '<a@b>': true, 'a@b': false } } }, 'f')).toThrow(/"minutes\.force" names <a@b> twice/);
    expect(() => readListConfig('dev', { remove: { '<a@b>': 'spam', 'a@b': 'privacy' } }, 'f')).toThrow(/"remove" names <a@b> twice/);
  });

  it('refuses a title that is empty or more than one line', () => {
    for (const title of ['', '   ', 'Dev\nlist']) expect(() => readListConfig('dev', { title }, 'f'), JSON.stringify(title)).toThrow(/"title" must be one line of text/);
    expect(readListConfig('dev', { title: "Developers' list" }, 'f').title).toBe("Developers' list");
  });
  it('reads how to join: an address becomes a mailto: link, web addresses stay, anything else is refused', () => {
    const c = readListConfig('dev', { address: 'dev@lists.example.org', subscribe: 'dev-join@lists.example.org', unsubscribe: 'https://lists.example.org/leave?l=dev', url: 'https://lists.example.org/dev' }, 'f');
    expect([c.subscribe, c.unsubscribe, c.url]).toEqual(['mailto:dev-join@lists.example.org', 'https://lists.example.org/leave?l=dev', 'https://lists.example.org/dev']);
    expect(readListConfig('dev', { subscribe: 'mailto:dev-request@x.org?subject=subscribe' }, 'f').subscribe).toBe('mailto:dev-request@x.org?subject=subscribe');
    expect(() => readListConfig('dev', { subscribe: 'javascript:alert(1)' }, 'f')).toThrow(/"subscribe" must be an address/);
    expect(() => readListConfig('dev', { unsubscribe: '/leave' }, 'f')).toThrow(/"unsubscribe"/);
    expect(() => readListConfig('dev', { url: 'mailto:a@b.org' }, 'f')).toThrow(/"url" must be an http\(s\) address/);
    expect(() => readListConfig('dev', { address: 'dev at example.org' }, 'f')).toThrow(/"address" must be the list's posting address/);
  });
  it('reads removals by Message-ID, brackets or not, each with a one-line reason', () => {
    expect(readListConfig('dev', { remove: { '<spam@x.org>': 'spam', 'p@x.org': ' privacy request ' } }, 'f').remove).toEqual({ 'spam@x.org': 'spam', 'p@x.org': 'privacy request' });
    expect(() => readListConfig('dev', { remove: ['a@x'] }, 'f')).toThrow(/"remove" must map Message-IDs to reasons/);
    expect(() => readListConfig('dev', { remove: { 'a@x': '' } }, 'f')).toThrow(/needs a reason/);
    expect(() => readListConfig('dev', { remove: { 'a@x': 'line\nbreak' } }, 'f')).toThrow(/one line/);
  });

  it('reads the days a patch series waits before it is lost, and refuses a bad number', () => {
    expect(readListConfig('dev', { patches: { unappliedDays: 30 } }, 'f').patches).toEqual({ unansweredDays: 14, unappliedDays: 30 });
    expect(() => readListConfig('dev', { patches: { unansweredDays: -1 } }, 'f')).toThrow(/"patches.unansweredDays" must be a whole number of days/);
    expect(() => readListConfig('dev', { patches: { unansweredDays: 1.5 } }, 'f')).toThrow(/whole number/);
    expect(() => readListConfig('dev', { patches: { lostDays: 3 } }, 'f')).toThrow(/unknown setting "lostDays"/);
    expect(() => readListConfig('dev', { patches: [] }, 'f')).toThrow(/must be an object/);
  });
});
