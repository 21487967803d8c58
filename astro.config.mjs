// The site build. `threadline build` sets THREADLINE_STORE, THREADLINE_OUT and THREADLINE_BASE;
// THREADLINE_SITE; `astro build` alone uses the defaults (.threadline/, dist/, /, no origin).
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  outDir: process.env.THREADLINE_OUT ?? './dist',
  base: process.env.THREADLINE_BASE ?? '/',
  // The public origin, for absolute URLs in sitemap.xml (`threadline build --site https://…`).
  ...(process.env.THREADLINE_SITE ? { site: process.env.THREADLINE_SITE } : {}),
  trailingSlash: 'always',
  // Directory-style pages (`m/<slug>/index.html`) work on every static host.
  build: { format: 'directory', concurrency: 4, inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  // `threadline build` starts Astro while the import still runs: the site compiles meanwhile, and
  // pages wait here, after compiling and before rendering, for the store; while they render, their
  // files are written synchronously (see site-build.ts).
  integrations: [
    {
      name: 'threadline-store',
      hooks: {
        'astro:build:ssr': async () => void (await globalThis[Symbol.for('threadline.pages')]?.start()),
        'astro:build:generated': () => void globalThis[Symbol.for('threadline.pages')]?.done(),
      },
    },
  ],
  // Scripts are never inlined: the Content-Security-Policy allows scripts from the site's own files only.
  // `threadline build` empties the site folder itself and writes raw files and the search index
  // into it while Astro renders pages, so Astro must not empty it again.
  vite: { build: { chunkSizeWarningLimit: 2000, assetsInlineLimit: 0, emptyOutDir: !process.env.THREADLINE_OUT } },
});
