/**
 * The command line: `threadline import | build | verify | check`. Thin: the work is in src/.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { counted, formatReport, formatWarning, progressLine } from '../src/import/report.ts';
import { ImportError, type ImportProgress } from '../src/import/import.ts';
import { checkFiles } from '../src/import/check.ts';
import { ListConfigError } from '../src/lib/list-config.ts';
import { Store, StoreError } from '../src/store/store.ts';

const USAGE = `Usage:
  threadline import [--archive DIR] [--store DIR] [--jobs N]
      Read every list under DIR (default: archive/): parse new mail (a file that grew is read
      from where it ended), index each list, and write the store (default: .threadline/) and
      its report.json.
  threadline build [--archive DIR] [--store DIR] [--out DIR] [--base PATH] [--site URL] [--config FILE] [--relative] [--jobs N] [--clean]
      Import, then update the static site in --out (default: dist/): only files whose content
      changed are written, files that no longer belong are removed. --clean empties the folder
      and writes everything. The site is served under --base (default: /) at --site (the public
      origin, used for absolute URLs in sitemap.xml). --config names the site's settings (title,
      logo, footer, accent colour, language; default: threadline.config.json beside DIR).
      --relative writes links relative to each page, so the site opens from a folder or a USB
      stick (file://) without a server; search and lookup by Message-ID need a server.
  threadline verify [DIST] [--store DIR] [--base PATH]
      Check a built site (default: dist/) against the store: every message has its page and its
      complete raw file, every internal link resolves, every index lists each message once.
      --base defaults to the base the site was built with (from the store's report.json).
  threadline check FILE...
      Parse mbox files without importing them and print every warning.
  threadline migrate-mhonarc OLD_DIR --list NAME [--prefix PATH] [--archive DIR]
      Read an MHonArc archive (msgNNNNN.html, maillist.html, threads.html, mailN.html, thrdN.html,
      in OLD_DIR and its folders) and record which message or index each page showed in
      DIR/NAME/mhonarc-redirects.json. Every build then writes a redirect page at each old path
      (under PATH, default NAME, relative to --base), _redirects and nginx-redirects.map.
`;

/** Errors the user can fix get their message printed; anything else is a bug and gets a stack. */
function isUserError(error: unknown): error is Error {
  return (
    error instanceof ImportError ||
    error instanceof ListConfigError ||
    error instanceof StoreError ||
    (error instanceof Error && ['UsageError', 'SiteOptionError', 'SiteSettingsError', 'TemplateError', 'RedirectMapError'].includes(error.name))
  );
}

function usageError(message: string): Error {
  const error = new Error(`${message}\n\n${USAGE}`);
  error.name = 'UsageError';
  return error;
}

function jobsOf(value: string | undefined): number | undefined {
  const jobs = value === undefined ? undefined : Number(value);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 0)) throw usageError(`--jobs must be a whole number ≥ 0, not "${value}"`);
  return jobs;
}

/** Shows import progress on a terminal. */
function progress(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  return (p) => {
    if (!tty || p.elapsedMs - lastDraw < 200) return;
    lastDraw = p.elapsedMs;
    process.stderr.write(`\r\u001b[2K${progressLine(p)}`);
  };
}

function clearProgress(): void {
  if (process.stderr.isTTY === true) process.stderr.write('\r\u001b[2K');
}

async function runVerify(values: { store?: string; base?: string }, positionals: string[]): Promise<number> {
  if (positionals.length > 1) throw usageError('verify takes one site folder');
  const { normalizeBase } = await import('../src/site/build.ts');
  const { MAX_PROBLEMS_LISTED, verifySite } = await import('../src/site/verify.ts');
  const outDir = resolve(positionals[0] ?? 'dist');
  const store = new Store(resolve(values.store ?? '.threadline'));
  if (!existsSync(join(outDir, 'index.html'))) throw usageError(`no built site in ${outDir}: run "threadline build" first, or name the site folder`);
  if (!store.exists()) throw usageError(`no store in ${store.dir}: pass the --store the site was built from`);
  let base = values.base;
  if (base === undefined) {
    const report = await store.readReport<{ site?: { outDir: string; base?: string } }>();
    base = report?.site?.outDir === outDir ? report.site.base : undefined;
  }
  const result = await verifySite({ store, outDir, base: normalizeBase(base ?? '/') });
  for (const problem of result.problems.slice(0, MAX_PROBLEMS_LISTED)) process.stdout.write(`${problem}\n`);
  if (result.problems.length > MAX_PROBLEMS_LISTED) process.stdout.write(`… and ${counted(result.problems.length - MAX_PROBLEMS_LISTED, 'more problem')}\n`);
  process.stdout.write(
    `${result.problems.length === 0 ? 'verified' : 'NOT verified'}: ${counted(result.messages, 'message')} from ${counted(result.files.length, 'file')}, ` +
      `${counted(result.pages, 'page')}, ${counted(result.links, 'internal link')}; ${counted(result.problems.length, 'problem')}\n`,
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
      allowPositionals: command === 'check' || command === 'verify' || command === 'migrate-mhonarc',
      options: {
        archive: { type: 'string' },
        store: { type: 'string' },
        out: { type: 'string' },
        base: { type: 'string' },
        site: { type: 'string' },
        config: { type: 'string' },
        jobs: { type: 'string' },
        clean: { type: 'boolean' },
        relative: { type: 'boolean' },
        list: { type: 'string' },
        prefix: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help || command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    switch (command) {
      case 'import': {
        const { importArchive } = await import('../src/import/archive-import.ts');
        const jobs = jobsOf(values.jobs);
        const store = new Store(resolve(values.store ?? '.threadline'));
        const unlock = store.lock();
        try {
          const { report } = await importArchive({ archiveDir: resolve(values.archive ?? 'archive'), store, ...(jobs === undefined ? {} : { jobs }), onProgress: progress() });
          clearProgress();
          await store.writeReport(report);
          process.stdout.write(formatReport(report));
        } finally {
          unlock();
        }
        return 0;
      }
      case 'build': {
        const { buildSite, normalizeBase } = await import('../src/site/build.ts');
        const base = normalizeBase(values.base ?? '/'); // fail before a long import, not after
        const jobs = jobsOf(values.jobs);
        const out = resolve(values.out ?? 'dist');
        const built = await buildSite({
          archiveDir: resolve(values.archive ?? 'archive'),
          storeDir: resolve(values.store ?? '.threadline'),
          outDir: out,
          base,
          site: values.site,
          config: values.config,
          relative: values.relative === true,
          clean: values.clean === true,
          ...(jobs === undefined ? {} : { jobs }),
          onProgress: progress(),
        });
        clearProgress();
        process.stdout.write(formatReport(built.import));
        const s = built.site;
        const f = s.files;
        process.stdout.write(
          `site ${s.clean ? 'written' : 'updated'} in ${out} in ${(s.elapsedMs / 1000).toFixed(1)} s: ${counted(s.written, 'file')} written, ${s.unchanged} unchanged, ${s.removed} removed ` +
            `(${counted(f.message, 'message page')}, ${counted(f.thread, 'thread')}, ${f.month} date and ${counted(f.monthThreads, 'thread index', 'thread indexes')}, ${f.raw} raw, ${counted(f.attachment, 'attachment')}${f.patches > 0 ? `, ${counted(f.patches, 'patch series file')}` : ''}); ` +
            `lists of what changed: ${s.writtenList}, ${s.removedList}\n`,
        );
        const r = s.redirects;
        if (r.written > 0 || r.skipped.length > 0) {
          process.stdout.write(`redirects from old URLs: ${r.written} (${r.unresolved} to a list's home: their message is not in the archive), ${r.skipped.length} skipped\n`);
          for (const skipped of r.skipped.slice(0, 20)) process.stdout.write(`  skipped ${skipped}\n`);
        }
        return 0;
      }
      case 'migrate-mhonarc': {
        if (positionals.length !== 1 || values.list === undefined) throw usageError('migrate-mhonarc takes the old archive folder and --list NAME');
        const { migrateMhonarc } = await import('../src/site/migrate.ts');
        const result = await migrateMhonarc({ oldDir: resolve(positionals[0]!), archiveDir: resolve(values.archive ?? 'archive'), list: values.list, prefix: values.prefix });
        process.stdout.write(
          `${result.messages} message pages (${result.withoutId} without a Message-ID) and ${result.indexes} index pages recorded in ${result.file}; ` +
            `${result.skipped.length} skipped. "threadline build" writes the redirects.\n`,
        );
        for (const skipped of result.skipped.slice(0, 20)) process.stdout.write(`  skipped ${skipped}\n`);
        return 0;
      }
      case 'verify':
        return await runVerify(values, positionals);
      case 'check': {
        if (positionals.length === 0) throw usageError('check needs at least one mbox file');
        const result = await checkFiles(positionals.map((f) => resolve(f)));
        for (const w of result.warnings) process.stdout.write(`${formatWarning(w)}\n`);
        process.stdout.write(
          `${counted(result.messages, 'message')} in ${counted(result.files, 'file')}, ${counted(result.warnings.length, 'warning')}, ${counted(result.errors, 'unreadable file')}\n`,
        );
        return result.errors > 0 ? 1 : 0;
      }
      default:
        throw usageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (isUserError(error)) {
      process.stderr.write(`threadline: ${(error as Error).message}\n`);
      return 2;
    }
    // An option unknown, without its value, or with a value that looks like an option (`--jobs -1`).
    if (String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_')) {
      process.stderr.write(`threadline: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
