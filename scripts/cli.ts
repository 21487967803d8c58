/**
 * The command line: `threadline import | build | verify | check`. Thin: the work is in src/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, formatWarning, progressLine } from '../src/store/report.ts';
import { ImportError, importArchive, type ImportReport } from '../src/store/import.ts';
import { checkFiles } from '../src/store/check.ts';
import { ListConfigError } from '../src/lib/list-config.ts';

const USAGE = `Usage:
  threadline import [--archive DIR] [--store DIR] [--jobs N]
      Read every list under DIR (default: archive/), parse new or changed mbox files,
      thread them, and write the store (default: .threadline/) and its report.json.
  threadline build [--archive DIR] [--store DIR] [--out DIR] [--base PATH] [--site URL] [--jobs N]
      Import, then build the static site into --out (default: dist/), to be served under
      --base (default: /) at --site (the public origin, used for absolute URLs in sitemap.xml).
  threadline verify [DIST] [--store DIR] [--base PATH]
      Check a built site (default: dist/) against the store: every message has its page and its
      complete raw file, every internal link resolves, every index lists each message once.
      --base defaults to the base the site was built with (from the store's report.json).
  threadline check FILE...
      Parse mbox files without importing them and print every warning.
`;

/** Errors the user can fix get their message printed; anything else is a bug and gets a stack. */
function isUserError(error: unknown): error is Error {
  return (
    error instanceof ImportError ||
    error instanceof ListConfigError ||
    (error instanceof Error && (error.name === 'UsageError' || error.name === 'SiteOptionError'))
  );
}

function usageError(message: string): Error {
  const error = new Error(`${message}\n\n${USAGE}`);
  error.name = 'UsageError';
  return error;
}

async function runImport(values: { archive?: string; store?: string; jobs?: string }, onPlanned?: () => void): Promise<ImportReport> {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 0)) throw usageError(`--jobs must be a whole number ≥ 0, not "${values.jobs}"`);
  const report = await importArchive({
    archiveDir: resolve(values.archive ?? 'archive'),
    storeDir: resolve(values.store ?? '.threadline'),
    ...(jobs === undefined ? {} : { jobs }),
    ...(onPlanned === undefined ? {} : { onPlanned }),
    onProgress: (p) => {
      if (!tty || p.elapsedMs - lastDraw < 200) return;
      lastDraw = p.elapsedMs;
      process.stderr.write(`\r\u001b[2K${progressLine(p)}`);
    },
  });
  if (tty) process.stderr.write('\r\u001b[2K');
  process.stdout.write(formatReport(report));
  return report;
}

async function runVerify(values: { store?: string; base?: string }, positionals: string[]): Promise<number> {
  if (positionals.length > 1) throw usageError('verify takes one site folder');
  const { normalizeBase } = await import('../src/store/site-build.ts');
  const { MAX_PROBLEMS_LISTED, verifySite } = await import('../src/store/verify.ts');
  const outDir = resolve(positionals[0] ?? 'dist');
  const storeDir = resolve(values.store ?? '.threadline');
  if (!existsSync(join(outDir, 'index.html'))) throw usageError(`no built site in ${outDir}: run "threadline build" first, or name the site folder`);
  if (!existsSync(join(storeDir, 'store', 'lists.json'))) throw usageError(`no store in ${storeDir}: pass the --store the site was built from`);
  let base = values.base;
  if (base === undefined) {
    const report = JSON.parse(readFileSync(join(storeDir, 'report.json'), 'utf8')) as { site?: { outDir: string; base?: string } };
    base = report.site?.outDir === outDir ? report.site.base : undefined;
  }
  const result = await verifySite({ storeDir, outDir, base: normalizeBase(base ?? '/') });
  for (const problem of result.problems.slice(0, MAX_PROBLEMS_LISTED)) process.stdout.write(`${problem}\n`);
  if (result.problems.length > MAX_PROBLEMS_LISTED) process.stdout.write(`… and ${result.problems.length - MAX_PROBLEMS_LISTED} more problems\n`);
  process.stdout.write(
    `${result.problems.length === 0 ? 'verified' : 'NOT verified'}: ${result.messages} messages from ${result.files.length} files, ` +
      `${result.pages} pages, ${result.links} internal links; ${result.problems.length} problems\n`,
  );
  return result.problems.length === 0 ? 0 : 1;
}

/**
 * Run the CLI.
 *
 * @param argv the arguments after the program name
 * @returns the exit code
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: command === 'check' || command === 'verify',
      options: {
        archive: { type: 'string' },
        store: { type: 'string' },
        out: { type: 'string' },
        base: { type: 'string' },
        site: { type: 'string' },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    switch (command) {
      case 'import':
        await runImport(values);
        return 0;
      case 'build': {
        const { buildSite, normalizeBase } = await import('../src/store/site-build.ts');
        normalizeBase(values.base ?? '/'); // fail before a long import, not after
        const out = resolve(values.out ?? 'dist');
        const storeDir = resolve(values.store ?? '.threadline');
        // Astro compiles the site while the import runs; pages render once the store is written.
        // A bad archive or list.json is reported before Astro starts.
        let imported = performance.now();
        let planned = (): void => {};
        const importPlanned = new Promise<void>((resolve) => (planned = resolve));
        const importing = runImport(values, planned).then(() => void (imported = performance.now()));
        importing.catch(() => {}); // buildSite rethrows it
        await Promise.race([importPlanned, importing]);
        const built = await buildSite({
          storeDir,
          outDir: out,
          base: values.base ?? '/',
          ...(values.site === undefined ? {} : { site: values.site }),
          storeReady: importing,
        });
        const { reportSite } = await import('../src/store/site-report.ts');
        const site = await reportSite(storeDir, out, normalizeBase(values.base ?? '/'), performance.now() - imported, built.searchMs, built.searchCpuMs);
        const p = site.pages;
        process.stdout.write(
          `site written to ${out} in ${(site.elapsedMs / 1000).toFixed(1)} s: ${p.message} message pages, ${p.raw} raw, ` +
            `${p.thread} threads, ${p.month} date and ${p.monthThreads} thread indexes, ${p.attachment} attachments; ` +
            `search index ${(site.searchMs / 1000).toFixed(1)} s on a second thread\n`,
        );
        if (site.missingMessagePages.length > 0) {
          process.stderr.write(`threadline: ${site.missingMessagePages.length} imported messages have no page:\n${site.missingMessagePages.slice(0, 20).join('\n')}\n`);
          return 1;
        }
        return 0;
      }
      case 'verify':
        return await runVerify(values, positionals);
      case 'check': {
        if (positionals.length === 0) throw usageError('check needs at least one mbox file');
        const result = await checkFiles(positionals.map((f) => resolve(f)));
        for (const w of result.warnings) process.stdout.write(`${formatWarning(w)}\n`);
        process.stdout.write(`${result.messages} messages in ${result.files} files, ${result.warnings.length} warnings, ${result.errors} unreadable files\n`);
        return result.errors > 0 ? 1 : 0;
      }
      default:
        throw usageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (isUserError(error) || (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`threadline: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
