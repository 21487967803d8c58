/**
 * Compiling the site's templates once per change of Threadline's code: the Astro components under
 * src/templates become one ES module (the render module) that renders pages through Astro's
 * container API, and what the browser loads (the stylesheet, the components' scripts, public/)
 * becomes fingerprinted files under `_astro/`.
 *
 * Astro's own `astro build` would compile the same components, but only as part of a build of
 * every page, seconds before the first page; a site that gains a day of mail must render a few
 * hundred pages in about as long. So the components are compiled by Astro's compiler
 * (`@astrojs/compiler`, as Astro's Vite plugin calls it) inside an esbuild bundle, and cached by a
 * hash of every source file and of the options that shape pages (`siteKey`): that hash is also
 * part of every page's key, so a change of template, style or code re-renders every page.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILE_CACHE, THREADLINE_ROOT, pruneCompiled, sourceFiles, sourcesKey } from '../compiled.ts';
import { DEFAULT_SITE_SETTINGS, pageSettings, type SiteSettings } from '../lib/site-settings.ts';

/** What shapes every page besides the archive: where the site is served, and its settings. */
export interface SiteOptions {
  /** The base path, `/` or `/archives/`. */
  base: string;
  /** The public origin, `https://lists.example.org`, or undefined. */
  site: string | undefined;
  /** The site's settings (threadline.config.json); the defaults when undefined. */
  settings?: SiteSettings | undefined;
  /** The logo's file, resolved from the settings (see settings.ts). */
  logoFile?: string | undefined;
}

/** A compiled site. */
export interface CompiledSite {
  /** The hash of the sources and options (see `siteKey`). */
  key: string;
  /** The render module's path (see render-entry.ts). */
  renderModule: string;
  /** Files the site serves as they are: site path → file in the cache. */
  assets: { path: string; file: string }[];
}

/**
 * The key of the site's code and options: a hash of every source file (templates, styles,
 * scripts, the TypeScript that renders pages), the dependency lock, and the base and origin.
 * Reading about a hundred small files takes milliseconds, so a build that renders nothing knows
 * whether anything must be rendered without compiling.
 *
 * @param options where the site is served
 */
export function siteKey(options: SiteOptions): string {
  const hash = createHash('sha256').update(`${sourcesKey()}\u0000${options.base}\u0000${options.site ?? ''}`);
  // The settings show on every page (title, footer, language, accent), so they are part of the
  // compiled site, as the base is: a change of them re-renders every page, and nothing else does.
  hash.update(`\u0000${JSON.stringify(options.settings ?? DEFAULT_SITE_SETTINGS)}`);
  if (options.logoFile !== undefined) hash.update('\u0000').update(readFileSync(options.logoFile));
  return hash.digest('hex').slice(0, 20);
}

/**
 * The rules the settings add to the stylesheet: the accent colour of each scheme. A rule in a
 * file, not in the page: the Content-Security-Policy allows styles from the site's files only.
 *
 * @param settings the site's settings
 */
export function themeCss(settings: SiteSettings): string {
  let css = '';
  if (settings.accent !== undefined) css += `\n@media (prefers-color-scheme: light) {\n  :root { --link: ${settings.accent}; --brand: ${settings.accent}; }\n}\n`;
  if (settings.accentDark !== undefined) css += `\n@media (prefers-color-scheme: dark) {\n  :root { --link: ${settings.accentDark}; --brand: ${settings.accentDark}; }\n}\n`;
  return css;
}

/** Thrown when a template cannot be compiled; the message names the file and what to change. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

interface CompiledComponent {
  code: string;
  /** Inline scripts of the component, by the id the compiled code renders them with. */
  scripts: { id: string; code: string; dir: string; name: string }[];
}

const SCRIPT_ID = (file: string, index: number) => `${file}?astro&type=script&index=${index}&lang.ts`;

async function compileComponent(file: string, runtime: string): Promise<CompiledComponent> {
  const { transform } = await import('@astrojs/compiler');
  const source = await readFile(file, 'utf8');
  const result = await transform(source, {
    filename: file,
    normalizedFilename: `/${relative(THREADLINE_ROOT, file).split(sep).join('/')}`,
    internalURL: runtime,
    compact: true,
    resultScopedSlot: true,
    renderScript: true,
    sourcemap: false,
  });
  const error = result.diagnostics.find((d) => d.severity === 1);
  if (error) throw new TemplateError(`${file}:${error.location.line}:${error.location.column}: ${error.text}`);
  if (result.css.length > 0) {
    // Scoped styles would need a stylesheet per page; the site has one, linked by the layout.
    throw new TemplateError(`${file}: has a <style> block; put its rules in src/styles/site.css, the site's one stylesheet`);
  }
  const scripts = result.scripts.map((s, index) => {
    if (s.type !== 'inline') throw new TemplateError(`${file}: script ${index + 1} is external; import the module inside a <script> instead`);
    return { id: SCRIPT_ID(file, index), code: s.code, dir: dirname(file), name: `${basename(file, '.astro')}${index > 0 ? `-${index}` : ''}` };
  });
  // The metadata statement imports the modules of hoisted scripts, which are browser code: the
  // render module never runs them, so they are not bundled into it.
  const code = result.code.replace(/^import \* as (\$\$module\d+) from ('[^']*'|"[^"]*");$/gm, (line, name: string, spec: string) =>
    /\.astro['"]$/.test(spec) ? line : `const ${name} = {};`,
  );
  return { code, scripts };
}

function astroFiles(): string[] {
  return sourceFiles().filter((f) => f.endsWith('.astro'));
}

/**
 * Compile the site for the given options, or return the copy compiled before for the same key.
 *
 * @param options where the site is served
 */
export async function compileSite(options: SiteOptions): Promise<CompiledSite> {
  const key = siteKey(options);
  const dir = join(COMPILE_CACHE, `site-${key}`);
  const done = join(dir, 'site.json');
  if (existsSync(done)) return JSON.parse(await readFile(done, 'utf8')) as CompiledSite;

  const { build, transform } = await import('esbuild');
  const settings = options.settings ?? DEFAULT_SITE_SETTINGS;
  const work = `${dir}.${process.pid}.tmp`;
  await rm(work, { recursive: true, force: true });
  const assetsDir = join(work, 'assets');
  const runtime = fileURLToPath(new URL('./astro-runtime.ts', import.meta.url));

  // 1. Every component, compiled once: the scripts they render are the browser's entry points.
  const components = new Map<string, CompiledComponent>();
  for (const file of astroFiles()) components.set(file, await compileComponent(file, runtime));
  const scripts = [...components.values()].flatMap((c) => c.scripts);
  const stylesheets = new Set<string>();
  for (const [file, c] of components) {
    for (const m of c.code.matchAll(/from ['"]([^'"]+\.css)\?url['"]/g)) stylesheets.add(join(dirname(file), m[1]!));
  }

  // 2. The browser's files: scripts (with shared chunks) and stylesheets, named by content.
  const client = await build({
    entryPoints: [...scripts.map((s) => ({ in: `threadline-script:${s.id}`, out: s.name })), ...[...stylesheets].map((f) => ({ in: f, out: basename(f, '.css') }))],
    outdir: join(assetsDir, '_astro'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    entryNames: '[name].[hash]',
    chunkNames: 'chunk.[hash]',
    assetNames: '[name].[hash]',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'threadline-theme',
        setup(b) {
          b.onLoad({ filter: /\.css$/ }, async (args) => ({ contents: (await readFile(args.path, 'utf8')) + themeCss(settings), loader: 'css' }));
        },
      },
      {
        name: 'threadline-scripts',
        setup(b) {
          b.onResolve({ filter: /^threadline-script:/ }, (args) => ({ path: args.path.slice('threadline-script:'.length), namespace: 'threadline-script' }));
          b.onLoad({ filter: /.*/, namespace: 'threadline-script' }, (args) => {
            const script = scripts.find((s) => s.id === args.path)!;
            return { contents: script.code, loader: 'ts', resolveDir: script.dir };
          });
        },
      },
    ],
  });
  const base = options.base;
  const assetUrl = (outFile: string) => `${base}${relative(assetsDir, outFile).split(sep).join('/')}`;
  const scriptUrls: Record<string, string> = {};
  const cssUrls: Record<string, string> = {};
  for (const [out, meta] of Object.entries(client.metafile!.outputs)) {
    const abs = join(process.cwd(), out);
    if (meta.entryPoint?.startsWith('threadline-script:')) scriptUrls[meta.entryPoint.slice('threadline-script:'.length)] = assetUrl(abs);
    else if (meta.entryPoint !== undefined && out.endsWith('.css')) cssUrls[join(process.cwd(), meta.entryPoint)] = assetUrl(abs);
  }

  // The logo, named by its content like the other files under _astro/.
  let logoUrl: string | undefined;
  if (options.logoFile !== undefined) {
    const bytes = await readFile(options.logoFile);
    const name = `logo.${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}${extname(options.logoFile).toLowerCase()}`;
    await writeFile(join(assetsDir, '_astro', name), bytes);
    logoUrl = assetUrl(join(assetsDir, '_astro', name));
  }
  const shown = pageSettings(settings, logoUrl);

  // 3. The render module: the components, Astro's runtime and the code that renders pages.
  const render = await build({
    entryPoints: [fileURLToPath(new URL('./render-entry.ts', import.meta.url))],
    outfile: join(work, 'render.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // Packages are bundled too: loaded from node_modules one by one, Astro's runtime took a second to start.
    banner: { js: "import { createRequire as __threadlineRequire } from 'node:module'; const require = __threadlineRequire(import.meta.url);" },
    define: {
      'import.meta.env.BASE_URL': JSON.stringify(base),
      'import.meta.env.SITE': options.site === undefined ? 'undefined' : JSON.stringify(options.site),
    },
    plugins: [
      {
        name: 'threadline-astro',
        setup(b) {
          b.onLoad({ filter: /\.astro$/ }, async (args) => {
            const compiled = components.get(args.path) ?? (await compileComponent(args.path, runtime));
            // As Astro's Vite plugin does: imports used only as types (props interfaces) are dropped.
            const js = await transform(compiled.code, {
              loader: 'ts',
              sourcefile: args.path,
              tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: false, importsNotUsedAsValues: 'remove' } },
            });
            return { contents: js.code, loader: 'js', resolveDir: dirname(args.path) };
          });
          b.onResolve({ filter: /\.css\?url$/ }, (args) => ({ path: join(args.resolveDir, args.path.slice(0, -'?url'.length)), namespace: 'threadline-css-url' }));
          b.onLoad({ filter: /.*/, namespace: 'threadline-css-url' }, (args) => {
            const url = cssUrls[args.path];
            if (url === undefined) throw new TemplateError(`${args.path}: imported with ?url but not compiled`);
            return { contents: `export default ${JSON.stringify(url)};`, loader: 'js' };
          });
          b.onResolve({ filter: /^threadline:(?:scripts|settings)$/ }, (args) => ({ path: args.path.slice('threadline:'.length), namespace: 'threadline-virtual' }));
          b.onLoad({ filter: /.*/, namespace: 'threadline-virtual' }, (args) => ({
            contents: `export default ${JSON.stringify(args.path === 'scripts' ? scriptUrls : shown)};`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  if (render.errors.length > 0) throw new TemplateError(render.errors.map((e) => e.text).join('\n'));

  // 4. public/ is served as it is.
  const publicDir = join(THREADLINE_ROOT, 'public');
  if (existsSync(publicDir)) await cp(publicDir, assetsDir, { recursive: true });
  const assets: CompiledSite['assets'] = [];
  const stack = [assetsDir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) stack.push(path);
      else assets.push({ path: relative(assetsDir, path).split(sep).join('/'), file: join(dir, 'assets', relative(assetsDir, path)) });
    }
  }
  assets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const compiled: CompiledSite = { key, renderModule: join(dir, 'render.mjs'), assets };
  await writeFile(join(work, 'site.json'), JSON.stringify(compiled));
  // Another build may have compiled the same key meanwhile: either copy is the same.
  await rename(work, dir).catch(async () => rm(work, { recursive: true, force: true }));
  await pruneCompiled('site', dir);
  return compiled;
}
