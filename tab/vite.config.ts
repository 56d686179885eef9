import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The Desk tab's build: `npm run build:tab` writes build/tab/, which the server serves under /tab/. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/tab/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../build/tab', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One page, loaded once a day and cached for good: a single large chunk is fine.
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
    rollupOptions: {
      // Fluent UI marks its modules 'use client' for React Server Components; a single-page bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
