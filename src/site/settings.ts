/**
 * Finding and reading the site's settings file (`threadline.config.json` beside the archive
 * folder, or the file `--config` names) and the logo it names. The checks are in
 * lib/site-settings.ts; this module reads files and says which one is wrong.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_SITE_SETTINGS, SETTINGS_FILE, SiteSettingsError, readSiteSettings, type SiteSettings } from '../lib/site-settings.ts';

/** A logo larger than this is refused: it would be loaded on every page. */
export const MAX_LOGO_BYTES = 512 * 1024;

/** The settings of a build, and where they came from. */
export interface LoadedSettings {
  settings: SiteSettings;
  /** The settings file read, or undefined when there is none (defaults). */
  file: string | undefined;
  /** The logo's file, resolved beside the settings file. */
  logoFile: string | undefined;
}

/**
 * Read the site's settings: the file given, else `threadline.config.json` in the archive
 * folder's parent when there is one, else the defaults.
 *
 * @param options the archive folder and the file `--config` named, if any
 */
export function loadSiteSettings(options: { archiveDir: string; configFile?: string | undefined }): LoadedSettings {
  let file: string | undefined;
  if (options.configFile !== undefined) {
    file = resolve(options.configFile);
    if (!existsSync(file)) throw new SiteSettingsError(`--config ${options.configFile}: no such file; name the site's settings file, or leave --config out to use ${SETTINGS_FILE} beside the archive folder`);
  } else {
    const beside = join(dirname(resolve(options.archiveDir)), SETTINGS_FILE);
    if (existsSync(beside)) file = beside;
  }
  if (file === undefined) return { settings: DEFAULT_SITE_SETTINGS, file: undefined, logoFile: undefined };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SiteSettingsError(`${file}: not valid JSON (${(error as Error).message}); write an object such as {"title": "Example.org lists"}`);
  }
  const settings = readSiteSettings(raw, file);
  let logoFile: string | undefined;
  if (settings.logo !== undefined) {
    logoFile = isAbsolute(settings.logo) ? settings.logo : resolve(dirname(file), settings.logo);
    const info = existsSync(logoFile) ? statSync(logoFile) : undefined;
    if (!info?.isFile()) throw new SiteSettingsError(`${file}: "logo" names ${logoFile}, which is not a file; give the image's path, relative to the settings file`);
    if (info.size > MAX_LOGO_BYTES) {
      throw new SiteSettingsError(`${file}: "logo" ${logoFile} has ${info.size} bytes; every page loads it, so use an image of at most ${MAX_LOGO_BYTES / 1024} KB`);
    }
  }
  return { settings, file, logoFile };
}
