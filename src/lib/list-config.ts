/**
 * A list's settings (`archive/<list>/list.json`): checked strictly, since an admin wrote them.
 */
import { normalizeMessageId } from './message-id.ts';
import { paths } from './urls.ts';

/** How addresses are shown: `full` hides the domain (`name@xxxxxxx`), `domain` shows `name@…`, `none` shows all. */
export type Obfuscation = 'full' | 'domain' | 'none';

/** The settings of one list, defaults filled in. */
export interface ListConfig {
  /** The list's folder name: its URL segment. */
  name: string;
  title: string;
  description: string;
  /** The list's posting address, if it is to be shown. */
  address: string;
  obfuscation: Obfuscation;
  /** Minutes detection overrides: extra subject patterns, and Message-IDs forced on or off. */
  minutes: { subjects: string[]; force: Record<string, boolean> };
  /** How to subscribe: a `mailto:` or web address, shown on the list's home page; empty for none. */
  subscribe: string;
  /** How to unsubscribe, as `subscribe`. */
  unsubscribe: string;
  /** The list's own web page (information, options, other archives); empty for none. */
  url: string;
  /** Messages taken off the site (spam, legal or privacy requests): Message-ID → the reason shown. */
  remove: Record<string, string>;
  /** When a patch series counts as lost: days without an answer, days reviewed but not reported applied. */
  patches: { unansweredDays: number; unappliedDays: number };
}

/** Thrown for a bad `list.json`; the message says which file, which field, and how to fix it. */
export class ListConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListConfigError';
  }
}

/** A list folder name must be a safe URL segment and file name. */
export const LIST_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * What of the site's own a list folder's name would take the place of: a list's pages are at
 * `<name>/`, beside the search page (`search/`), the Message-ID lookup (`id/`), the home and
 * not-found pages, the sitemap and the icon (the files of `public/`). A list named `search` wrote
 * its home page over the search page, and the report counted its pages as the search index's.
 *
 * @param name a list folder's name
 * @returns what the site has under that name, or undefined
 */
export function siteNameTaken(name: string): string | undefined {
  // A list's home, `<name>/`, is where these pages are.
  if (`${name}/` === paths.search()) return 'search page';
  if (`${name}/` === paths.lookup()) return 'Message-ID lookup page';
  if (name === 'index.html') return 'home page';
  if (name === '404.html') return 'not-found page';
  if (/^sitemap(?:-\d+)?\.xml$/.test(name)) return 'sitemap';
  if (name === 'favicon.svg') return 'icon';
  return undefined;
}

const KNOWN_KEYS = new Set(['title', 'description', 'address', 'obfuscation', 'minutes', 'subscribe', 'unsubscribe', 'url', 'remove', 'patches']);

/** A reason for removing a message is shown on its page: one line of at most this many characters. */
export const MAX_REMOVE_REASON_CHARS = 200;

// An address as an admin writes one: no spaces, brackets or quotes, one `@` with a dotted domain.
const PLAIN_ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

/**
 * A subscribe or unsubscribe setting as a link: a bare address becomes `mailto:`, a `mailto:` or
 * http(s) address is kept; anything else (a `javascript:` URL, a relative path) is refused.
 */
function linkSetting(value: string, key: string, where: string): string {
  if (PLAIN_ADDRESS.test(value)) return `mailto:${value}`;
  const mailto = /^mailto:([^?\s<>"]+)(\?[^\s<>"]*)?$/i.exec(value);
  if (mailto && PLAIN_ADDRESS.test(mailto[1]!)) return value;
  if (/^https?:\/\/[^\s<>"/?#]+(?:[/?#][^\s<>"]*)?$/i.test(value)) return value;
  throw new ListConfigError(`${where}: "${key}" must be an address (list-subscribe@example.org), a mailto: link or an http(s) address, not ${JSON.stringify(value)}`);
}


/** Days a series waits before it is listed as lost, unless `list.json` says otherwise. */
export const DEFAULT_LOST_DAYS = { unansweredDays: 14, unappliedDays: 60 } as const;
/** The longest wait a list may set (about thirty years): a bigger number is a typo. */
export const MAX_LOST_DAYS = 10_000;

/** A list.json key that names one Message-ID, in angle brackets or without. */
const ONE_MESSAGE_ID = /^\s*(?:<[^<>\s]+>|[^<>\s]+)\s*$/;

/**
 * A setting's values by the Message-ID each key names, kept without angle brackets as the archive
 * keeps ids. A key that is not one Message-ID (none, more than one, words around it), or an id
 * named twice, is refused: `bad` makes the error from what is wrong.
 *
 * @param entries the setting's keys, as list.json writes them, and values
 * @param bad makes the error for a key
 */
function byMessageId<T>(entries: readonly [string, T][], bad: (what: string) => Error): Record<string, T> {
  const ids = new Map<string, T>();
  for (const [key, value] of entries) {
    const id = ONE_MESSAGE_ID.test(key) ? normalizeMessageId(key) : undefined;
    if (id === undefined) throw bad(`names ${JSON.stringify(key)}, which is not one Message-ID`);
    if (ids.has(id)) throw bad(`names <${id}> twice`);
    ids.set(id, value);
  }
  // Object.fromEntries defines each key: an id of `__proto__` stays a key, not the prototype.
  return Object.fromEntries(ids);
}

/**
 * Check a list's name and parsed `list.json` and fill in defaults.
 *
 * @param name the list folder's name
 * @param raw the parsed JSON, or undefined when the list has no `list.json`
 * @param where the file's path, for error messages
 */
export function readListConfig(name: string, raw: unknown, where: string): ListConfig {
  if (!LIST_NAME.test(name)) {
    throw new ListConfigError(
      `archive folder "${name}" is not a valid list name: use lower-case letters, digits, ".", "_" and "-" (it becomes part of every URL), and rename the folder`,
    );
  }
  const taken = siteNameTaken(name);
  if (taken !== undefined) {
    throw new ListConfigError(`archive folder "${name}" has the name of the site's ${taken}, which the list's pages would replace: rename the folder, such as to "${name}-list"`);
  }
  const config: ListConfig = { name, title: name, description: '', address: '', obfuscation: 'full', minutes: { subjects: [], force: {} }, subscribe: '', unsubscribe: '', url: '', remove: {}, patches: { ...DEFAULT_LOST_DAYS } };
  if (raw === undefined) return config;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ListConfigError(`${where}: must hold a JSON object such as {"title": "…", "obfuscation": "full"}`);
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new ListConfigError(`${where}: unknown setting "${key}"; the settings are ${[...KNOWN_KEYS].join(', ')}`);
    }
  }
  for (const key of ['title', 'description', 'address'] as const) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new ListConfigError(`${where}: "${key}" must be a string`);
    // The title heads every page and names the list in every page title and link to it.
    if (key === 'title' && (value.trim() === '' || /[\u0000-\u001f\u007f]/.test(value))) {
      throw new ListConfigError(`${where}: "title" must be one line of text, such as "Developers' list", not ${JSON.stringify(value)}; leave it out to use the folder's name`);
    }
    config[key] = value;
  }
  // The posting address goes into every Reply link: a typo there would send replies nowhere.
  if (config.address !== '' && !PLAIN_ADDRESS.test(config.address)) {
    throw new ListConfigError(`${where}: "address" must be the list's posting address, such as "dev@lists.example.org", not ${JSON.stringify(config.address)}`);
  }
  for (const key of ['subscribe', 'unsubscribe', 'url'] as const) {
    const value = record[key];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw new ListConfigError(`${where}: "${key}" must be a string`);
    if (key === 'url' && !/^https?:\/\/[^\s<>"/?#]+(?:[/?#][^\s<>"]*)?$/i.test(value)) {
      throw new ListConfigError(`${where}: "url" must be an http(s) address such as "https://lists.example.org/listinfo/dev", not ${JSON.stringify(value)}`);
    }
    config[key] = key === 'url' ? value : linkSetting(value, key, where);
  }
  const remove = record['remove'];
  if (remove !== undefined) {
    const bad = (what: string) => new ListConfigError(`${where}: "remove" ${what}; write e.g. {"remove": {"<message-id@example.org>": "spam"}}`);
    if (typeof remove !== 'object' || remove === null || Array.isArray(remove)) throw bad('must map Message-IDs to reasons');
    const reasons = Object.entries(remove).map(([id, reason]): [string, string] => {
      if (typeof reason !== 'string' || reason.trim() === '') throw bad(`needs a reason for ${JSON.stringify(id)}`);
      if (reason.length > MAX_REMOVE_REASON_CHARS || /[\u0000-\u001f\u007f]/.test(reason)) throw bad(`has a reason for ${JSON.stringify(id)} that is not one line of at most ${MAX_REMOVE_REASON_CHARS} characters`);
      return [id, reason.trim()];
    });
    config.remove = byMessageId(reasons, bad);
  }
  const obfuscation = record['obfuscation'];
  if (obfuscation !== undefined) {
    if (obfuscation !== 'full' && obfuscation !== 'domain' && obfuscation !== 'none') {
      throw new ListConfigError(`${where}: "obfuscation" must be "full", "domain" or "none", not ${JSON.stringify(obfuscation)}`);
    }
    config.obfuscation = obfuscation;
  }
  const minutes = record['minutes'];
  if (minutes !== undefined) {
    const m = minutes as Record<string, unknown>;
    const bad = (field: string, what: string) => new ListConfigError(`${where}: "minutes${field}" ${what}; write e.g. {"minutes": {"subjects": ["weekly sync"], "force": {"<message-id>": true}}}`);
    if (typeof minutes !== 'object' || minutes === null || Array.isArray(minutes)) throw bad('', 'must be an object');
    const subjects = m['subjects'] ?? [];
    if (!Array.isArray(subjects) || subjects.some((s) => typeof s !== 'string')) throw bad('.subjects', 'must be a list of patterns');
    for (const pattern of subjects as string[]) {
      try {
        new RegExp(pattern, 'i');
      } catch {
        throw bad('.subjects', `has a pattern that is not a regular expression: ${JSON.stringify(pattern)}`);
      }
    }
    const force = m['force'] ?? {};
    if (typeof force !== 'object' || force === null || Array.isArray(force) || Object.values(force).some((v) => typeof v !== 'boolean')) {
      throw bad('.force', 'must map Message-IDs to true or false');
    }
    config.minutes = { subjects: subjects as string[], force: byMessageId(Object.entries(force as Record<string, boolean>), (what) => bad('.force', what)) };
  }
  const patches = record['patches'];
  if (patches !== undefined) {
    const bad = (field: string, what: string) => new ListConfigError(`${where}: "patches${field}" ${what}; write e.g. {"patches": {"unansweredDays": 14, "unappliedDays": 60}}`);
    if (typeof patches !== 'object' || patches === null || Array.isArray(patches)) throw bad('', 'must be an object');
    for (const key of Object.keys(patches)) {
      if (key !== 'unansweredDays' && key !== 'unappliedDays') throw bad('', `has an unknown setting "${key}"`);
      const value = (patches as Record<string, unknown>)[key];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LOST_DAYS) throw bad(`.${key}`, `must be a whole number of days from 0 to ${MAX_LOST_DAYS}`);
      config.patches[key] = value;
    }
  }
  return config;
}
