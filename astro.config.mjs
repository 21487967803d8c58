// The site build. `threadline build` sets THREADLINE_STORE, THREADLINE_OUT and THREADLINE_BASE;
// `astro build` alone uses the defaults (.threadline/, dist/, /).
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  outDir: process.env.THREADLINE_OUT ?? './dist',
  base: process.env.THREADLINE_BASE ?? '/',
  trailingSlash: 'always',
  // Directory-style pages (`m/<slug>/index.html`) work on every static host.
  build: { format: 'directory', concurrency: 4, inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  vite: { build: { chunkSizeWarningLimit: 2000 } },
});
