/**
 * The sites the browser and link tests use, built by global-setup.ts.
 */
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORK = `${ROOT}test-results/e2e`;

/** A built test site. */
export interface TestSite {
  archive: string;
  work: string;
  store: string;
  out: string;
  base: string;
}

function site(name: string, base: string): TestSite {
  return { archive: `${ROOT}archive`, work: `${WORK}/${name}`, store: `${WORK}/${name}/store`, out: `${WORK}/${name}/dist`, base };
}

/** The sample archive at `/` and under `/archives/`. */
export const SITES = {
  root: site('root', '/'),
  based: site('based', '/archives/'),
} as const;
