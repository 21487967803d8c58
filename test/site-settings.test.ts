import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, MIN_ACCENT_CONTRAST, SiteSettingsError, contrastRatio, pageSettings, readSiteSettings } from '../src/lib/site-settings.ts';
import { UI_STRINGS } from '../src/lib/ui-strings.ts';
import { MAX_LOGO_BYTES, loadSiteSettings } from '../src/site/settings.ts';

const FILE = '/srv/threadline.config.json';

describe('readSiteSettings', () => {
  it('fills in the defaults, and the templates get the interface title and footer', () => {
    expect(readSiteSettings({}, FILE)).toEqual(DEFAULT_SITE_SETTINGS);
    expect(pageSettings(DEFAULT_SITE_SETTINGS, undefined)).toEqual({ title: 'Mail archives', description: '', logo: undefined, home: undefined, footer: 'Archive built with Threadline.', language: 'en' });
    expect(pageSettings({ ...DEFAULT_SITE_SETTINGS, language: 'de' }, '/_astro/logo.1.png')).toMatchObject({ title: 'Mail-Archive', logo: '/_astro/logo.1.png' });
  });

  it('reads every setting', () => {
    const settings = readSiteSettings(
      { title: ' Example.org lists ', description: 'Our lists.', logo: 'logo.svg', home: { url: 'https://example.org/', label: 'Example.org' }, footer: 'Hosted by Example.org.', accent: '#05A', accentDark: '#8ab4f8', language: 'de' },
      FILE,
    );
    expect(settings).toEqual({
      title: 'Example.org lists',
      description: 'Our lists.',
      logo: 'logo.svg',
      home: { url: 'https://example.org/', label: 'Example.org' },
      footer: 'Hosted by Example.org.',
      accent: '#0055aa',
      accentDark: '#8ab4f8',
      language: 'de',
    });
  });

  it('says which file, which setting and how to fix it', () => {
    const error = (raw: unknown) => {
      try {
        readSiteSettings(raw, FILE);
      } catch (e) {
        expect(e).toBeInstanceOf(SiteSettingsError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(raw)}`);
    };
    expect(error([])).toMatch(/^\/srv\/threadline.config.json: must hold a JSON object such as \{"title"/);
    expect(error({ titel: 'x' })).toBe(`${FILE}: unknown setting "titel"; the settings are title, description, logo, home, footer, accent, accentDark, language`);
    expect(error({ title: '' })).toMatch(/"title" is empty; remove it to use the default/);
    expect(error({ title: 3 })).toMatch(/"title" must be a string, not 3/);
    expect(error({ footer: 'a\nb' })).toMatch(/"footer" holds a control character or line break/);
    expect(error({ title: 'x'.repeat(501) })).toMatch(/has 501 characters; shorten it to at most 500/);
    expect(error({ logo: 'logo.html' })).toMatch(/"logo" must be an image file ending in \.png, \.jpg, \.jpeg, \.gif, \.webp, \.svg/);
    expect(error({ logo: 'https://example.org/logo.png' })).toMatch(/not a URL: the site serves its own copy/);
    expect(error({ home: 'https://example.org/' })).toMatch(/"home" must be an object; write e\.g\. "home": \{"url"/);
    expect(error({ home: { url: 'https://example.org/' } })).toMatch(/"home" needs both "url" and "label"/);
    expect(error({ home: { url: 'javascript:alert(1)', label: 'x' } })).toMatch(/"home.url" must be an http\(s\) address or a path starting with "\/"/);
    expect(error({ home: { url: '/', label: 'x', target: '_blank' } })).toMatch(/unknown setting "home.target"/);
    expect(error({ accent: 'blue' })).toMatch(/"accent" must be a colour written "#rrggbb" \(or "#rgb"\), such as "#0b57d0", not "blue"/);
    expect(error({ accent: '#ffcc00' })).toMatch(/"accent" #ffcc00 has a contrast of 1\.\d:1 with the light scheme's backgrounds; links need at least 4\.5:1 to be readable: choose a darker colour/);
    expect(error({ accentDark: '#0b57d0' })).toMatch(/choose a lighter colour/);
    expect(error({ language: 'fr' })).toMatch(/"language" must be one of "en", "de" \(the interface's translations, src\/lib\/ui-strings.ts\), not "fr"/);
  });

  it('measures contrast as WCAG 2 does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // The site's own link colours pass the check they impose.
    expect(contrastRatio('#0b57d0', '#f1f3f4')).toBeGreaterThan(MIN_ACCENT_CONTRAST);
    expect(contrastRatio('#8ab4f8', '#222428')).toBeGreaterThan(MIN_ACCENT_CONTRAST);
  });

  it('has the same strings in every language', () => {
    const shape = (value: unknown): unknown =>
      typeof value === 'function' ? `function/${value.length}` : Array.isArray(value) ? value.map(shape) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value;
    for (const strings of Object.values(UI_STRINGS)) expect(shape(strings)).toEqual(shape(UI_STRINGS.en));
    for (const [lang, strings] of Object.entries(UI_STRINGS)) expect(strings.lang).toBe(lang);
  });
});

describe('loadSiteSettings', () => {
  const work = mkdtempSync(join(tmpdir(), 'threadline-settings-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const archive = join(work, 'archive');
  mkdirSync(archive);

  it('uses the defaults without a settings file, and the file beside the archive folder when there is one', () => {
    expect(loadSiteSettings({ archiveDir: archive })).toEqual({ settings: DEFAULT_SITE_SETTINGS, file: undefined, logoFile: undefined });
    writeFileSync(join(work, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(work, 'threadline.config.json'), JSON.stringify({ title: 'Beside', logo: 'logo.png' }));
    expect(loadSiteSettings({ archiveDir: archive })).toMatchObject({ settings: { title: 'Beside' }, file: join(work, 'threadline.config.json'), logoFile: join(work, 'logo.png') });
  });

  it('reads the file --config names, and refuses a missing one, bad JSON, a missing or oversized logo', () => {
    const other = join(work, 'other.json');
    writeFileSync(other, JSON.stringify({ title: 'Other' }));
    expect(loadSiteSettings({ archiveDir: archive, configFile: other }).settings.title).toBe('Other');
    expect(() => loadSiteSettings({ archiveDir: archive, configFile: join(work, 'nope.json') })).toThrow(/--config .*nope\.json: no such file/);
    writeFileSync(other, '{"title": "x",}');
    expect(() => loadSiteSettings({ archiveDir: archive, configFile: other })).toThrow(/other\.json: not valid JSON \(/);
    writeFileSync(other, JSON.stringify({ logo: 'missing.png' }));
    expect(() => loadSiteSettings({ archiveDir: archive, configFile: other })).toThrow(/"logo" names .*missing\.png, which is not a file/);
    writeFileSync(join(work, 'big.png'), Buffer.alloc(MAX_LOGO_BYTES + 1));
    writeFileSync(other, JSON.stringify({ logo: 'big.png' }));
    expect(() => loadSiteSettings({ archiveDir: archive, configFile: other })).toThrow(/every page loads it, so use an image of at most 512 KB/);
  });
});
