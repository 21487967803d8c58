/**
 * A list's settings (`archive/<list>/list.json`): checked strictly, since an admin wrote them.
 */

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

const KNOWN_KEYS = new Set(['title', 'description', 'address', 'obfuscation']);

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
  const config: ListConfig = { name, title: name, description: '', address: '', obfuscation: 'full' };
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
    config[key] = value;
  }
  const obfuscation = record['obfuscation'];
  if (obfuscation !== undefined) {
    if (obfuscation !== 'full' && obfuscation !== 'domain' && obfuscation !== 'none') {
      throw new ListConfigError(`${where}: "obfuscation" must be "full", "domain" or "none", not ${JSON.stringify(obfuscation)}`);
    }
    config.obfuscation = obfuscation;
  }
  return config;
}
