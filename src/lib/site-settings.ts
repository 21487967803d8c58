/**
 * The site's settings (`threadline.config.json`): what an admin brands the archive with — title,
 * description, logo, a link home, footer, accent colour and the interface's language — checked
 * strictly, since an admin wrote them, with errors that say which setting and how to fix it.
 */
import { UI_STRINGS, type UiLanguage } from './ui-strings.ts';

/** The settings of a site, defaults filled in (undefined: the interface's default). */
export interface SiteSettings {
  /** The site's name: the header's brand, the home page's heading, every page's title. */
  title: string | undefined;
  /** The home page's introduction and its meta description. */
  description: string;
  /** An image shown before the title, as written: relative to the settings file. */
  logo: string | undefined;
  /** A link back to the organisation's own site, in the header. */
  home: { url: string; label: string } | undefined;
  /** The footer's text, instead of the default. */
  footer: string | undefined;
  /** The colour of links, bars and the activity chart, `#rrggbb`, in the light scheme. */
  accent: string | undefined;
  /** The same in the dark scheme. */
  accentDark: string | undefined;
  /** The interface's language (see ui-strings.ts). */
  language: UiLanguage;
}

/** What the templates are given of the settings: defaults resolved, the logo as a URL of the site. */
export interface PageSettings {
  title: string;
  description: string;
  logo: string | undefined;
  home: { url: string; label: string } | undefined;
  footer: string;
  language: UiLanguage;
}

/** Thrown for a bad settings file; the message says which file, which setting, and how to fix it. */
export class SiteSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SiteSettingsError';
  }
}

/** The settings file's name, looked for beside the archive folder. */
export const SETTINGS_FILE = 'threadline.config.json';

/** Image types a logo may be: each is served by extension as an image. */
export const LOGO_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg'] as const;

/** Longest title, label and footer accepted (a page header is not the place for an essay). */
export const MAX_SETTING_CHARS = 500;

/** The contrast WCAG 2 asks of link text (level AA): an accent below it would fail the archive's readers. */
export const MIN_ACCENT_CONTRAST = 4.5;

// The backgrounds links are drawn on (site.css: --bg and --accent-bg of each scheme); an accent
// must be readable on the darker (light scheme) or lighter (dark scheme) of the two.
const LIGHT_BACKGROUNDS = ['#fdfdfb', '#f1f3f4'];
const DARK_BACKGROUNDS = ['#16171a', '#222428'];

const KNOWN_KEYS = ['title', 'description', 'logo', 'home', 'footer', 'accent', 'accentDark', 'language'];

const EXAMPLE = `{"title": "Example.org lists", "home": {"url": "https://example.org/", "label": "Example.org"}, "accent": "#0b57d0", "language": "en"}`;

/** The default settings: the interface's own title and footer, in English. */
export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  title: undefined,
  description: '',
  logo: undefined,
  home: undefined,
  footer: undefined,
  accent: undefined,
  accentDark: undefined,
  language: 'en',
};

function luminance(hex: string): number {
  const channel = (k: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/**
 * The WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 to 21.
 *
 * @param a a colour
 * @param b another
 */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Check a parsed settings file and fill in defaults.
 *
 * @param raw the parsed JSON
 * @param where the file's path, for error messages
 */
export function readSiteSettings(raw: unknown, where: string): SiteSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SiteSettingsError(`${where}: must hold a JSON object such as ${EXAMPLE}`);
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.includes(key)) throw new SiteSettingsError(`${where}: unknown setting "${key}"; the settings are ${KNOWN_KEYS.join(', ')}`);
  }
  const settings: SiteSettings = { ...DEFAULT_SITE_SETTINGS };
  const text = (key: string, value: unknown, allowEmpty: boolean): string => {
    if (typeof value !== 'string') throw new SiteSettingsError(`${where}: "${key}" must be a string, not ${JSON.stringify(value)}`);
    const trimmed = value.trim();
    if (!allowEmpty && trimmed === '') throw new SiteSettingsError(`${where}: "${key}" is empty; remove it to use the default, or write the text to show`);
    if (trimmed.length > MAX_SETTING_CHARS) throw new SiteSettingsError(`${where}: "${key}" has ${trimmed.length} characters; shorten it to at most ${MAX_SETTING_CHARS}`);
    // Control characters would reach pages and titles as they are; a line break in a title is a typo.
    if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new SiteSettingsError(`${where}: "${key}" holds a control character or line break; write it on one line`);
    return trimmed;
  };
  if (record['title'] !== undefined) settings.title = text('title', record['title'], false);
  if (record['description'] !== undefined) settings.description = text('description', record['description'], true);
  if (record['footer'] !== undefined) settings.footer = text('footer', record['footer'], false);
  if (record['logo'] !== undefined) {
    const logo = text('logo', record['logo'], false);
    const ext = /\.([a-z0-9]+)$/i.exec(logo)?.[1]?.toLowerCase();
    if (ext === undefined || !(LOGO_EXTENSIONS as readonly string[]).includes(ext)) {
      throw new SiteSettingsError(`${where}: "logo" must be an image file ending in ${LOGO_EXTENSIONS.map((e) => `.${e}`).join(', ')}, not ${JSON.stringify(logo)}`);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(logo) && !/^[a-z]:[\\/]/i.test(logo)) {
      throw new SiteSettingsError(`${where}: "logo" must be a file beside the settings (a path), not a URL: the site serves its own copy, so it loads nothing from elsewhere`);
    }
    settings.logo = logo;
  }
  const home = record['home'];
  if (home !== undefined) {
    const fix = `write e.g. "home": {"url": "https://example.org/", "label": "Example.org"}`;
    if (typeof home !== 'object' || home === null || Array.isArray(home)) throw new SiteSettingsError(`${where}: "home" must be an object; ${fix}`);
    const h = home as Record<string, unknown>;
    for (const key of Object.keys(h)) if (key !== 'url' && key !== 'label') throw new SiteSettingsError(`${where}: unknown setting "home.${key}"; ${fix}`);
    if (h['url'] === undefined || h['label'] === undefined) throw new SiteSettingsError(`${where}: "home" needs both "url" and "label"; ${fix}`);
    const url = text('home.url', h['url'], false);
    if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url) && !/^\/[^\s]*$/.test(url)) {
      throw new SiteSettingsError(`${where}: "home.url" must be an http(s) address or a path starting with "/", not ${JSON.stringify(url)}`);
    }
    settings.home = { url, label: text('home.label', h['label'], false) };
  }
  for (const [key, backgrounds, scheme] of [
    ['accent', LIGHT_BACKGROUNDS, 'light'],
    ['accentDark', DARK_BACKGROUNDS, 'dark'],
  ] as const) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) {
      throw new SiteSettingsError(`${where}: "${key}" must be a colour written "#rrggbb" (or "#rgb"), such as "${scheme === 'light' ? '#0b57d0' : '#8ab4f8'}", not ${JSON.stringify(value)}`);
    }
    const hex = (value.length === 4 ? `#${[...value.slice(1)].map((c) => c + c).join('')}` : value).toLowerCase();
    const worst = Math.min(...backgrounds.map((b) => contrastRatio(hex, b)));
    if (worst < MIN_ACCENT_CONTRAST) {
      throw new SiteSettingsError(
        `${where}: "${key}" ${value} has a contrast of ${worst.toFixed(1)}:1 with the ${scheme} scheme's backgrounds; links need at least ${MIN_ACCENT_CONTRAST}:1 to be readable: choose a ${scheme === 'light' ? 'darker' : 'lighter'} colour`,
      );
    }
    settings[key] = hex;
  }
  const language = record['language'];
  if (language !== undefined) {
    if (typeof language !== 'string' || !Object.hasOwn(UI_STRINGS, language)) {
      throw new SiteSettingsError(`${where}: "language" must be one of ${Object.keys(UI_STRINGS).map((l) => `"${l}"`).join(', ')} (the interface's translations, src/lib/ui-strings.ts), not ${JSON.stringify(language)}`);
    }
    settings.language = language as UiLanguage;
  }
  return settings;
}

/**
 * What the templates show of the settings: the interface's title and footer where none is set.
 *
 * @param settings the checked settings
 * @param logoUrl the logo's URL in the site, when there is one
 */
export function pageSettings(settings: SiteSettings, logoUrl: string | undefined): PageSettings {
  const t = UI_STRINGS[settings.language];
  return {
    title: settings.title ?? t.siteTitle,
    description: settings.description,
    logo: logoUrl,
    home: settings.home,
    footer: settings.footer ?? t.footer,
    language: settings.language,
  };
}
