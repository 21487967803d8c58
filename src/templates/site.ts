/**
 * The site's settings and the interface's strings in its language, as every template sees them:
 * compiled into the render module (see site/compile.ts), like the base path.
 */
// @ts-expect-error a module of the render module's build (see compile.ts)
import compiled from 'threadline:settings';
import type { PageSettings } from '../lib/site-settings.ts';
import { UI_STRINGS, type UiStrings } from '../lib/ui-strings.ts';

/** The settings the pages show. */
export const site = compiled as PageSettings;

/** The interface's words in the site's language. */
export const t: UiStrings = UI_STRINGS[site.language];
